import { ProgramFold } from './education-housing-employment-temporary/decision';
import { employmentOutcome as employmentOutcomeImport } from './education-housing-employment-temporary/employment';
import type { ProgramModule } from './program';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const employmentOutcome = employmentOutcomeImport;

const fold = new ProgramFold('employment.assistance');

/**
 * Program `employment.assistance` (City §11–12; Reg. Art. 42–46): one line per counted member of a
 * dibao-eligible household aged 16 to retirement age who can work and has no job, amount 0, once.
 * See `employmentDecisions` (`employmentOutcome`).
 */
export const employmentAssistanceProgram: ProgramModule = {
  program: 'employment.assistance',
  evaluate(ctx, out) {
    employmentOutcome(ctx, out, fold);
  },
};
