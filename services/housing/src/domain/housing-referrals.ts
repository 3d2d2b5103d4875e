import type { DibaoApproved } from '@wuhai/contracts';
import { departmentReferrals } from '@wuhai/rules';

/**
 * What the housing department must act on when a dibao household is approved, as the rules decide it
 * on the decision date (see packages/rules/src/referrals/housing.ts for the clauses).
 */
export function decideHousingReferrals(approval: DibaoApproved) {
  return departmentReferrals('housing', approval.household, approval.decidedOn, approval.dibaoClass);
}
