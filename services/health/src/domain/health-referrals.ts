import type { DibaoApproved } from '@wuhai/contracts';
import { departmentReferrals } from '@wuhai/rules';

/**
 * What the health department must act on when a dibao household is approved, as the rules decide it
 * on the decision date (see packages/rules/src/referrals/health.ts for the clauses).
 */
export function decideHealthReferrals(approval: DibaoApproved) {
  return departmentReferrals('health', approval.household, approval.decidedOn, approval.dibaoClass);
}
