import { factsForApprovedDibao, ReferralCollector } from '../programs/education-housing-employment-temporary/decision';
import { employmentDecisions } from '../programs/education-housing-employment-temporary/employment';
import type { Referral, ReferralContext } from './referral';

/**
 * Employment (人社, City §11–12) for an approved dibao household: the lines of the
 * `employment.assistance` program module (`employmentDecisions`, the same computation `evaluate`
 * uses): each counted member aged from `employment.minimum-working-age` (16) up to but not
 * including the statutory retirement age (`employment.retirement-age.male` 60 / `.female` 50,
 * DOMAIN defaults) who `canWork` and is not employed → `employment.assistance` (0, once). A member
 * turns 16 (or reaches retirement age) on the birthday itself. A missing age parameter gives a
 * line for manual review naming it.
 */
export function employmentReferrals(ctx: ReferralContext): Referral[] {
  const lines = new ReferralCollector();
  employmentDecisions(factsForApprovedDibao(ctx.household, ctx.asOf, ctx.params), lines);
  return lines.lines;
}
