import type { ProgramModule } from './program';

/**
 * Program `dibao`: one household line, the monthly top-up only (City §3; Reg. Art. 12).
 * Ineligible → the failed tests; missing parameter → manual review.
 */
export const dibaoProgram: ProgramModule = {
  program: 'dibao',
  evaluate(ctx, out) {
    const r = ctx.dibao();
    if (r.status === 'NEEDS_MANUAL_REVIEW') out.needsManualReview.push({ program: 'dibao', reasons: r.reasons });
    else if (r.status === 'INELIGIBLE') out.ineligible.push({ program: 'dibao', reasons: r.reasons });
    else out.entitlements.push({ program: 'dibao', memberId: null, amountFen: r.topUpFen ?? 0, period: 'month', clauses: r.clauses, explanation: r.explanation });
  },
};
