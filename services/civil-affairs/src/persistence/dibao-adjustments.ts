import type { EntityManager } from 'typeorm';
import type { DibaoAdjusted, HouseholdSnapshot } from '@wuhai/contracts';

/**
 * Stores one adjustment of a case in force (`dibao_adjustments`), as announced in `adjustment`:
 * the household size it counts, the decision record (null when the rules made none), the event
 * that caused it and the household as the case counted it before (what a later correction — a
 * revoked death — starts from).
 */
export async function insertDibaoAdjustment(
  manager: EntityManager,
  adjustment: DibaoAdjusted,
  stored: { householdSize: number; decisionRecord: unknown; sourceEventId: string; previousHouseholdSnapshot: HouseholdSnapshot },
): Promise<void> {
  await manager.query(
    `INSERT INTO dibao_adjustments (id, case_id, household_id, reason, person_id, event_date, from_month, status, dibao_class,
       monthly_amount_fen, top_up_fen, supplements_fen, previous_monthly_amount_fen, household_size, decision_record, source_event_id,
       previous_household_snapshot)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)`,
    [
      adjustment.adjustmentId,
      adjustment.caseId,
      adjustment.householdId,
      adjustment.reason,
      adjustment.personId,
      adjustment.eventDate,
      adjustment.fromMonth,
      adjustment.status,
      adjustment.dibaoClass,
      String(adjustment.monthlyAmountFen),
      String(adjustment.topUpFen),
      String(adjustment.supplementsFen),
      String(adjustment.previousMonthlyAmountFen),
      stored.householdSize,
      stored.decisionRecord === null ? null : JSON.stringify(stored.decisionRecord),
      stored.sourceEventId,
      JSON.stringify(stored.previousHouseholdSnapshot),
    ],
  );
}
