import { ProgramFold } from './education-housing-employment-temporary/decision';
import { ruralRenovationOutcome as ruralRenovationOutcomeImport } from './education-housing-employment-temporary/housing';
import type { ProgramModule } from './program';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const ruralRenovationOutcome = ruralRenovationOutcomeImport;

const fold = new ProgramFold('housing.rural-renovation');

/**
 * Program `housing.rural-renovation` (City §10): one household line, amount 0, once, for a rural
 * household in a grade C (repair) or D (rebuild) dangerous house that is dibao, wubao, poor
 * disabled or otherwise poor. See `ruralRenovationDecisions` (`ruralRenovationOutcome`).
 */
export const housingRuralRenovationProgram: ProgramModule = {
  program: 'housing.rural-renovation',
  evaluate(ctx, out) {
    ruralRenovationOutcome(ctx, out, fold);
  },
};
