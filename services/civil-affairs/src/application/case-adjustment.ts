import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { DibaoAdjusted, HouseholdSnapshot } from '@wuhai/contracts';
import { DibaoCaseEntity, type DibaoCaseRow } from '../persistence/civil-affairs.entities';
import { insertDibaoAdjustment } from '../persistence/dibao-adjustments';
import { evaluateHousehold, type AdjustmentEvaluation } from './household-evaluation';

/** What changed a case in force, and the household it counts from `fromMonth` on. */
export interface CaseAdjustment {
  reason: DibaoAdjusted['reason'];
  personId: string;
  eventDate: string;
  /** `YYYY-MM`: the first month paid at the new amount; `asOf` is its first day. */
  fromMonth: string;
  asOf: string;
  household: HouseholdSnapshot;
  /** The rules' answer for `household` on `asOf`; `NO_MEMBERS` (no record, 0 fen) when nobody is left. */
  evaluated: Omit<AdjustmentEvaluation, 'status' | 'reasons'> & { status: DibaoAdjusted['status'] };
  /** The event that caused the adjustment (its envelope id). */
  sourceEventId: string;
}

/**
 * Adjusts a case in force: stores the adjustment (with the household the case counted before, what
 * a later correction starts from), and makes the case pay and count what the adjustment says
 * from its first month. The caller writes the case's history and announces the returned
 * `dibao.adjusted` in the same transaction.
 * @returns the `dibao.adjusted` event's data
 */
export async function adjustCaseInForce(manager: EntityManager, c: DibaoCaseRow, change: CaseAdjustment): Promise<DibaoAdjusted> {
  const { evaluated, household } = change;
  const monthlyAmountFen = evaluated.topUpFen + evaluated.supplementsFen;
  const size = household.members.length;
  const adjustment: DibaoAdjusted = {
    adjustmentId: randomUUID(),
    caseId: c.id,
    householdId: c.householdId,
    area: c.area as DibaoAdjusted['area'],
    reason: change.reason,
    personId: change.personId,
    eventDate: change.eventDate,
    fromMonth: change.fromMonth,
    status: evaluated.status,
    dibaoClass: evaluated.dibaoClass,
    monthlyAmountFen,
    topUpFen: evaluated.topUpFen,
    supplementsFen: evaluated.supplementsFen,
    previousMonthlyAmountFen: c.monthlyAmountFen,
    members: household.members.map((m) => m.id),
    clauses: evaluated.clauses,
    evaluation: evaluated.record,
  };
  await insertDibaoAdjustment(manager, adjustment, {
    householdSize: size,
    decisionRecord: evaluated.record,
    sourceEventId: change.sourceEventId,
    previousHouseholdSnapshot: c.householdSnapshot as HouseholdSnapshot,
  });

  // the case follows: what is payable from fromMonth, for whom, as the rules explain it
  c.monthlyAmountFen = monthlyAmountFen;
  c.topUpFen = evaluated.topUpFen;
  c.supplementsFen = evaluated.supplementsFen;
  c.dibaoClass = evaluated.dibaoClass;
  c.householdSize = size;
  c.householdSnapshot = household;
  if (size > 0) c.evaluation = { asOf: change.asOf, ...evaluateHousehold(household, change.asOf).result };
  await manager.getRepository(DibaoCaseEntity).save(c);
  return adjustment;
}
