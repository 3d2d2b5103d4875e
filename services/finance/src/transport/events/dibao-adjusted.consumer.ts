import { randomUUID } from 'node:crypto';
import { dibaoAdjustedSchema, SUBJECTS } from '@wuhai/contracts';
import type { ConsumerSpec } from '@wuhai/service-kit';
import { DIBAO_PROGRAMS, monthBefore, obligationsForAdjustment } from '../../domain/obligation';

/**
 * Records an adjustment of an approved dibao case (`wuhai.civil-affairs.dibao.adjusted.v1`;
 * docs/decisions/0013-deaths-and-moves.md): the household's dibao obligations in force in
 * `fromMonth` end the month before (the month of the death is paid in full), obligations that would
 * only begin later are replaced before they begin, and the new amounts are owed from `fromMonth`
 * (none when nothing is payable). A redelivered event changes nothing (inbox).
 */
export const dibaoAdjustedConsumer: ConsumerSpec<typeof dibaoAdjustedSchema> = {
  durable: 'finance-dibao-adjusted',
  subject: SUBJECTS.dibaoAdjusted,
  schema: dibaoAdjustedSchema,
  async handle(adjustment, envelope, manager) {
    const programs = [...DIBAO_PROGRAMS];
    // in force before fromMonth and after it: ends with the month before
    await manager.query(
      `UPDATE obligations SET until_month = $4
        WHERE household_id = $1 AND program = ANY($2) AND from_month < $3 AND (until_month IS NULL OR until_month >= $3)`,
      [adjustment.householdId, programs, adjustment.fromMonth, monthBefore(adjustment.fromMonth)],
    );
    // would begin in or after fromMonth: replaced before it begins (its last month precedes its first)
    await manager.query(
      `UPDATE obligations SET until_month = to_char(to_date(from_month, 'YYYY-MM') - interval '1 month', 'YYYY-MM')
        WHERE household_id = $1 AND program = ANY($2) AND from_month >= $3 AND (until_month IS NULL OR until_month >= from_month)`,
      [adjustment.householdId, programs, adjustment.fromMonth],
    );
    for (const o of obligationsForAdjustment(adjustment)) {
      await manager.query(
        `INSERT INTO obligations (id, department, program, household_id, case_id, area, monthly_amount_fen, from_month, source_event_id, adjustment_id)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
         ON CONFLICT (case_id, program, from_month) DO UPDATE
           SET monthly_amount_fen = excluded.monthly_amount_fen, until_month = NULL,
               source_event_id = excluded.source_event_id, adjustment_id = excluded.adjustment_id`,
        [randomUUID(), o.department, o.program, o.householdId, o.caseId, o.area, String(o.monthlyAmountFen), o.fromMonth, envelope.id, o.adjustmentId],
      );
    }
  },
};
