import type { DibaoApproved } from '@wuhai/contracts';
import { departmentReferrals } from '@wuhai/rules';

/**
 * What the disability department must act on when a dibao household is approved, as the rules decide it
 * on the decision date (see packages/rules/src/referrals/disability.ts for the clauses).
 */
export function decideDisabilityReferrals(approval: DibaoApproved) {
  return departmentReferrals('disability', approval.household, approval.decidedOn, approval.dibaoClass);
}
