import { randomUUID } from 'node:crypto';
import { dibaoApprovedSchema, SUBJECTS } from '@wuhai/contracts';
import type { ConsumerSpec } from '@wuhai/service-kit';
import { obligationsForApproval } from '../../domain/obligation';

/** Records the obligations of an approved dibao case; a redelivered event changes nothing. */
export const dibaoApprovedConsumer: ConsumerSpec<typeof dibaoApprovedSchema> = {
  durable: 'finance-dibao-approved',
  subject: SUBJECTS.dibaoApproved,
  schema: dibaoApprovedSchema,
  async handle(approval, envelope, manager) {
    for (const o of obligationsForApproval(approval)) {
      await manager.query(
        `INSERT INTO obligations (id, department, program, household_id, case_id, area, monthly_amount_fen, from_month, source_event_id)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (case_id, program) DO NOTHING`,
        [randomUUID(), o.department, o.program, o.householdId, o.caseId, o.area, String(o.monthlyAmountFen), o.fromMonth, envelope.id],
      );
    }
  },
};
