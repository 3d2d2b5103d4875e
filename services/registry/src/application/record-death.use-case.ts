import type { DataSource, EntityManager } from 'typeorm';
import { DomainError, SUBJECTS, type PersonDied, type RecordDeathRequestMsg, type RecordDeathResponseMsg } from '@wuhai/contracts';
import { cityDate, enqueueEvent, requireDepartment, type Caller, type Clock } from '@wuhai/service-kit';
import { checkDeath, headAfterLeaving, type MemberRef } from '../domain/household-lifecycle';
import { invalidDeath, personDeceased, personIdNotFound } from '../domain/household-lifecycle.errors';
import { HouseholdChangeEntity, HouseholdEntity, PersonEntity, type HouseholdRow, type PersonRow } from '../persistence/registry.entities';
import { getHousehold } from './read-household.use-case';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Records a death (City §18: "deaths recorded and announced so every department stops what it
 * pays"). In one transaction: the person is marked deceased with the day, who reported it and the
 * household they belonged to (never deleted); they leave the household's current members; when
 * they were the head, the member the clerk named becomes head; each change is kept in the
 * household's history (who, when, old, new), the household's version goes up, and
 * `wuhai.registry.person.died.v1` and `wuhai.registry.household.changed.v1` are written to the
 * outbox. Anything invalid changes nothing.
 * @throws DomainError `REGISTRY.PERSON_NOT_FOUND`, `REGISTRY.PERSON_DECEASED` (precondition: recorded
 *   already), `VALIDATION.INVALID_DEATH` (fields `deathDate` — not a date, in the future, before
 *   the birth, before the person moved into their household —, `source`, `note`), `REGISTRY.NEW_HEAD_REQUIRED` / `REGISTRY.NOT_A_MEMBER` /
 *   `REGISTRY.NEW_HEAD_NOT_EXPECTED` (field `newHeadPersonId`), `AUTH.WRONG_DEPARTMENT`
 */
export async function recordDeath(
  deps: { ds: DataSource; clock: Clock; kickOutbox(): void },
  request: RecordDeathRequestMsg,
  caller: Caller,
  correlationId: string,
): Promise<RecordDeathResponseMsg> {
  requireDepartment(caller, 'registry', 'civil-affairs');
  if (!UUID.test(request.personId)) throw personIdNotFound(request.personId);
  const today = cityDate(deps.clock.now());

  const householdId = await deps.ds.transaction(async (manager) => {
    const { person, households } = await lockPersonAndHouseholds(manager, request.personId, []);
    const joined = await joinedOn(manager, person.id, person.householdId!);
    const fields = checkDeath({ deathDate: request.deathDate, source: request.source, note: request.note }, person.birthDate, today, joined);
    if (fields.length) throw invalidDeath(fields);

    const hid = person.householdId!;
    const h = households.get(hid)!;
    const members = await membersOf(manager, hid);
    const leaving = members.find((m) => m.personId === person.id)!;
    const newHead = headAfterLeaving(members, leaving, request.newHeadPersonId);

    await manager.getRepository(PersonEntity).update(
      { id: person.id },
      {
        householdId: null,
        lastHouseholdId: hid,
        deathDate: request.deathDate,
        deathSource: request.source,
        deathNote: request.note.trim(),
        deathRecordedAt: new Date(),
        deathRecordedBy: caller.username,
      },
    );
    const changes = [
      {
        field: `members.${person.id}.deceased`,
        oldValue: { name: person.name, relation: person.relation },
        newValue: { deathDate: request.deathDate, source: request.source, note: request.note.trim() },
      },
    ];
    if (newHead) {
      await manager.getRepository(PersonEntity).update({ id: newHead.personId }, { relation: 'head' });
      changes.push({ field: `members.${newHead.personId}.relation`, oldValue: newHead.relation as never, newValue: 'head' as never });
    }
    const version = h.version + 1;
    await manager.getRepository(HouseholdEntity).update({ id: hid }, { version });
    await manager
      .getRepository(HouseholdChangeEntity)
      .insert(changes.map((c) => ({ householdId: hid, by: caller.username, field: c.field, oldValue: c.oldValue as object, newValue: c.newValue as object })));

    const died: PersonDied = {
      personId: person.id,
      householdId: hid,
      deathDate: request.deathDate,
      source: request.source,
      wasHead: leaving.relation === 'head',
      newHeadPersonId: newHead?.personId ?? null,
      remainingPersonIds: members.filter((m) => m.personId !== person.id).map((m) => m.personId),
      recordedBy: caller.username,
    };
    await enqueueEvent(manager, { subject: SUBJECTS.personDied, source: 'registry', correlationId, data: died });
    await enqueueEvent(manager, {
      subject: SUBJECTS.householdChanged,
      source: 'registry',
      correlationId,
      data: { householdId: hid, version, fields: changes.map((c) => c.field), changedBy: caller.username },
    });
    return hid;
  });
  deps.kickOutbox();
  return { personId: request.personId, householdId, deathDate: request.deathDate, household: await getHousehold(deps.ds, householdId) };
}

/**
 * Locks, for the rest of the transaction, the households of a change — the living person's
 * household and `others` (ids that exist or not), in id order — and then the person's row: the
 * order `UpdateHousehold` takes its locks in too (household, then its persons), so the two never
 * deadlock. A person who changed household between the first read and the locks is a conflict.
 * @returns the person and the households found, by id
 * @throws DomainError `REGISTRY.PERSON_NOT_FOUND`, `REGISTRY.PERSON_DECEASED`, `REGISTRY.VERSION_CONFLICT`
 */
export async function lockPersonAndHouseholds(
  manager: EntityManager,
  personId: string,
  others: string[],
): Promise<{ person: PersonRow; households: Map<string, HouseholdRow> }> {
  const first = await manager.getRepository(PersonEntity).findOneBy({ id: personId });
  if (!first) throw personIdNotFound(personId);
  if (first.deathDate) throw personDeceased(first.name, first.deathDate);
  const ids = [...new Set([first.householdId!, ...others])].sort();
  const rows = await manager
    .getRepository(HouseholdEntity)
    .createQueryBuilder('h')
    .setLock('pessimistic_write')
    .where('h.id IN (:...ids)', { ids })
    .orderBy('h.id')
    .getMany();
  const person = await manager.getRepository(PersonEntity).createQueryBuilder('p').setLock('pessimistic_write').where('p.id = :id', { id: personId }).getOneOrFail();
  if (person.deathDate) throw personDeceased(person.name, person.deathDate);
  if (person.householdId !== first.householdId) {
    throw new DomainError('REGISTRY.VERSION_CONFLICT', 'precondition', '此人的户籍刚被他人修改，请刷新后重试', "the person's household was just changed by someone else; reload and retry");
  }
  return { person, households: new Map(rows.map((h) => [h.id, h])) };
}

/**
 * The day a person moved into their current household: the `movedOn` of the newest
 * `members.<id>.movedIn` entry of that household's history; null when they have been a member
 * since the household was registered (no move recorded). A death or a later move is not dated
 * before it (decision 0013).
 */
export async function joinedOn(manager: EntityManager, personId: string, householdId: string): Promise<string | null> {
  const rows = (await manager.query(
    `SELECT new_value->>'movedOn' AS moved_on FROM household_changes
      WHERE household_id = $1 AND field = $2 ORDER BY id DESC LIMIT 1`,
    [householdId, `members.${personId}.movedIn`],
  )) as { moved_on: string | null }[];
  return rows[0]?.moved_on ?? null;
}

/** The current members of a household, in their order. */
export async function membersOf(manager: EntityManager, householdId: string): Promise<(MemberRef & { position: number })[]> {
  const rows = await manager.getRepository(PersonEntity).find({ where: { householdId }, order: { position: 'ASC' } });
  return rows.map((p) => ({ personId: p.id, name: p.name, relation: p.relation, position: p.position }));
}
