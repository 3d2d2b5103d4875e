import { ProgramFold } from './education-housing-employment-temporary/decision';
import { educationOutcome as educationOutcomeImport, programIndex } from './education-housing-employment-temporary/education';
import type { ProgramModule } from './program';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const educationOutcome = educationOutcomeImport;

const fold = new ProgramFold('education.preschool-waiver');
const K = programIndex('education.preschool-waiver');

/**
 * Program `education.preschool-waiver` (City §7): one line per preschool child of a dibao-eligible
 * household, or orphan, amount 0 per year (care and education fees waived). See `educationDecisions` (`educationOutcome`).
 */
export const educationPreschoolWaiverProgram: ProgramModule = {
  program: 'education.preschool-waiver',
  evaluate(ctx, out) {
    educationOutcome(ctx, out, fold, K);
  },
};
