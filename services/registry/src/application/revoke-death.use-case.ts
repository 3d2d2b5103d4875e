import type { DataSource } from 'typeorm';
import { DomainError, LIFECYCLE_NOTE_MAX, SUBJECTS, type PersonDeathRevoked, type RevokeDeathRequestMsg, type RevokeDeathResponseMsg } from '@wuhai/contracts';
import { enqueueEvent, requireDepartment, type Caller, type Clock } from '@wuhai/service-kit';
import { personIdNotFound } from '../domain/household-lifecycle.errors';
import { HouseholdChangeEntity, HouseholdEntity, PersonEntity } from '../persistence/registry.entities';
import { membersOf } from './record-death.use-case';
import { getHousehold } from './read-household.use-case';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The revocation of a person who is not recorded deceased (409). */
export const personNotDeceased = (name: string) =>
  new DomainError('REGISTRY.PERSON_NOT_DECEASED', 'precondition', `${name} 未登记死亡，无可撤销`, `${name} is not recorded as deceased; there is no death to revoke`, [
    { path: 'personId', code: 'REGISTRY.PERSON_NOT_DECEASED', message: `${name} 未登记死亡 / ${name} is not recorded as deceased` },
  ]);

/** A revocation without a reason, or with one too long (400 naming `reason`). */
export const invalidRevocation = (message: string) =>
  new DomainError('VALIDATION.INVALID_REVOCATION', 'invalid', '撤销死亡登记信息有误', 'the revocation is invalid', [{ path: 'reason', code: 'VALIDATION.INVALID_REVOCATION', message }]);

/**
 * Revokes a death recorded by mistake (docs/decisions/0013-deaths-and-moves.md). In one
 * transaction: the person is alive again (the death's day, source, note and recorder cleared) and
 * back in the household they were in when the death was recorded (`last_household_id`), at their
 * old place in its order and with their old relation — `other` when that relation was `head` and
 * the household has a head now (a new head was named meanwhile); `head` again when nobody is left.
 * The household's history keeps `members.<id>.deathRevoked` (old: the death's day, source, note,
 * who recorded it; new: the relation now and the reason) with who and when, and
 * `members.<id>.relation` when the relation changed; the version goes up;
 * `wuhai.registry.person.death-revoked.v1` and `household.changed` are written to the outbox.
 * @throws DomainError `VALIDATION.INVALID_REVOCATION` (field `reason`: missing, blank or over 500
 *   characters), `REGISTRY.PERSON_NOT_FOUND`, `REGISTRY.PERSON_NOT_DECEASED` (precondition),
 *   `AUTH.WRONG_DEPARTMENT`
 */
export async function revokeDeath(
  deps: { ds: DataSource; clock: Clock; kickOutbox(): void },
  request: RevokeDeathRequestMsg,
  caller: Caller,
  correlationId: string,
): Promise<RevokeDeathResponseMsg> {
  requireDepartment(caller, 'registry', 'civil-affairs');
  const reason = request.reason.trim();
  if (!reason) throw invalidRevocation('须说明撤销死亡登记的原因 / reason is required: say why the death is revoked');
  if (reason.length > LIFECYCLE_NOTE_MAX) {
    throw invalidRevocation(`原因不能超过${LIFECYCLE_NOTE_MAX}个字 / the reason is at most ${LIFECYCLE_NOTE_MAX} characters`);
  }
  if (!UUID.test(request.personId)) throw personIdNotFound(request.personId);

  const result = await deps.ds.transaction(async (manager) => {
    const persons = manager.getRepository(PersonEntity);
    const first = await persons.findOneBy({ id: request.personId });
    if (!first) throw personIdNotFound(request.personId);
    if (!first.deathDate || !first.lastHouseholdId) throw personNotDeceased(first.name);
    const hid = first.lastHouseholdId;
    // the household first, then the person: the order every change of the registry locks in
    const h = await manager.getRepository(HouseholdEntity).createQueryBuilder('h').setLock('pessimistic_write').where('h.id = :id', { id: hid }).getOneOrFail();
    const person = await persons.createQueryBuilder('p').setLock('pessimistic_write').where('p.id = :id', { id: request.personId }).getOneOrFail();
    if (!person.deathDate || person.lastHouseholdId !== hid) throw personNotDeceased(person.name);

    const members = await membersOf(manager, hid);
    const hasHead = members.some((m) => m.relation === 'head');
    const previousRelation = person.relation;
    const relation = previousRelation === 'head' && hasHead ? 'other' : members.length === 0 ? 'head' : previousRelation;
    const revoked = { deathDate: person.deathDate, source: person.deathSource ?? null, note: person.deathNote ?? '', recordedBy: person.deathRecordedBy ?? null };

    await persons.update(
      { id: person.id },
      { householdId: hid, relation, deathDate: null, deathSource: null, deathNote: null, deathRecordedAt: null, deathRecordedBy: null },
    );
    const changes: { field: string; oldValue: unknown; newValue: unknown }[] = [
      { field: `members.${person.id}.deathRevoked`, oldValue: revoked, newValue: { name: person.name, relation, reason } },
    ];
    if (relation !== previousRelation) changes.push({ field: `members.${person.id}.relation`, oldValue: previousRelation, newValue: relation });
    const version = h.version + 1;
    await manager.getRepository(HouseholdEntity).update({ id: hid }, { version });
    await manager
      .getRepository(HouseholdChangeEntity)
      .insert(changes.map((c) => ({ householdId: hid, by: caller.username, field: c.field, oldValue: c.oldValue as object, newValue: c.newValue as object })));

    const event: PersonDeathRevoked = { personId: person.id, householdId: hid, deathDate: revoked.deathDate, relation, reason, revokedBy: caller.username };
    await enqueueEvent(manager, { subject: SUBJECTS.personDeathRevoked, source: 'registry', correlationId, data: event });
    await enqueueEvent(manager, {
      subject: SUBJECTS.householdChanged,
      source: 'registry',
      correlationId,
      data: { householdId: hid, version, fields: changes.map((c) => c.field), changedBy: caller.username },
    });
    return { householdId: hid, relation, previousRelation, revokedDeathDate: revoked.deathDate };
  });
  deps.kickOutbox();
  return { personId: request.personId, ...result, household: await getHousehold(deps.ds, result.householdId) };
}
