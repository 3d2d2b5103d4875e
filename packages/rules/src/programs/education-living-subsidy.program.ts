import { ProgramFold } from './education-housing-employment-temporary/decision';
import { educationOutcome as educationOutcomeImport, programIndex } from './education-housing-employment-temporary/education';
import type { ProgramModule } from './program';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const educationOutcome = educationOutcomeImport;

const fold = new ProgramFold('education.living-subsidy');
const K = programIndex('education.living-subsidy');

/**
 * Program `education.living-subsidy` (City §7): one line per primary (100 000 fen/year) or junior
 * secondary (125 000 fen/year) boarder of a dibao-eligible household, or orphan; day students are
 * ineligible (`EDUCATION.NOT_BOARDING`). See `educationDecisions` (`educationOutcome`).
 */
export const educationLivingSubsidyProgram: ProgramModule = {
  program: 'education.living-subsidy',
  evaluate(ctx, out) {
    educationOutcome(ctx, out, fold, K);
  },
};
