import type { ProgramModule } from './program';

/**
 * Program `dibao`: one household line, the monthly top-up only (City §3; Reg. Art. 12).
 * Ineligible → the failed tests; missing parameter → manual review.
 */
export const dibaoProgram: ProgramModule = {
  program: 'dibao',
  evaluate(ctx) {
    const r = ctx.dibao();
    if (r.status === 'NEEDS_MANUAL_REVIEW') return { entitlements: [], ineligible: [], needsManualReview: [{ program: 'dibao', reasons: r.reasons }] };
    if (r.status === 'INELIGIBLE') return { entitlements: [], ineligible: [{ program: 'dibao', reasons: r.reasons }], needsManualReview: [] };
    return {
      entitlements: [
        { program: 'dibao', memberId: null, amountFen: r.topUpFen ?? 0, period: 'month', clauses: r.clauses, explanation: r.explanation },
      ],
      ineligible: [],
      needsManualReview: [],
    };
  },
};
