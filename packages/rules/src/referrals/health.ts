import { memberLabel } from '../people';
import { dailySubsidyLines, premiumSubsidyLines, type SubsidyLine } from '../programs/medical/subsidies';
import { line, reviewLine, type Referral, type ReferralContext } from './referral';

/**
 * Health / medical assistance (City §6) owed to an approved dibao household: the lines of the
 * `medical.premium-subsidy` and `medical.daily-subsidy` programs, computed by the same functions
 * as `evaluate()` (`src/programs/medical/subsidies.ts`) with the approved class:
 * - `medical.premium-subsidy` (year) for every member: the full premium (`medical.premium`, 9 000
 *   fen in 2014, 12 000 from 2015) for members of class-A households, disabled members, students
 *   and rural wubao; otherwise `medical.premium-subsidy.flat` (5 000 fen);
 * - `medical.daily-subsidy` (`medical.daily-subsidy`, 3 000 fen/month) for counted dibao members
 *   of class-A households, aged ≥ `person.elderly-age` (60) or with disability grade 1–3; tekun
 *   members are not dibao members.
 * @returns premium lines, then daily-subsidy lines (fen per period); a line whose amount depends on
 *   a missing parameter has amount 0, `needsManualReview: true` and a reason naming it.
 */
export function healthReferrals(ctx: ReferralContext): Referral[] {
  const basis = { household: ctx.household, asOf: ctx.asOf, dibaoClass: ctx.dibaoClass, params: ctx.params };
  const toReferral = (l: SubsidyLine): Referral =>
    l.kind === 'paid'
      ? line(l.program, l.member.id, l.amountFen, l.period, l.clauses, l.explanationZh ?? '')
      : reviewLine(ctx, l.program, l.member.id, l.period, l.clauses, l.missingParameter, memberLabel(l.member));
  return [...premiumSubsidyLines(basis), ...dailySubsidyLines(basis)].map(toReferral);
}
