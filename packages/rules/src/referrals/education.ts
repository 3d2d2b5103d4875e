import { factsForApprovedDibao, ReferralCollector } from '../programs/education-housing-employment-temporary/decision';
import { educationDecisions } from '../programs/education-housing-employment-temporary/education';
import type { Referral, ReferralContext } from './referral';

/**
 * Education (教育, City §7–8) for an approved dibao household: the lines of the education program
 * modules (`educationDecisions`, the same computation `evaluate` uses), with the household taken
 * as dibao-eligible:
 * - preschool child → `education.preschool-waiver` (0, year): care and education fees waived;
 * - primary boarder → `education.living-subsidy` 100 000 fen/year; junior boarder → 125 000 fen/year;
 * - senior or vocational boarder → `education.senior-grant` 200 000 fen/year (DOMAIN default
 *   within City §7's 1000–2000 yuan);
 * - newly admitted: bachelor → `education.college-grant` 4 000 000 fen once, junior college →
 *   3 000 000 fen once (City §8).
 * Day students from primary to senior level get no line (the subsidies are for boarders). A line
 * whose amount parameter is missing has amount 0, `needsManualReview: true` and the reason.
 */
export function educationReferrals(ctx: ReferralContext): Referral[] {
  const lines = new ReferralCollector();
  educationDecisions(factsForApprovedDibao(ctx.household, ctx.asOf, ctx.params), lines);
  return lines.lines;
}
