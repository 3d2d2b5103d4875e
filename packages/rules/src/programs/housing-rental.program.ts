import { ProgramFold } from './education-housing-employment-temporary/decision';
import { rentalOutcome as rentalOutcomeImport } from './education-housing-employment-temporary/housing';
import type { ProgramModule } from './program';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const rentalOutcome = rentalOutcomeImport;

const fold = new ProgramFold('housing.rental');

/**
 * Program `housing.rental` (City §9): one household line, amount 0, once, for a dibao-eligible or
 * tekun household with no home or under 15 m² per person. See `rentalDecisions` (`rentalOutcome`).
 */
export const housingRentalProgram: ProgramModule = {
  program: 'housing.rental',
  evaluate(ctx, out) {
    rentalOutcome(ctx, out, fold);
  },
};
