import { ProgramFold } from './education-housing-employment-temporary/decision';
import { educationDecisions } from './education-housing-employment-temporary/education';
import type { ProgramModule } from './program';

const fold = new ProgramFold('education.living-subsidy');

/**
 * Program `education.living-subsidy` (City §7): one line per primary (100 000 fen/year) or junior
 * secondary (125 000 fen/year) boarder of a dibao-eligible household, or orphan; day students are
 * ineligible (`EDUCATION.NOT_BOARDING`). See `educationDecisions`.
 */
export const educationLivingSubsidyProgram: ProgramModule = {
  program: 'education.living-subsidy',
  evaluate(ctx, out) {
    fold.start(out, ctx.explain);
    educationDecisions(ctx, fold, 'education.living-subsidy');
    fold.finish();
  },
};
