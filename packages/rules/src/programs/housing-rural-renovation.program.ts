import { ProgramFold } from './education-housing-employment-temporary/decision';
import { ruralRenovationDecisions as ruralRenovationDecisionsImport } from './education-housing-employment-temporary/housing';
import type { ProgramModule } from './program';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const ruralRenovationDecisions = ruralRenovationDecisionsImport;

const fold = new ProgramFold('housing.rural-renovation');

/**
 * Program `housing.rural-renovation` (City §10): one household line, amount 0, once, for a rural
 * household in a grade C (repair) or D (rebuild) dangerous house that is dibao, wubao, poor
 * disabled or otherwise poor. See `ruralRenovationDecisions`.
 */
export const housingRuralRenovationProgram: ProgramModule = {
  program: 'housing.rural-renovation',
  evaluate(ctx, out) {
    fold.start(out, ctx.explain);
    ruralRenovationDecisions(ctx, fold);
    fold.finish();
  },
};
