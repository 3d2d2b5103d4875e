import { ProgramFold } from './education-housing-employment-temporary/decision';
import { educationOutcome as educationOutcomeImport, programIndex } from './education-housing-employment-temporary/education';
import type { ProgramModule } from './program';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const educationOutcome = educationOutcomeImport;

const fold = new ProgramFold('education.college-grant');
const K = programIndex('education.college-grant');

/**
 * Program `education.college-grant` (City §8): one line per newly admitted member of a
 * dibao-eligible household, once: bachelor 4 000 000 fen, junior college 3 000 000 fen (Wuhai
 * hukou: every household on the platform). See `educationDecisions` (`educationOutcome`).
 */
export const educationCollegeGrantProgram: ProgramModule = {
  program: 'education.college-grant',
  evaluate(ctx, out) {
    educationOutcome(ctx, out, fold, K);
  },
};
