import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  DomainError,
  fromHouseholdFieldsMsg,
  SUBJECTS,
  type FieldError,
  type HouseholdSplitSuspected,
  type MovePersonRequestMsg,
  type MovePersonResponseMsg,
  type NewHouseholdMsg,
  type PersonMoved,
} from '@wuhai/contracts';
import { cityDate, enqueueEvent, requireDepartment, type Caller, type Clock } from '@wuhai/service-kit';
import {
  checkMove,
  checkNewHousehold,
  headAfterLeaving,
  relationOnArrival,
  sameAddress,
  splitNote,
  type NewHouseholdFacts,
} from '../domain/household-lifecycle';
import { alreadyMember, invalidMove, personIdNotFound, targetHouseholdNotFound } from '../domain/household-lifecycle.errors';
import { householdNoTaken } from '../domain/registry.errors';
import { HouseholdChangeEntity, HouseholdEntity, PersonEntity, type HouseholdRow } from '../persistence/registry.entities';
import { joinedOn, lockPersonAndHouseholds, membersOf } from './record-death.use-case';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Moves a person to another household, or to a new household they found, in one transaction (City
 * §18: "one person in one household at a time; a move is a recorded change"). Their membership of
 * the household left ends and the other begins at once; each household's history records it (who,
 * when, old, new) and its version goes up; when the head leaves and others stay, the member the
 * clerk named becomes head. Announced in the same transaction: `wuhai.registry.person.moved.v1`,
 * `household.changed` for both households, `household.registered` for a new one.
 *
 * A new household at the street and (normalised) address of the household left is flagged as a
 * possible split household — a stored flag naming both households, listed by `ListDuplicates`
 * (`possible-split-household`) and announced (`wuhai.registry.household.split-suspected.v1`).
 * The registry states the fact; civil affairs decides.
 * @throws DomainError `REGISTRY.PERSON_NOT_FOUND`, `REGISTRY.PERSON_DECEASED`,
 *   `VALIDATION.INVALID_MOVE` (fields `movedOn` — not a date, in the future, before the birth,
 *   before the person moved into the household they leave —, `note`, `relation`, `toHouseholdId` /
 *   `newHousehold.*`), `REGISTRY.HOUSEHOLD_NOT_FOUND` (`toHouseholdId`), `REGISTRY.ALREADY_A_MEMBER`,
 *   `REGISTRY.HOUSEHOLD_NO_TAKEN`, the head errors of `headAfterLeaving`, `AUTH.WRONG_DEPARTMENT`
 */
