import type { DibaoApproved } from '@wuhai/contracts';
import { departmentReferrals } from '@wuhai/rules';

/**
 * What the education department must act on when a dibao household is approved, as the rules decide it
 * on the decision date (see packages/rules/src/referrals/education.ts for the clauses).
 */
export function decideEducationReferrals(approval: DibaoApproved) {
  return departmentReferrals('education', approval.household, approval.decidedOn, approval.dibaoClass);
}
