import type { DataSource, EntityManager } from 'typeorm';
import { isCalendarDate, type AuthorisationStateMsg } from '@wuhai/contracts';
import { cityDate, requireDepartment, type Caller, type Clock } from '@wuhai/service-kit';
import { authorisationStatus, type AuthorisationStatus, type AuthorisingMember, type Signature } from '../domain/authorisation.rules';
import { householdNotFound } from '../domain/registry.errors';
import { badSigningDate, notMembers, signedBeforeBirth } from '../domain/verification.errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Records that members of a household signed the authorisation to verify (MCA-2012; DOMAIN.md
 * "verify only with authorisation") on `signedAt`, one row per member, and answers the household's
 * authorisation state today: which adult members (18 or older today) have signed, which have not.
 * A member may sign again; the newest signature counts.
 * @throws DomainError `AUTH.WRONG_DEPARTMENT` (forbidden) unless registry or civil-affairs staff;
 *   `VALIDATION.DATE` / `VERIFICATION.SIGNED_IN_FUTURE` / `VERIFICATION.SIGNED_BEFORE_BIRTH` (a signer
 *   was born after `signedAt`, each named) (invalid, field `signedAt`);
 *   `REGISTRY.HOUSEHOLD_NOT_FOUND`; `VERIFICATION.NOT_A_MEMBER` (invalid) naming each person id
 *   that is not a member of the household (`personIds.<i>`) — nothing is recorded then
 */
export async function recordAuthorisation(
  deps: { ds: DataSource; clock: Clock },
  request: { householdId: string; personIds: string[]; signedAt: string },
  caller: Caller,
): Promise<AuthorisationStateMsg> {
  requireDepartment(caller, 'registry', 'civil-affairs');
  const today = cityDate(deps.clock.now());
  if (!isCalendarDate(request.signedAt) || request.signedAt > today) throw badSigningDate(request.signedAt, today);
  if (!UUID.test(request.householdId)) throw householdNotFound(request.householdId);

  return deps.ds.transaction(async (manager) => {
    const [household] = (await manager.query('SELECT id FROM households WHERE id = $1 FOR SHARE', [request.householdId])) as { id: string }[];
    if (!household) throw householdNotFound(request.householdId);
    const members = await membersOf(manager, request.householdId);
    const memberIds = new Set(members.map((m) => m.personId));
    const strangers = request.personIds.map((personId, index) => ({ personId, index })).filter((p) => !memberIds.has(p.personId.toLowerCase()));
    if (strangers.length) throw notMembers(strangers);
    const personIds = [...new Set(request.personIds.map((p) => p.toLowerCase()))];
    const unborn = members.filter((m) => personIds.includes(m.personId) && request.signedAt < m.birthDate);
    if (unborn.length) throw signedBeforeBirth(request.signedAt, unborn);
    const recorded = (await manager.query(
      `INSERT INTO verification_authorisations (household_id, person_id, signed_at, recorded_by)
       SELECT $1, person_id, $3, $4 FROM unnest($2::uuid[]) WITH ORDINALITY AS t(person_id, n) ORDER BY n
       RETURNING id::text AS id`,
      [request.householdId, personIds, request.signedAt, caller.username],
    )) as { id: string }[];
    const status = authorisationStatus(members, await signaturesOf(manager, request.householdId), today);
    return toStateMsg(request.householdId, status, recorded.map((r) => r.id));
  });
}

/** The household's members in household order, as the authorisation rules need them. */
export async function membersOf(manager: EntityManager, householdId: string): Promise<(AuthorisingMember & { idNumber: string; monthlyIncomeFen: number })[]> {
  const rows = (await manager.query(
    `SELECT id, id_number, name, birth_date::text AS birth_date, monthly_income_fen::text AS income
       FROM persons WHERE household_id = $1 ORDER BY position, id`,
    [householdId],
  )) as { id: string; id_number: string; name: string; birth_date: string; income: string }[];
  return rows.map((r) => {
    const income = Number(r.income);
    if (!Number.isSafeInteger(income)) throw new Error(`monthly income of person ${r.id} is not a safe integer`);
    return { personId: r.id, idNumber: r.id_number, name: r.name, birthDate: r.birth_date, monthlyIncomeFen: income };
  });
}

/** Every recorded signature of the household. */
export async function signaturesOf(manager: EntityManager, householdId: string): Promise<Signature[]> {
  const rows = (await manager.query(
    'SELECT id::text AS id, person_id, signed_at::text AS signed_at FROM verification_authorisations WHERE household_id = $1',
    [householdId],
  )) as { id: string; person_id: string; signed_at: string }[];
  return rows.map((r) => ({ id: r.id, personId: r.person_id, signedAt: r.signed_at }));
}

function toStateMsg(householdId: string, s: AuthorisationStatus, recordedIds: string[]): AuthorisationStateMsg {
  return { householdId, asOf: s.asOf, complete: s.complete, signed: s.signed, missing: s.missing, recordedIds };
}
