import { subsidyOutcome as subsidyOutcomeImport } from './medical/subsidy-program';
import { premiumSubsidyLines as premiumSubsidyLinesImport } from './medical/subsidies';
import { ConstantLine, constantReason, DibaoReasonLines, type ProgramModule } from './program';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const subsidyOutcome = subsidyOutcomeImport;
const premiumSubsidyLines = premiumSubsidyLinesImport;

const WHY = {
  notDibao: new DibaoReasonLines('medical.premium-subsidy', [
    constantReason(
      'MEDICAL.NOT_DIBAO_OR_WUBAO',
      '家庭不符合低保条件，且没有农区五保对象，不资助参加城镇居民基本医疗保险',
      'the household does not qualify for dibao and has no wubao member, so no premium subsidy',
    ),
  ]),
  noMember: new ConstantLine('medical.premium-subsidy', constantReason('MEDICAL.NO_QUALIFYING_MEMBER', '家庭中没有可资助参保的成员', 'no member qualifies for the premium subsidy')),
  withoutDibao: 'wubao' as const,
};

/**
 * Program `medical.premium-subsidy` (City §6): one line per member, amount per year in fen (no
 * rounding: the parameter's value). A member of a dibao-eligible household gets the full premium
 * (`medical.premium`) when the household is class A, or the member is disabled, a student or a
 * wubao recipient, else `medical.premium-subsidy.flat` (5 000 fen); a wubao member gets the full
 * premium even when the household is not a dibao household (tekun are not counted for dibao).
 * Not dibao and no wubao → ineligible `MEDICAL.NOT_DIBAO_OR_WUBAO` with the dibao reasons; dibao
 * under review → review `MEDICAL.DIBAO_UNDER_REVIEW`. See `premiumSubsidyLines`.
 */
export const medicalPremiumSubsidyProgram: ProgramModule = {
  program: 'medical.premium-subsidy',
  evaluate: (ctx, out) => subsidyOutcome('medical.premium-subsidy', ctx, out, premiumSubsidyLines, WHY),
};
