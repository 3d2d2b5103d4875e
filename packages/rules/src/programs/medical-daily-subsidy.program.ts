import { subsidyOutcome as subsidyOutcomeImport } from './medical/subsidy-program';
import { dailySubsidyLines as dailySubsidyLinesImport } from './medical/subsidies';
import { ConstantLine, constantReason, DibaoReasonLines, type ProgramModule } from './program';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const subsidyOutcome = subsidyOutcomeImport;
const dailySubsidyLines = dailySubsidyLinesImport;

const WHY = {
  notDibao: new DibaoReasonLines('medical.daily-subsidy', [
    constantReason(
      'MEDICAL.DAILY_SUBSIDY_REQUIRES_DIBAO',
      '家庭不符合低保条件，日常医疗补贴只发放给低保对象',
      'the household does not qualify for dibao; the daily medical subsidy is for dibao members only',
    ),
  ]),
  noMember: new ConstantLine('medical.daily-subsidy', constantReason(
    'MEDICAL.NO_QUALIFYING_MEMBER',
    '家庭中没有A类低保人员、60周岁以上低保老年人或一、二、三级低保残疾人',
    'no member is a class-A dibao member, a dibao member aged 60 or over, or a dibao member with disability grade 1–3',
  )),
  withoutDibao: 'nobody' as const,
};

/**
 * Program `medical.daily-subsidy` (City §6): one line per counted dibao member of a class-A
 * household, aged ≥60 or with disability grade 1–3, `medical.daily-subsidy` (3 000 fen) per month
 * (no rounding: the parameter's value). Not a dibao household → ineligible
 * `MEDICAL.DAILY_SUBSIDY_REQUIRES_DIBAO` with the dibao reasons (wubao and other tekun members are
 * not dibao members); a dibao household with nobody qualifying → ineligible
 * `MEDICAL.NO_QUALIFYING_MEMBER`; dibao under review → review. See `dailySubsidyLines`.
 */
export const medicalDailySubsidyProgram: ProgramModule = {
  program: 'medical.daily-subsidy',
  evaluate: (ctx, out) => subsidyOutcome('medical.daily-subsidy', ctx, out, dailySubsidyLines, WHY),
};
