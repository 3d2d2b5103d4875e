import { InvalidInputError } from './errors';
import { parameterDefinitions } from './parameters';
import {
  asOfToInt,
  checkDibaoHousehold,
  dibaoOfChecked,
  ParameterTableCache,
  type DibaoResult,
  type ParameterSet,
} from './programs/dibao';
import { PROGRAM_MODULES } from './programs';
import {
  PROGRAM_CODES,
  type Entitlement,
  type IneligibleLine,
  type ProgramCode,
  type ProgramContext,
  type ProgramModule,
  type ReviewLine,
} from './programs/program';
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

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** Program codes of evaluations.md (default `DEFAULT_PROGRAMS`). */
  programs?: readonly string[];
  /**
   * false: the fast path — the same amounts, statuses and reason codes without steps or Chinese
   * sentences (dibao explanations are empty; see `evaluateDibao`). Default true. Program modules
   * read it as `ctx.explain`.
   */
  explain?: boolean;
  /** Parameter definitions to evaluate with instead of `parameters/*.yaml` (tests, replays). */
  parameters?: ParameterSet;
}

/** The program context of one evaluation, with the `explain` flag for the modules that honour it. */
export interface EvaluationContext extends ProgramContext {
  readonly explain: boolean;
}

/** Programs evaluated when the caller names none. */
export const DEFAULT_PROGRAMS: readonly ProgramCode[] = ['dibao', 'dibao.supplement'];

/**
 * What is fixed for many households evaluated on one date with the same options: the checked
 * program list and modules, and the parameter tables per (hukou, area), resolved once.
 */
export interface PreparedEvaluation {
  readonly asOf: string;
  readonly asOfInt: number;
  readonly explain: boolean;
  /** Program codes, once each, in the order asked. */
  readonly programs: readonly ProgramCode[];
  readonly modules: readonly (ProgramModule | undefined)[];
  readonly tables: ParameterTableCache;
}

/**
 * Checks `asOf` and the program list once.
 * @throws InvalidInputError `RULES.INVALID_DATE`, `RULES.UNKNOWN_PROGRAM`.
 */
export function prepareEvaluation(asOf: string, options: EvaluateOptions = {}): PreparedEvaluation {
  const asOfInt = asOfToInt(asOf);
  const asked = options.programs ?? DEFAULT_PROGRAMS;
  for (const p of asked) {
    if (!(PROGRAM_CODES as readonly string[]).includes(p)) {
      throw new InvalidInputError('RULES.UNKNOWN_PROGRAM', `未知的救助项目：${p}`, `unknown program: ${p}`);
    }
  }
  const programs = [...new Set(asked)] as ProgramCode[];
  return {
    asOf,
    asOfInt,
    explain: options.explain ?? true,
    programs,
    modules: programs.map((p) => PROGRAM_MODULES.get(p)),
    tables: new ParameterTableCache(options.parameters ?? parameterDefinitions(), asOf),
  };
}

/** The context handed to program modules; dibao is computed once, on first demand. */
class Context implements EvaluationContext {
  private result: DibaoResult | undefined;
  readonly asOf: string;
  readonly explain: boolean;

  constructor(
    private readonly prepared: PreparedEvaluation,
    readonly household: Household,
  ) {
    this.asOf = prepared.asOf;
    this.explain = prepared.explain;
  }

  dibao(): DibaoResult {
    if (this.result === undefined) {
      const p = this.prepared;
      const h = this.household;
      this.result = dibaoOfChecked(h, p.asOfInt, p.tables.table(h.hukou, h.area), p.explain);
    }
    return this.result;
  }
}

/**
 * Evaluates one household already checked with `checkDibaoHousehold` against a prepared date and
 * program list (see `evaluate`).
 */
export function evaluateChecked(prepared: PreparedEvaluation, household: Household): EvaluationResponse {
  const ctx = new Context(prepared, household);
  const entitlements: Entitlement[] = [];
  const ineligible: IneligibleLine[] = [];
  const needsManualReview: ReviewLine[] = [];
  const { programs, modules } = prepared;
  for (let i = 0; i < programs.length; i++) {
    const module = modules[i];
    if (!module) {
      const p = programs[i]!;
      needsManualReview.push({
        program: p,
        reasons: [{ code: 'RULES.PROGRAM_NOT_IMPLEMENTED', message: `规则库尚未实现“${p}”，需人工审核 / program "${p}" is not implemented by the rules yet; manual review needed` }],
      });
      continue;
    }
    const out = module.evaluate(ctx);
    for (const e of out.entitlements) entitlements.push(e);
    for (const e of out.ineligible) ineligible.push(e);
    for (const e of out.needsManualReview) needsManualReview.push(e);
  }
  const d = ctx.dibao();
  return {
    asOf: prepared.asOf,
    dibaoClass: d.status === 'ELIGIBLE' ? d.dibaoClass : null,
    perCapitaIncomeFen: d.perCapitaIncomeFen,
    entitlements,
    ineligible,
    status: needsManualReview.length > 0 ? 'NEEDS_MANUAL_REVIEW' : entitlements.length > 0 ? 'ELIGIBLE' : 'INELIGIBLE',
    needsManualReview,
  };
}

/**
 * What one household is entitled to on a date, with reasons (evaluations.md; City §3 for dibao).
 * Each program is its own module (`src/programs/`); dibao is computed once and shared.
 *
 * @param request `{asOf: 'YYYY-MM-DD', household}`; money in integer fen
 * @param options.programs program codes of evaluations.md to evaluate (default `dibao`,
 *   `dibao.supplement`). A known program not implemented yet is returned under
 *   `needsManualReview` with `RULES.PROGRAM_NOT_IMPLEMENTED`.
 * @param options.explain false for the fast path: identical amounts, statuses and reason codes,
 *   no steps and no sentences (default true)
 * @param options.parameters an injected parameter set (default: `parameters/*.yaml`)
 * @returns the response of evaluations.md (entitlements in fen with period and clauses) plus
 *   `status` and `needsManualReview`. A missing parameter never throws: it yields
 *   `needsManualReview` with `RULES.MISSING_PARAMETER` naming it.
 * @throws InvalidInputError `RULES.UNKNOWN_PROGRAM` for a code not in evaluations.md, and the
 *   input errors of `evaluateDibao` (among them `RULES.MEMBER_NOT_YET_BORN` for a member born
 *   after `asOf`).
 */
export function evaluate(request: EvaluationRequest, options: EvaluateOptions = {}): EvaluationResponse {
  const { asOf, household } = request;
  const asOfInt = asOfToInt(asOf);
  checkDibaoHousehold(household, asOf, asOfInt);
  return evaluateChecked(prepareEvaluation(asOf, options), household);
}
