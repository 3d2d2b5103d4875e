import type { ProgramModule } from './program';

/**
 * Program `dibao.supplement`: one line per counted member of an eligible dibao household who is
 * disabled, aged ≥60 or of an ethnic minority (City §3), amount per month.
 */
export const dibaoSupplementProgram: ProgramModule = {
  program: 'dibao.supplement',
  evaluate(ctx) {
    const r = ctx.dibao();
    if (r.status === 'NEEDS_MANUAL_REVIEW') {
      return { entitlements: [], ineligible: [], needsManualReview: [{ program: 'dibao.supplement', reasons: r.reasons }] };
    }
    if (r.status === 'INELIGIBLE') {
      return {
        entitlements: [],
        ineligible: [
          {
            program: 'dibao.supplement',
            reasons: [
              { code: 'DIBAO.SUPPLEMENT_REQUIRES_DIBAO', message: '家庭不符合低保条件，不增发补助金 / the household does not qualify for dibao, so no supplement' },
              ...r.reasons,
            ],
          },
        ],
        needsManualReview: [],
      };
    }
    if (r.supplements.length === 0) {
      return {
        entitlements: [],
        ineligible: [
          {
            program: 'dibao.supplement',
            reasons: [
              {
                code: 'DIBAO.SUPPLEMENT_NO_QUALIFYING_MEMBER',
                message: '家庭中没有残疾人、60周岁以上老年人或少数民族成员 / no member is disabled, aged 60 or over, or of an ethnic minority',
              },
            ],
          },
        ],
        needsManualReview: [],
      };
    }
    return {
      entitlements: r.supplements.map((s) => ({
        program: 'dibao.supplement' as const,
        memberId: s.memberId,
        amountFen: s.amountFen,
        period: 'month' as const,
        clauses: s.clauses,
        explanation: s.explanation,
      })),
      ineligible: [],
      needsManualReview: [],
    };
  },
};
