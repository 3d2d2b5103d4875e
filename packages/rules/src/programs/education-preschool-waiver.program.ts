import { ProgramFold } from './education-housing-employment-temporary/decision';
import { educationDecisions } from './education-housing-employment-temporary/education';
import type { ProgramModule } from './program';

const fold = new ProgramFold('education.preschool-waiver');

/**
 * Program `education.preschool-waiver` (City §7): one line per preschool child of a dibao-eligible
 * household, or orphan, amount 0 per year (care and education fees waived). See `educationDecisions`.
 */
export const educationPreschoolWaiverProgram: ProgramModule = {
  program: 'education.preschool-waiver',
  evaluate(ctx, out) {
    fold.start(out, ctx.explain);
    educationDecisions(ctx, fold, 'education.preschool-waiver');
    fold.finish();
  },
};
