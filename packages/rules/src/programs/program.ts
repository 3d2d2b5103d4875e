import type { Household, Period, Reason } from '../types';
import type { DibaoResult } from './dibao';

/** Program codes of evaluations.md, exactly these strings. */
export const PROGRAM_CODES = [
  'dibao',
  'dibao.supplement',
  'tekun',
  'family-planning.special',
  'family-planning.reward',
  'medical.premium-subsidy',
  'medical.daily-subsidy',
  'medical.reimbursement',
  'education.preschool-waiver',
  'education.living-subsidy',
  'education.senior-grant',
  'education.college-grant',
  'housing.rental',
  'housing.rural-renovation',
  'employment.assistance',
  'temporary',
] as const;
export type ProgramCode = (typeof PROGRAM_CODES)[number];

/** One entitlement line of evaluations.md: one program and recipient. */
export interface Entitlement {
  program: ProgramCode;
  /** null for household-level lines. */
  memberId: string | null;
  /** Integer fen; 0 for non-cash lines. */
  amountFen: number;
  period: Period;
  /** At least one citation (`City §N`, `Reg. Art. N`, `MCA-2012 Art. N`). */
  clauses: string[];
  explanation: string;
}

/** A program the household (or member) does not qualify for, with the failed tests. */
export interface IneligibleLine {
  program: ProgramCode;
  reasons: Reason[];
}

/** A program that could not be decided automatically (missing parameter, not yet implemented). */
export interface ReviewLine {
  program: ProgramCode;
  reasons: Reason[];
}

/** What one program module contributes to an evaluation. */
export interface ProgramOutcome {
  entitlements: Entitlement[];
  ineligible: IneligibleLine[];
  needsManualReview: ReviewLine[];
}

/** Facts shared by the program modules of one evaluation; `dibao()` is computed once, on demand. */
export interface ProgramContext {
  asOf: string;
  household: Household;
  dibao(): DibaoResult;
}

/** A program module: one file per program under `src/programs/`. */
export interface ProgramModule {
  program: ProgramCode;
  evaluate(ctx: ProgramContext): ProgramOutcome;
}
