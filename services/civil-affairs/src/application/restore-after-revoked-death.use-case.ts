import type { EntityManager } from 'typeorm';
import { SUBJECTS, type DibaoAdjusted, type Envelope, type HouseholdSnapshot, type PersonDeathRevoked } from '@wuhai/contracts';
import { enqueueEvent } from '@wuhai/service-kit';
import { firstDayOf, yuanOf } from '../domain/dibao-adjustment';
import { CaseEventEntity, DibaoCaseEntity, type DibaoCaseRow } from '../persistence/civil-affairs.entities';
import { adjustCaseInForce } from './case-adjustment';
import { openCaseReview } from './case-reviews';
import { evaluateForAdjustment } from './household-evaluation';

/** The programs a re-evaluation covers, as for a death: the top-up and the supplements (City §3). */
/** Who writes the re-evaluation into a case's history. */
const BY = 'system:death-revoked';

/** What a revoked death did to the cases its death had adjusted. */
export interface RevocationOutcome {
  /** The adjustments announced: the person counted again from the month the death's adjustment began. */
  adjusted: DibaoAdjusted[];
  /** Cases that got a note and a review only (no longer in force, not restorable, or the rules could not decide). */
  reviewed: string[];
}

interface DeathAdjustmentRow {
  id: string;
  case_id: string;
  from_month: string;
  previous_household_snapshot: HouseholdSnapshot | null;
}

/**
 * What the revocation of a death recorded by mistake does to the dibao cases (City §18, City §3;
 * docs/decisions/0013-deaths-and-moves.md), inside the consumer's transaction: for every case the
 * death adjusted (`dibao_adjustments` of reason `member-died` for that person and that day) that is
 * still the approved case in force of its household and does not count the person now, the person
 * is counted again as the case counted them before the death (their member record and medical
 * bills from the snapshot the adjustment kept, at their old place) and the household is evaluated
 * by the rules on the first day of the month the death's adjustment began (`fromMonth`, the month
 * after the revoked death, never before the first paid month); the case's amount, class, size and
 * household follow, its history says what changed, `wuhai.civil-affairs.dibao.adjusted.v1`
 * (reason `death-revoked`) announces the amount payable from that month, and a review
 * (`death-revoked`) puts the case in front of a clerk. Months before that month are not touched and
 * no arrears are computed. A case that is no longer in force, or whose adjustment kept no snapshot,
 * or that the rules cannot decide: a note and a review, nothing announced.
 *
 * Idempotent: the inbox handles an event once; a case that counts the person again, or whose death
 * adjustment has a revocation adjustment already, is left alone.
 * @param revoked the registry's `person.death-revoked` payload; `envelope` its envelope
 */
export async function restoreAfterRevokedDeath(manager: EntityManager, revoked: PersonDeathRevoked, envelope: Envelope<PersonDeathRevoked>): Promise<RevocationOutcome> {
  const outcome: RevocationOutcome = { adjusted: [], reviewed: [] };
  const rows = (await manager.query(
    `SELECT a.id, a.case_id, a.from_month, a.previous_household_snapshot FROM dibao_adjustments a
      WHERE a.reason = 'member-died' AND a.person_id = $1 AND a.event_date = $2
        AND NOT EXISTS (SELECT 1 FROM dibao_adjustments r
                         WHERE r.reason = 'death-revoked' AND r.case_id = a.case_id AND r.person_id = a.person_id AND r.event_date = a.event_date)
      ORDER BY a.created_at, a.id`,
    [revoked.personId, revoked.deathDate],
  )) as DeathAdjustmentRow[];
  const repo = manager.getRepository(DibaoCaseEntity);
  for (const row of rows) {
    const c = await repo.findOneByOrFail({ id: row.case_id });
    const snapshot = c.householdSnapshot as HouseholdSnapshot;
    if (snapshot.members.some((m) => m.id === revoked.personId)) continue;
    const previous = row.previous_household_snapshot;
    const member = previous?.members.find((m) => m.id === revoked.personId);
    const inForce = await repo.findOne({ where: { householdId: c.householdId, status: 'approved' }, order: { createdAt: 'DESC', id: 'DESC' } });
    const name = member?.name ?? '家庭成员';
    const revokedSentence = `户籍登记撤销了${name}于 ${revoked.deathDate} 的死亡登记（${revoked.reason}）/ the registry revoked the death of ${name} recorded on ${revoked.deathDate} (${revoked.reason})`;
    if (c.status !== 'approved' || inForce?.id !== c.id || !previous || !member) {
      const why = `${revokedSentence}；本案未自动恢复，请核实 / the case was not restored automatically; for a clerk to check`;
      await note(manager, c, why);
      await openCaseReview(manager, { caseId: c.id, reason: 'death-revoked', reasons: [why], openedBy: BY });
      outcome.reviewed.push(c.id);
      continue;
    }
    const restored = withMemberBack(snapshot, previous, revoked.personId);
    const adjustment = await reevaluate(manager, c, restored, row.from_month, name, revokedSentence, revoked, envelope);
    if (adjustment) outcome.adjusted.push(adjustment);
    else outcome.reviewed.push(c.id);
  }
  return outcome;
}

