import { factsForApprovedDibao, ReferralCollector } from '../programs/education-housing-employment-temporary/decision';
import { rentalDecisions } from '../programs/education-housing-employment-temporary/housing';
import type { Referral, ReferralContext } from './referral';

/**
 * Housing (住建, City §9) for an approved dibao household: the line of the `housing.rental`
 * program module (`rentalDecisions`, the same computation `evaluate` uses): the household →
 * `housing.rental` (0, once, memberId null) when it owns no home (`homeOwned` false) or its living
 * area per person is strictly below `housing.living-area-threshold` (15 m²). Per person counts
 * every member living in the home (tekun members too). Compared exactly in hundredths of m², so
 * exactly 15 m² per person does not qualify and 14.99 does.
 */
export function housingReferrals(ctx: ReferralContext): Referral[] {
  const lines = new ReferralCollector();
  rentalDecisions(factsForApprovedDibao(ctx.household, ctx.asOf, ctx.params), lines);
  return lines.lines;
}
