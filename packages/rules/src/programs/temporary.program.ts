import { ProgramFold } from './education-housing-employment-temporary/decision';
import { temporaryOutcome as temporaryOutcomeImport } from './education-housing-employment-temporary/temporary';
import type { ProgramModule } from './program';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const temporaryOutcome = temporaryOutcomeImport;

const fold = new ProgramFold('temporary');

/**
 * Program `temporary` (City §13; Reg. Art. 47–51): the grant for the household's `hardship`
 * (20 000–3 000 000 fen, whole yuan, with `approvalLevel` and `priority`), plus the funeral-fee
 * waiver line for dibao households. See `temporaryDecisions` (`temporaryOutcome`).
 */
export const temporaryProgram: ProgramModule = {
  program: 'temporary',
  evaluate(ctx, out) {
    temporaryOutcome(ctx, out, fold);
  },
};
