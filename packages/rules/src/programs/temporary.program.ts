import { ProgramFold } from './education-housing-employment-temporary/decision';
import { temporaryDecisions } from './education-housing-employment-temporary/temporary';
import type { ProgramModule } from './program';

const fold = new ProgramFold('temporary');

/**
 * Program `temporary` (City §13; Reg. Art. 47–51): the grant for the household's `hardship`
 * (20 000–3 000 000 fen, whole yuan, with `approvalLevel` and `priority`), plus the funeral-fee
 * waiver line for dibao households. See `temporaryDecisions`.
 */
export const temporaryProgram: ProgramModule = {
  program: 'temporary',
  evaluate(ctx, out) {
    fold.start(out, ctx.explain);
    temporaryDecisions(ctx, fold);
    fold.finish();
  },
};
