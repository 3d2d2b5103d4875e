import type { EntityManager } from 'typeorm';
import { SUBJECTS, type DibaoAdjusted, type Envelope, type HouseholdSnapshot, type PersonDied } from '@wuhai/contracts';
import { enqueueEvent } from '@wuhai/service-kit';
import { adjustmentFromMonth, firstDayOf, householdWithout, yuanOf } from '../domain/dibao-adjustment';
import { monthAfter, type DibaoStatus } from '../domain/dibao-case';
import { CaseEventEntity, DibaoCaseEntity, type DibaoCaseRow } from '../persistence/civil-affairs.entities';
import { adjustCaseInForce } from './case-adjustment';
import { openCaseReview } from './case-reviews';
import { evaluateForAdjustment } from './household-evaluation';

/** The programs an adjustment evaluates: the household's top-up and the members' supplements (City §3). */
/** Who writes an adjustment into a case's history. */
const BY = 'system:member-died';

/** What a death did to the household's cases. */
export interface DeathOutcome {
  /** The adjustments announced (one per approved case in force whose household counted the person). */
  adjusted: DibaoAdjusted[];
  /** Cases whose history got a note only (open cases; an approved case that did not count the person). */
  noted: string[];
}

/**
 * What a member's death does to the dibao cases that pay for them (City §18 "deaths recorded and
 * announced so every department stops what it pays"; City §3; docs/decisions/0013-deaths-and-moves.md),
 * inside the consumer's transaction:
 *
 * - every approved case in force (the newest approved case of its household) whose decided household
 *   (the case's snapshot) counts the person — in the household they died in, or in a household they
 *   had moved out of, whose case still pays for them until a clerk decides: the household without
 *   them is evaluated by the rules (`evaluate`, dibao and supplements) on the first day of the month
 *   after the death (never before the case's first paid month); the case's amount, class, size and
 *   household follow; its history says what changed; `wuhai.civil-affairs.dibao.adjusted.v1`
 *   announces the amount payable from then, with the rules' decision record. The month of the
 *   death is paid in full. No longer eligible, or nobody left: 0 is payable and a review is opened
 *   — the case stays approved, the clerk decides. The rules cannot decide (a missing parameter):
 *   nothing is announced and a review says why.
 * - the open cases of the household the person died in: a note in the history (`verify` and
 *   `approve` read the registry again); its case in force, when it does not count the person: a note.
 *
 * Run once per event (the consumer's inbox); an adjusted case no longer counts the person, so a
 * second run would find nothing to adjust. Each adjustment keeps the decided household as it was
 * before, so that a death revoked later counts the person again (`restoreAfterRevokedDeath`).
 * @param died the registry's `person.died` payload; `envelope` its envelope (correlation, causation)
 */
export async function adjustForDeath(manager: EntityManager, died: PersonDied, envelope: Envelope<PersonDied>): Promise<DeathOutcome> {
  const repo = manager.getRepository(DibaoCaseEntity);
  const outcome: DeathOutcome = { adjusted: [], noted: [] };

  // the household the person died in: its open cases are noted
  const own = await repo.find({ where: { householdId: died.householdId }, order: { createdAt: 'DESC', id: 'DESC' } });
  for (const c of own.filter((x) => x.status !== 'approved' && x.status !== 'refused')) {
    const name = nameIn(c.householdSnapshot as HouseholdSnapshot, died.personId);
    await note(
      manager,
      c,
      `户籍登记${name}于 ${died.deathDate} 死亡；调查核实和审批时按户籍最新成员重新计算 / the registry recorded the death of ${name} on ${died.deathDate}; verification and approval evaluate the household as the registry holds it then`,
    );
    outcome.noted.push(c.id);
  }

  // every case in force whose decided household counts the person, wherever they live now
  const counting = (await manager.query(
    `SELECT DISTINCT household_id FROM dibao_cases
      WHERE status = 'approved' AND household_snapshot->'members' @> $1::jsonb
      ORDER BY household_id`,
    [JSON.stringify([{ id: died.personId }])],
  )) as { household_id: string }[];
  const households = [...new Set([died.householdId, ...counting.map((r) => r.household_id)])];
  for (const householdId of households) {
    const inForce = await repo.findOne({ where: { householdId, status: 'approved' }, order: { createdAt: 'DESC', id: 'DESC' } });
    if (!inForce) continue;
    const snapshot = inForce.householdSnapshot as HouseholdSnapshot;
    const remaining = householdWithout(snapshot, died.personId);
    if (!remaining) {
      // only the household the person died in is told of a death its case does not count
      if (householdId !== died.householdId) continue;
      await note(
        manager,
        inForce,
        `户籍登记成员（${died.personId}）于 ${died.deathDate} 死亡，但其不在本案核定的家庭成员中，月发金额不变 / the registry recorded the death of a person (${died.personId}) the case does not count; the monthly amount is unchanged`,
      );
      outcome.noted.push(inForce.id);
      continue;
    }
    const adjustment = await adjustCase(manager, inForce, remaining, died, envelope);
    if (adjustment) outcome.adjusted.push(adjustment);
    else outcome.noted.push(inForce.id);
  }
  return outcome;
}

/**
 * Adjusts one approved case in force for the death of a member it counts: see {@link adjustForDeath}.
 * @param remaining the case's decided household without the person
 * @returns the adjustment announced, or null when the rules could not decide (a review says why)
 */
