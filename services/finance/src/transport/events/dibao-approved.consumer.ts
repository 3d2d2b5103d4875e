import { randomUUID } from 'node:crypto';
import { dibaoApprovedSchema, SUBJECTS } from '@wuhai/contracts';
import type { ConsumerSpec } from '@wuhai/service-kit';
import { monthBefore, obligationsForApproval } from '../../domain/obligation';

/** Records the obligations of an approved dibao case; a redelivered event changes nothing. */
export const dibaoApprovedConsumer: ConsumerSpec<typeof dibaoApprovedSchema> = {
  durable: 'finance-dibao-approved',
  subject: SUBJECTS.dibaoApproved,
  schema: dibaoApprovedSchema,
  async handle(approval, envelope, manager) {
    for (const o of obligationsForApproval(approval)) {
      // a household is paid once per program: an obligation still in force from another case ends
      // the month before this one starts (a re-approval after review replaces the amount)
      await manager.query(
        `UPDATE obligations SET until_month = $4
         WHERE household_id = $1 AND program = $2 AND case_id <> $3 AND until_month IS NULL`,
        [o.householdId, o.program, o.caseId, monthBefore(o.fromMonth)],
      );
      await manager.query(
        `INSERT INTO obligations (id, department, program, household_id, case_id, area, monthly_amount_fen, from_month, source_event_id)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (case_id, program, from_month) DO NOTHING`,
        [randomUUID(), o.department, o.program, o.householdId, o.caseId, o.area, String(o.monthlyAmountFen), o.fromMonth, envelope.id],
      );
    }
  },
};
