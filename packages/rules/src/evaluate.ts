import { parseDate } from './dates';
import { InvalidInputError } from './errors';
import { checkHousehold } from './people';
import { evaluateDibao, type DibaoResult } from './programs/dibao';
import { PROGRAM_MODULES } from './programs';
import { PROGRAM_CODES, type Entitlement, type IneligibleLine, type ProgramCode, type ReviewLine } from './programs/program';
import type { DibaoClass, Household, Status } from './types';

/** Request body of `POST /api/v1/evaluations` (evaluations.md). */
export interface EvaluationRequest {
  /** `YYYY-MM-DD`. */
  asOf: string;
  household: Household;
}

/** Response of evaluations.md, plus `status` and `needsManualReview`. */
export interface EvaluationResponse {
  asOf: string;
  /** A/B/C, or null when the household does not qualify for dibao (or it is under review). */
  dibaoClass: DibaoClass | null;
  /** Counted income per counted member, fen, rounded half-up (display); null when nobody is counted. */
  perCapitaIncomeFen: number | null;
  entitlements: Entitlement[];
  ineligible: IneligibleLine[];
  /** NEEDS_MANUAL_REVIEW when any program needs review; else ELIGIBLE when any entitlement; else INELIGIBLE. */
  status: Status;
  /** Programs that could not be decided automatically, with reasons (`RULES.MISSING_PARAMETER`…). */
  needsManualReview: ReviewLine[];
}

/** Programs evaluated when the caller names none. */
export const DEFAULT_PROGRAMS: readonly ProgramCode[] = ['dibao', 'dibao.supplement'];

/**
 * What one household is entitled to on a date, with reasons (evaluations.md; City §3 for dibao).
 * Each program is its own module (`src/programs/`); dibao is computed once and shared.
 *
 * @param request `{asOf: 'YYYY-MM-DD', household}`; money in integer fen
 * @param options.programs program codes of evaluations.md to evaluate (default `dibao`,
 *   `dibao.supplement`). A known program not implemented yet is returned under
 *   `needsManualReview` with `RULES.PROGRAM_NOT_IMPLEMENTED`.
 * @returns the response of evaluations.md (entitlements in fen with period and clauses) plus
 *   `status` and `needsManualReview`. A missing parameter never throws: it yields
 *   `needsManualReview` with `RULES.MISSING_PARAMETER` naming it.
 * @throws InvalidInputError `RULES.UNKNOWN_PROGRAM` for a code not in evaluations.md, and the
 *   input errors of `evaluateDibao` (among them `RULES.MEMBER_NOT_YET_BORN` for a member born
 *   after `asOf`).
 */
export function evaluate(request: EvaluationRequest, options: { programs?: readonly string[] } = {}): EvaluationResponse {
  const { asOf, household } = request;
  parseDate(asOf, 'asOf');
  checkHousehold(household, asOf);
  const programs = options.programs ?? DEFAULT_PROGRAMS;
  for (const p of programs) {
    if (!(PROGRAM_CODES as readonly string[]).includes(p)) {
      throw new InvalidInputError('RULES.UNKNOWN_PROGRAM', `未知的救助项目：${p}`, `unknown program: ${p}`);
    }
  }
  let dibao: DibaoResult | undefined;
  const ctx = { asOf, household, dibao: () => (dibao ??= evaluateDibao(household, asOf)) };
  const entitlements: Entitlement[] = [];
  const ineligible: IneligibleLine[] = [];
  const needsManualReview: ReviewLine[] = [];
  for (const p of [...new Set(programs)] as ProgramCode[]) {
    const module = PROGRAM_MODULES.get(p);
    if (!module) {
      needsManualReview.push({
        program: p,
        reasons: [{ code: 'RULES.PROGRAM_NOT_IMPLEMENTED', message: `规则库尚未实现“${p}”，需人工审核 / program "${p}" is not implemented by the rules yet; manual review needed` }],
      });
      continue;
    }
    const out = module.evaluate(ctx);
    entitlements.push(...out.entitlements);
    ineligible.push(...out.ineligible);
    needsManualReview.push(...out.needsManualReview);
  }
  const d = ctx.dibao();
  return {
    asOf,
    dibaoClass: d.status === 'ELIGIBLE' ? d.dibaoClass : null,
    perCapitaIncomeFen: d.perCapitaIncomeFen,
    entitlements,
    ineligible,
    status: needsManualReview.length > 0 ? 'NEEDS_MANUAL_REVIEW' : entitlements.length > 0 ? 'ELIGIBLE' : 'INELIGIBLE',
    needsManualReview,
  };
}
