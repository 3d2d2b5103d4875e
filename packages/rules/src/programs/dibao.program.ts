import { DibaoReasonLines, type ProgramModule } from './program';

const INELIGIBLE = new DibaoReasonLines('dibao', []);

/**
 * Program `dibao`: one household line, the monthly top-up only (City §3; Reg. Art. 12).
 * Ineligible → the failed tests; missing parameter → manual review.
 */
export const dibaoProgram: ProgramModule = {
  program: 'dibao',
  evaluate(ctx, out) {
    const r = ctx.dibao();
    if (r.status === 'NEEDS_MANUAL_REVIEW') out.needsManualReview.push({ program: 'dibao', reasons: r.reasons });
    else if (r.status === 'INELIGIBLE') {
      if (ctx.explain) out.ineligible.push({ program: 'dibao', reasons: r.reasons });
      else INELIGIBLE.push(out, false, r.reasons);
    }
    else out.entitlements.push({ program: 'dibao', memberId: null, amountFen: r.topUpFen ?? 0, period: 'month', clauses: r.clauses, explanation: r.explanation });
  },
};
