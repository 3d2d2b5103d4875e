import { ConstantLine, constantReason, DibaoReasonLines, type ProgramModule } from './program';

const REQUIRES_DIBAO = new DibaoReasonLines('dibao.supplement', [
  constantReason('DIBAO.SUPPLEMENT_REQUIRES_DIBAO', '家庭不符合低保条件，不增发补助金', 'the household does not qualify for dibao, so no supplement'),
]);
const NO_QUALIFYING_MEMBER = new ConstantLine(
  'dibao.supplement',
  constantReason('DIBAO.SUPPLEMENT_NO_QUALIFYING_MEMBER', '家庭中没有残疾人、60周岁以上老年人或少数民族成员', 'no member is disabled, aged 60 or over, or of an ethnic minority'),
);

/**
 * Program `dibao.supplement`: one line per counted member of an eligible dibao household who is
 * disabled, aged ≥60 or of an ethnic minority (City §3), amount per month.
 */
export const dibaoSupplementProgram: ProgramModule = {
  program: 'dibao.supplement',
  evaluate(ctx, out) {
    const r = ctx.dibao();
    if (r.status === 'NEEDS_MANUAL_REVIEW') {
      out.needsManualReview.push({ program: 'dibao.supplement', reasons: r.reasons });
    } else if (r.status === 'INELIGIBLE') {
      REQUIRES_DIBAO.push(out, ctx.explain, r.reasons);
    } else if (r.supplements.length === 0) {
      NO_QUALIFYING_MEMBER.push(out, ctx.explain);
    } else {
      for (const s of r.supplements) {
        out.entitlements.push({ program: 'dibao.supplement', memberId: s.memberId, amountFen: s.amountFen, period: 'month', clauses: s.clauses, explanation: s.explanation });
      }
    }
  },
};