export async function movePerson(
  deps: { ds: DataSource; clock: Clock; kickOutbox(): void },
  request: MovePersonRequestMsg,
  caller: Caller,
  correlationId: string,
): Promise<MovePersonResponseMsg> {
  requireDepartment(caller, 'registry', 'civil-affairs');
  if (!UUID.test(request.personId)) throw personIdNotFound(request.personId);
  const today = cityDate(deps.clock.now());
  const toId = request.toHouseholdId.trim();
  const target: FieldError[] = [];
  if (toId && request.newHousehold) {
    target.push({ path: 'toHouseholdId', code: 'VALIDATION.ONE_TARGET', message: '迁入现有户或另立新户，只能选其一 / give either toHouseholdId or newHousehold, not both' });
  } else if (!toId && !request.newHousehold) {
    target.push({ path: 'toHouseholdId', code: 'VALIDATION.REQUIRED', message: '须指定迁入的户或新立户信息 / give toHouseholdId or newHousehold' });
  } else if (toId && !UUID.test(toId)) {
    throw targetHouseholdNotFound(toId);
  }

  const result = await deps.ds.transaction(async (manager) => {
    const { person, households } = await lockPersonAndHouseholds(manager, request.personId, toId && !target.length ? [toId] : []);
    const fromId = person.householdId!;
    const from = households.get(fromId)!;
    const joined = await joinedOn(manager, person.id, fromId);
    const fields = [...target, ...checkMove({ movedOn: request.movedOn, note: request.note }, person.birthDate, today, joined)];
    let fresh: NewHouseholdFacts | undefined;
    let to: HouseholdRow | undefined;
    if (!target.length && request.newHousehold) {
      const checked = checkNewHousehold(newHouseholdInput(request.newHousehold, from));
      if (checked.ok) fresh = checked.facts;
      else fields.push(...checked.fields);
    } else if (!target.length) {
      to = households.get(toId);
      if (!to) throw targetHouseholdNotFound(toId);
      if (to.id === fromId) throw alreadyMember(person.name, from.householdNo);
    }
    const toMembers = to ? await membersOf(manager, to.id) : [];
    const arrival = relationOnArrival(request.relation, { isNew: Boolean(fresh) || !to, hasHead: toMembers.some((m) => m.relation === 'head') });
    if ('fields' in arrival) fields.push(...arrival.fields);
    if (fields.length) throw invalidMove(fields);
    const relation = (arrival as { relation: string }).relation;

    const fromMembers = await membersOf(manager, fromId);
    const leaving = fromMembers.find((m) => m.personId === person.id)!;
    const newHead = headAfterLeaving(fromMembers, leaving, request.newHeadPersonId);
    const note = request.note.trim();

    // the household moved to: an existing one, or the new one (registered here, as RegisterHousehold does)
    const toHousehold = to ?? (await insertNewHousehold(manager, fresh!));
    const position = toMembers.length ? Math.max(...toMembers.map((m) => m.position)) + 1 : 0;
    await manager.getRepository(PersonEntity).update({ id: person.id }, { householdId: toHousehold.id, relation, position });
    if (newHead) await manager.getRepository(PersonEntity).update({ id: newHead.personId }, { relation: 'head' });

    // both histories: who, when, old and new value
    const fromChanges: { field: string; oldValue: unknown; newValue: unknown }[] = [
      {
        field: `members.${person.id}.movedOut`,
        oldValue: { name: person.name, relation: person.relation },
        newValue: { toHouseholdId: toHousehold.id, toHouseholdNo: toHousehold.householdNo, movedOn: request.movedOn, note },
      },
    ];
    if (newHead) fromChanges.push({ field: `members.${newHead.personId}.relation`, oldValue: newHead.relation, newValue: 'head' });
    const toChanges: { field: string; oldValue: unknown; newValue: unknown }[] = [];
    if (!to) {
      toChanges.push({
        field: 'household',
        oldValue: null,
        newValue: { registered: true, members: 1, area: toHousehold.area, street: toHousehold.street, foundedBy: person.id },
      });
    }
    toChanges.push({
      field: `members.${person.id}.movedIn`,
      oldValue: { fromHouseholdId: fromId, fromHouseholdNo: from.householdNo, relation: person.relation },
      newValue: { name: person.name, relation, movedOn: request.movedOn, note },
    });
    const fromVersion = from.version + 1;
    const toVersion = to ? to.version + 1 : 1;
    await manager.getRepository(HouseholdEntity).update({ id: fromId }, { version: fromVersion });
    if (to) await manager.getRepository(HouseholdEntity).update({ id: to.id }, { version: toVersion });
    const record = (householdId: string, cs: typeof fromChanges) =>
      manager
        .getRepository(HouseholdChangeEntity)
        .insert(cs.map((c) => ({ householdId, by: caller.username, field: c.field, oldValue: c.oldValue as object, newValue: c.newValue as object })));
    await record(fromId, fromChanges);
    await record(toHousehold.id, toChanges);

    // a new household at the address of the one left: possibly one family registered as two
    let split: MovePersonResponseMsg['splitSuspected'] = null;
    if (!to && sameAddress(from, toHousehold)) {
      const flagId = randomUUID();
      const flagNote = splitNote(person.name, from.householdNo, toHousehold.householdNo);
      await manager.query(
        `INSERT INTO household_flags (id, kind, household_id, other_household_id, person_id, raised_by, note)
         VALUES ($1, 'possible-split-household', $2, $3, $4, $5, $6)`,
        [flagId, toHousehold.id, fromId, person.id, caller.username, flagNote],
      );
      split = { id: flagId, householdId: toHousehold.id, otherHouseholdId: fromId, note: flagNote };
    }

    const moved: PersonMoved = {
      personId: person.id,
      fromHouseholdId: fromId,
      toHouseholdId: toHousehold.id,
      movedOn: request.movedOn,
      relation,
      newHousehold: !to,
      newHeadPersonId: newHead?.personId ?? null,
      remainingPersonIds: fromMembers.filter((m) => m.personId !== person.id).map((m) => m.personId),
      movedBy: caller.username,
    };
    if (!to) {
      await enqueueEvent(manager, {
        subject: SUBJECTS.householdRegistered,
        source: 'registry',
        correlationId,
        data: { householdId: toHousehold.id, area: toHousehold.area, hukou: toHousehold.hukou, street: toHousehold.street, personIds: [person.id] },
      });
    }
    await enqueueEvent(manager, { subject: SUBJECTS.personMoved, source: 'registry', correlationId, data: moved });
    await enqueueEvent(manager, {
      subject: SUBJECTS.householdChanged,
      source: 'registry',
      correlationId,
      data: { householdId: fromId, version: fromVersion, fields: fromChanges.map((c) => c.field), changedBy: caller.username },
    });
    await enqueueEvent(manager, {
      subject: SUBJECTS.householdChanged,
      source: 'registry',
      correlationId,
      data: { householdId: toHousehold.id, version: toVersion, fields: toChanges.map((c) => c.field), changedBy: caller.username },
    });
    if (split) {
      const suspected: HouseholdSplitSuspected = { flagId: split.id, householdId: split.householdId, otherHouseholdId: split.otherHouseholdId, personId: person.id, raisedBy: caller.username };
      await enqueueEvent(manager, { subject: SUBJECTS.householdSplitSuspected, source: 'registry', correlationId, data: suspected });
    }
    return {
      personId: person.id,
      fromHouseholdId: fromId,
      toHouseholdId: toHousehold.id,
      toHouseholdNo: toHousehold.householdNo,
      newHousehold: !to,
      splitSuspected: split,
    };
  });
  deps.kickOutbox();
  return result;
}

