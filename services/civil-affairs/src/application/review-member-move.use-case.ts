import type { EntityManager } from 'typeorm';
import { maskIdNumber, maskName, type HouseholdSnapshot, type PersonMoved, type TypedClient } from '@wuhai/contracts';
import { signStaffToken, type Caller } from '@wuhai/service-kit';
import { DibaoCaseEntity, type DibaoCaseRow } from '../persistence/civil-affairs.entities';
import { openCaseReview } from './case-reviews';

/** The review reason of a member who moved out of or into a paid household (label 家庭成员迁移). */
export const MOVE_REVIEW_REASON = 'member-moved';
/** Who opens a move review, in the case's history. */
const BY = 'system:member-moved';

/** Civil affairs reading the registry to name the person and households of a move (never a clerk). */
export const MOVE_REVIEW_CALLER: Caller = {
  staffId: 'civil-affairs.move-reviews',
  username: 'civil-affairs.move-reviews',
  department: 'civil-affairs',
  area: '*',
  role: 'system',
};

/** How a review names the parties of a move: the person masked, each household by number and id. */
export interface MoveParties {
  /** The person's name masked (`王*`), or null when the registry no longer shows them where they went. */
  nameMasked: string | null;
  /** The ID number masked (first 6 + `********` + last 4), or null as above. */
  idNumberMasked: string | null;
  /** Hukou booklet numbers of the households left and joined ('' when unknown). */
  fromHouseholdNo: string;
  toHouseholdNo: string;
}

/** Reads the parties of a move from the registry (as they stand now). */
export type MovePartiesReader = (moved: PersonMoved, correlationId: string) => Promise<MoveParties>;

/**
 * A reader of the parties of a move through the registry's `GetHousehold` (the household joined
 * holds the person; both give their booklet numbers), signed as {@link MOVE_REVIEW_CALLER}.
 * Fails (and the event is delivered again) when the registry cannot be reached.
 * @param registry a registry client; `jwtSecret` the platform's secret to sign the call's token with
 */
export function registryMoveParties(registry: TypedClient<'registry'>, jwtSecret: string): MovePartiesReader {
  return async (moved, correlationId) => {
    const metadata = { authorization: `Bearer ${signStaffToken(MOVE_REVIEW_CALLER, jwtSecret, 300)}`, 'x-correlation-id': correlationId };
    const [to, from] = await Promise.all([
      registry.GetHousehold({ id: moved.toHouseholdId }, { metadata, timeoutMs: 10_000 }),
      registry.GetHousehold({ id: moved.fromHouseholdId }, { metadata, timeoutMs: 10_000 }),
    ]);
    const person = to.facts.members.find((m) => m.personId === moved.personId || m.id === moved.personId);
    return {
      nameMasked: person ? maskName(person.name) : null,
      idNumberMasked: person?.idNumber ? maskIdNumber(person.idNumber) : null,
      fromHouseholdNo: from.householdNo,
      toHouseholdNo: to.householdNo,
    };
  };
}

/**
 * What a move does to paid households (City §18 "one person in one household at a time (a move is
 * a recorded change)"; docs/decisions/0012 and 0013): the household the person left and the
 * household they joined each changed, so the approved dibao case in force of each (its newest
 * approved case) gets a review `member-moved` naming the person (name and ID number masked) and
 * both households, and the day of the move. Nothing else of a case changes — not its status, not
 * its amount: the clerk looks, decides, and resolves the review. Runs in the consumer's
 * transaction; idempotent through the inbox and `openCaseReview` (the same open review is not
 * opened twice). The registry is read only when one of the households has an approved case.
 * @param moved the registry's `person.moved` payload
 * @param readParties names the person and households (the registry in the service; see {@link registryMoveParties})
 * @returns the ids of the cases a review was opened (or found open) on
 */
export async function reviewMemberMove(manager: EntityManager, moved: PersonMoved, readParties: MovePartiesReader, correlationId: string): Promise<string[]> {
  if (moved.fromHouseholdId === moved.toHouseholdId) return [];
  const inForce = async (householdId: string) =>
    (await manager.getRepository(DibaoCaseEntity).find({ where: { householdId, status: 'approved' }, order: { createdAt: 'DESC' }, take: 1 }))[0];
  const left = await inForce(moved.fromHouseholdId);
  const joined = await inForce(moved.toHouseholdId);
  if (!left && !joined) return [];

  const parties = await readParties(moved, correlationId);
  const { zh: who, en: whoEn } = personLabel(moved.personId, parties, [left, joined]);
  const fromZh = householdLabel('zh', parties.fromHouseholdNo, moved.fromHouseholdId);
  const fromEn = householdLabel('en', parties.fromHouseholdNo, moved.fromHouseholdId);
  const toZh = householdLabel('zh', parties.toHouseholdNo, moved.toHouseholdId);
  const toEn = householdLabel('en', parties.toHouseholdNo, moved.toHouseholdId);
  const reviewed: string[] = [];
  if (left) {
    const sentence =
      `本户（${fromZh}）成员${who}于 ${moved.movedOn} 迁出，迁入${moved.newHousehold ? '新立的' : ''}${toZh}；家庭成员已变化，请复核本案的保障人数、收入和金额 / ` +
      `${whoEn} moved out of this household (${fromEn}) on ${moved.movedOn} into ${moved.newHousehold ? 'a new ' : ''}${toEn}: the members changed; check the persons counted, the income and the amount`;
    await openCaseReview(manager, { caseId: left.id, reason: MOVE_REVIEW_REASON, reasons: [sentence], openedBy: BY });
    reviewed.push(left.id);
  }
  if (joined) {
    const sentence =
      `${who}于 ${moved.movedOn} 从${fromZh}迁入本户（${toZh}）；家庭成员已变化，请复核本案的保障人数、收入和金额 / ` +
      `${whoEn} moved into this household (${toEn}) from ${fromEn} on ${moved.movedOn}: the members changed; check the persons counted, the income and the amount`;
    await openCaseReview(manager, { caseId: joined.id, reason: MOVE_REVIEW_REASON, reasons: [sentence], openedBy: BY });
    reviewed.push(joined.id);
  }
  return reviewed;
}

/** The person as a review names them: masked name and ID number; else a case's snapshot name, masked; else the id. */
function personLabel(personId: string, parties: MoveParties, cases: (DibaoCaseRow | undefined)[]): { zh: string; en: string } {
  if (parties.nameMasked) {
    const id = parties.idNumberMasked ? `（身份证号 ${parties.idNumberMasked}）` : '';
    const idEn = parties.idNumberMasked ? ` (ID number ${parties.idNumberMasked})` : '';
    return { zh: `${parties.nameMasked}${id}`, en: `${parties.nameMasked}${idEn}` };
  }
  for (const c of cases) {
    const name = (c?.householdSnapshot as HouseholdSnapshot | null | undefined)?.members.find((m) => m.id === personId)?.name;
    if (name) return { zh: maskName(name), en: maskName(name) };
  }
  return { zh: `成员（${personId}）`, en: `a person (${personId})` };
}

function householdLabel(lang: 'zh' | 'en', householdNo: string, householdId: string): string {
  if (lang === 'zh') return householdNo ? `户号 ${householdNo} 的户（${householdId}）` : `户（${householdId}）`;
  return householdNo ? `household ${householdNo} (${householdId})` : `household ${householdId}`;
}
