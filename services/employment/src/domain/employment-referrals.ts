import type { DibaoApproved } from '@wuhai/contracts';
import { departmentReferrals } from '@wuhai/rules';

/**
 * What the employment department must act on when a dibao household is approved, as the rules decide it
 * on the decision date (see packages/rules/src/referrals/employment.ts for the clauses).
 */
export function decideEmploymentReferrals(approval: DibaoApproved) {
  return departmentReferrals('employment', approval.household, approval.decidedOn, approval.dibaoClass);
}