/**
 * The case's decided household with the person back: their member record and medical bills from
 * `previous` (the household before the death's adjustment), in the order `previous` had.
 */
export function withMemberBack(current: HouseholdSnapshot, previous: HouseholdSnapshot, personId: string): HouseholdSnapshot {
  const order = new Map(previous.members.map((m, i) => [m.id, i]));
  const back = previous.members.find((m) => m.id === personId)!;
  const members = [...current.members, back].map((m, i) => ({ m, key: order.get(m.id) ?? previous.members.length + i })).sort((a, b) => a.key - b.key);
  return {
    ...current,
    members: members.map((x) => x.m),
    medicalBills: [...(current.medicalBills ?? []), ...(previous.medicalBills ?? []).filter((b) => b.memberId === personId)],
  };
}

async function reevaluate(
  manager: EntityManager,
  c: DibaoCaseRow,
  restored: HouseholdSnapshot,
  fromMonth: string,
  name: string,
  revokedSentence: string,
  revoked: PersonDeathRevoked,
  envelope: Envelope<PersonDeathRevoked>,
): Promise<DibaoAdjusted | null> {
  const asOf = firstDayOf(fromMonth);
  const previousFen = c.monthlyAmountFen;
  const { status, record, reasons, dibaoClass, topUpFen, supplementsFen, clauses } = evaluateForAdjustment(restored, asOf);
  if (status === 'NEEDS_MANUAL_REVIEW') {
    const why = `${revokedSentence}；按 ${restored.members.length} 人重新计算需人工审核（${reasons.join('；')}），月发金额暂未调整 / the rules could not decide the amount for the household of ${restored.members.length} (${reasons.join('; ')}); not adjusted until a clerk decides`;
    await note(manager, c, why);
    await openCaseReview(manager, { caseId: c.id, reason: 'death-revoked', reasons: [why], openedBy: BY });
    return null;
  }
  const adjustment = await adjustCaseInForce(manager, c, {
    reason: 'death-revoked',
    personId: revoked.personId,
    eventDate: revoked.deathDate,
    fromMonth,
    asOf,
    household: restored,
    evaluated: { status, record, dibaoClass, topUpFen, supplementsFen, clauses },
    sourceEventId: envelope.id,
  });
  const { monthlyAmountFen } = adjustment;
  const size = restored.members.length;

  const sentence = status === 'ELIGIBLE'
    ? `${revokedSentence}；自 ${fromMonth} 起按 ${size} 人计算，月发 ${yuanOf(monthlyAmountFen)} 元（调整后为 ${yuanOf(previousFen)} 元）；此前已按调整后金额发放的月份不补发，请核实 / from ${fromMonth} the household of ${size} is paid ${yuanOf(monthlyAmountFen)} yuan a month again (was ${yuanOf(previousFen)} after the death); months already paid at that amount are not made up here, for a clerk to check`
    : `${revokedSentence}；按 ${size} 人重新计算不符合低保条件（${reasons.join('；')}），自 ${fromMonth} 起应发 0 元，请审核处理 / the household of ${size} does not qualify for dibao (${reasons.join('; ')}): 0 yuan is payable from ${fromMonth}; for a clerk to decide`;
  await manager.getRepository(CaseEventEntity).insert({ caseId: c.id, by: BY, action: 'adjust', fromStatus: 'approved', toStatus: 'approved', note: sentence });
  await openCaseReview(manager, { caseId: c.id, reason: 'death-revoked', reasons: [sentence], openedBy: BY });
  await enqueueEvent(manager, { subject: SUBJECTS.dibaoAdjusted, source: 'civil-affairs', correlationId: envelope.correlationId, causationId: envelope.id, data: adjustment });
  return adjustment;
}

async function note(manager: EntityManager, c: DibaoCaseRow, text: string): Promise<void> {
  await manager.getRepository(CaseEventEntity).insert({ caseId: c.id, by: BY, action: 'note', fromStatus: c.status, toStatus: c.status, note: text });
}