/** The new household's facts as plain values: "" and absent fields take the household left's area and hukou, or none. */
function newHouseholdInput(n: NewHouseholdMsg, from: HouseholdRow): unknown {
  return {
    street: n.street,
    address: n.address,
    householdNo: n.householdNo ?? '',
    ...fromHouseholdFieldsMsg(n),
    area: n.area || from.area,
    hukou: n.hukou || from.hukou,
  };
}

/** Inserts the household a person founds (version 1, the booklet number given or the next one). */
async function insertNewHousehold(manager: EntityManager, f: NewHouseholdFacts): Promise<HouseholdRow> {
  const id = randomUUID();
  const householdNo = f.householdNo || `${f.area}-${(await manager.query("SELECT nextval('household_no_seq') AS n"))[0].n as string}`;
  const row = {
    id,
    householdNo,
    area: f.area,
    hukou: f.hukou,
    street: f.street,
    address: f.address,
    livingAreaM2: f.livingAreaM2,
    homeOwned: f.homeOwned,
    houseDangerGrade: f.houseDangerGrade,
    financialFen: f.assets.financialFen,
    vehicles: f.assets.vehicles,
    disabilityVehicles: f.assets.disabilityVehicles,
    residences: f.assets.residences,
    businessCapitalFen: f.assets.businessCapitalFen,
    familyPlanning: f.familyPlanning,
    version: 1,
  };
  try {
    await manager.getRepository(HouseholdEntity).insert(row);
  } catch (err) {
    // households.household_no is unique: the booklet number is registered already
    if ((err as { code?: string }).code === '23505') {
      const taken = householdNoTaken();
      throw new DomainError(taken.code, taken.kind, taken.zh, taken.en, taken.fields.map((f) => ({ ...f, path: 'newHousehold.householdNo' })));
    }
    throw err;
  }
  return { ...row, createdAt: new Date(), updatedAt: new Date() };
}
