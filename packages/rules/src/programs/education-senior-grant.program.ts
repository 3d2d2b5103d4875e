import { ProgramFold } from './education-housing-employment-temporary/decision';
import { educationOutcome as educationOutcomeImport, programIndex } from './education-housing-employment-temporary/education';
import type { ProgramModule } from './program';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const educationOutcome = educationOutcomeImport;

const fold = new ProgramFold('education.senior-grant');
const K = programIndex('education.senior-grant');

/**
 * Program `education.senior-grant` (City §7): one line per senior-secondary or secondary-vocational
 * boarder of a dibao-eligible household, or orphan, 200 000 fen/year (DOMAIN default within
 * 1000–2000 yuan). See `educationDecisions` (`educationOutcome`).
 */
export const educationSeniorGrantProgram: ProgramModule = {
  program: 'education.senior-grant',
  evaluate(ctx, out) {
    educationOutcome(ctx, out, fold, K);
  },
};