async function adjustCase(
  manager: EntityManager,
  inForce: DibaoCaseRow,
  remaining: HouseholdSnapshot,
  died: PersonDied,
  envelope: Envelope<PersonDied>,
): Promise<DibaoAdjusted | null> {
  const snapshot = inForce.householdSnapshot as HouseholdSnapshot;
  const name = nameIn(snapshot, died.personId);
  const fromMonth = adjustmentFromMonth(died.deathDate, inForce.paymentFromMonth ?? monthAfter(died.deathDate));
  const asOf = firstDayOf(fromMonth);
  // the member died before the case's first paid month: not counted from that month on
  const early = fromMonth !== monthAfter(died.deathDate);
  const previous = inForce.monthlyAmountFen;

  let status: DibaoAdjusted['status'];
  let dibaoClass: DibaoAdjusted['dibaoClass'] = null;
  let topUpFen = 0;
  let supplementsFen = 0;
  let clauses: string[] = ['City §3', 'City §18'];
  let record: unknown = null;
  let reasons: string[] = [];
  if (remaining.members.length === 0) {
    status = 'NO_MEMBERS';
  } else {
    const evaluated = evaluateForAdjustment(remaining, asOf);
    record = evaluated.record;
    status = evaluated.status;
    reasons = evaluated.reasons;
    if (status === 'NEEDS_MANUAL_REVIEW') {
      const why = `${name}于 ${died.deathDate} 死亡，重新计算需人工审核（${reasons.join('；')}），月发金额暂未调整 / ${name} died on ${died.deathDate}; the rules could not decide the new amount (${reasons.join('; ')}); the monthly amount is not adjusted until a clerk decides`;
      await note(manager, inForce, why);
      await openCaseReview(manager, { caseId: inForce.id, reason: 'member-died', reasons: [why], openedBy: BY });
      return null;
    }
    ({ dibaoClass, topUpFen, supplementsFen, clauses } = evaluated);
  }
  const adjustment = await adjustCaseInForce(manager, inForce, {
    reason: 'member-died',
    personId: died.personId,
    eventDate: died.deathDate,
    fromMonth,
    asOf,
    household: remaining,
    evaluated: { status, record, dibaoClass, topUpFen, supplementsFen, clauses },
    sourceEventId: envelope.id,
  });
  const { monthlyAmountFen } = adjustment;
  const size = remaining.members.length;

  // the month of the death is paid in full — when the case pays that month at all
  const deathMonth = died.deathDate.slice(0, 7);
  const firstPaid = inForce.paymentFromMonth ?? fromMonth;
  const monthOfDeath =
    deathMonth >= firstPaid
      ? `死亡当月（${deathMonth}）照发 / the month of the death (${deathMonth}) is paid in full`
      : `${name}死亡早于本案首个发放月（${firstPaid}），自首月起即不计入${early ? '，已发放的款项须核实' : ''} / ${name} died before the case's first paid month (${firstPaid}): not counted from that month${early ? '; amounts already paid need checking' : ''}`;
  let sentence: string;
  if (status === 'ELIGIBLE') {
    sentence = `${name}于 ${died.deathDate} 死亡；自 ${fromMonth} 起按 ${size} 人计算，月发 ${yuanOf(monthlyAmountFen)} 元（原 ${yuanOf(previous)} 元）；${monthOfDeath} / ${name} died on ${died.deathDate}; from ${fromMonth} the household of ${size} is paid ${yuanOf(monthlyAmountFen)} yuan a month (was ${yuanOf(previous)})`;
  } else if (status === 'NO_MEMBERS') {
    sentence = `${name}于 ${died.deathDate} 死亡，户内已无在册成员；自 ${fromMonth} 起停发（原月发 ${yuanOf(previous)} 元）；${monthOfDeath} / ${name} died on ${died.deathDate} and nobody is left in the household; payment stops from ${fromMonth} (was ${yuanOf(previous)} yuan a month)`;
  } else {
    sentence = `${name}于 ${died.deathDate} 死亡；按 ${size} 人重新计算已不符合低保条件（${reasons.join('；')}），自 ${fromMonth} 起应发 0 元（原 ${yuanOf(previous)} 元），请审核处理；${monthOfDeath} / ${name} died on ${died.deathDate}; the household of ${size} no longer qualifies for dibao (${reasons.join('; ')}): 0 yuan is payable from ${fromMonth} (was ${yuanOf(previous)}); for a clerk to decide`;
  }
  await manager.getRepository(CaseEventEntity).insert({ caseId: inForce.id, by: BY, action: 'adjust', fromStatus: 'approved', toStatus: 'approved', note: sentence });
  if (status !== 'ELIGIBLE') await openCaseReview(manager, { caseId: inForce.id, reason: 'member-died', reasons: [sentence], openedBy: BY });
  await enqueueEvent(manager, {
    subject: SUBJECTS.dibaoAdjusted,
    source: 'civil-affairs',
    correlationId: envelope.correlationId,
    causationId: envelope.id,
    data: adjustment,
  });
  return adjustment;
}

async function note(manager: EntityManager, c: DibaoCaseRow, text: string): Promise<void> {
  const status = c.status as DibaoStatus;
  await manager.getRepository(CaseEventEntity).insert({ caseId: c.id, by: BY, action: 'note', fromStatus: status, toStatus: status, note: text });
}

/** The member's name as the case knows it (by person id), or a neutral word. */
function nameIn(snapshot: HouseholdSnapshot | null, personId: string): string {
  return snapshot?.members.find((m) => m.id === personId)?.name ?? '家庭成员';
}
