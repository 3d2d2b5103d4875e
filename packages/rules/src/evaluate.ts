import { InvalidInputError } from './errors';
import { parameterDefinitions } from './parameters';
import { ParameterTableCache, type ParameterTable } from './parameter-table';
import { asOfToInt, birthDatesOf as birthDatesOfImport, checkDibaoHousehold, dibaoOfChecked as dibaoOfCheckedImport, type DibaoResult, type ParameterSet } from './programs/dibao';
import { PROGRAM_MODULES } from './programs';
import {
  countMembers as countMembersImport,
  PROGRAM_CODES,
  type Entitlement,
  type IneligibleLine,
  type MemberCounts,
  type ProgramCode,
  type ProgramContext,
  type ProgramModule,
  type ReviewLine,
} from './programs/program';
import type { DibaoClass, Household, Status } from './types';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const birthDatesOf = birthDatesOfImport;
const dibaoOfChecked = dibaoOfCheckedImport;
const countMembers = countMembersImport;

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
   * false: the fast path — the same amounts, statuses, reason codes, members, parameters and
   * clauses, without steps or Chinese sentences: entitlement explanations are empty, reason
   * messages fixed per code. Ineligible lines whose reasons name nobody, and dibao's failed tests,
   * are made once and shared by every result (frozen): treat results as read-only. Default true.
   * Program modules read it as `ctx.explain`.
   */
  explain?: boolean;
  /** Parameter definitions to evaluate with instead of `parameters/*.yaml` (tests, replays). */
  parameters?: ParameterSet;
}

/** The program context of one evaluation (`explain` is part of every `ProgramContext`). */
export type EvaluationContext = ProgramContext;

/** Programs evaluated when the caller names none. */
export const DEFAULT_PROGRAMS: readonly ProgramCode[] = ['dibao', 'dibao.supplement'];

/**
 * What is fixed for many households evaluated on one date with the same options: the checked
 * program list and modules, the parameter tables per (hukou, area), resolved once, and the one
 * context the modules are handed, reset for each household.
 */
export interface PreparedEvaluation {
  readonly asOf: string;
  readonly asOfInt: number;
  readonly explain: boolean;
  /** Program codes, once each, in the order asked. */
  readonly programs: readonly ProgramCode[];
  readonly modules: readonly (ProgramModule | undefined)[];
  /** `slots[i]`: the index of `programs[i]` in `PROGRAM_CODES` (its case in `runModule`). */
  readonly slots: Int32Array;
  /** True when `programs` is every program in `PROGRAM_CODES` order (run by `runEveryModule`). */
  readonly everyProgram: boolean;
  readonly tables: ParameterTableCache;
  readonly context: Context;
}

/** Parameter tables of the evaluation dates asked last, per parameter set (sets are read-only). */
const recentTables = new WeakMap<ParameterSet, Map<string, ParameterTableCache>>();
const RECENT_DATES = 32;

/**
 * The parameter tables of `set` on `asOf`: those of an earlier evaluation on that date when it is
 * one of the last `RECENT_DATES` asked (so single evaluations do not resolve every parameter
 * again), else new ones. Bounded: memory does not grow with the number of evaluations.
 */
function tablesFor(set: ParameterSet, asOf: string): ParameterTableCache {
  let byDate = recentTables.get(set);
  if (byDate === undefined) {
    byDate = new Map();
    recentTables.set(set, byDate);
  }
  let tables = byDate.get(asOf);
  if (tables === undefined) {
    if (byDate.size >= RECENT_DATES) byDate.delete(byDate.keys().next().value!);
    tables = new ParameterTableCache(set, asOf);
    byDate.set(asOf, tables);
  }
  return tables;
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
  const explain = options.explain ?? true;
  const tables = tablesFor(options.parameters ?? parameterDefinitions(), asOf);
  return {
    asOf,
    asOfInt,
    explain,
    programs,
    modules: programs.map((p) => PROGRAM_MODULES.get(p)),
    slots: Int32Array.from(programs, (p) => (PROGRAM_CODES as readonly string[]).indexOf(p)),
    everyProgram: EVERY_MODULE_DIRECT && programs.length === PROGRAM_CODES.length && programs.every((p, i) => p === PROGRAM_CODES[i]),
    tables,
    context: new Context(asOf, asOfInt, explain, tables),
  };
}

/**
 * The context handed to program modules, one per prepared evaluation and reset for each household
 * (evaluation is synchronous: one household at a time). Dibao is computed once, on first demand.
 */
class Context implements ProgramContext {
  household: Household = null as unknown as Household;
  params: ParameterTable = null as unknown as ParameterTable;
  ages: Int32Array = new Int32Array(16);
  readonly members: MemberCounts = { tekun: 0, wubao: 0, education: 0, jobSeekers: 0 };
  private result: DibaoResult | undefined = undefined;

  constructor(
    readonly asOf: string,
    readonly asOfInt: number,
    readonly explain: boolean,
    private readonly tables: ParameterTableCache,
  ) {}

  /** Starts the evaluation of `h` (already checked): its table, its members' ages and counts. */
  reset(h: Household): void {
    this.household = h;
    this.result = undefined;
    this.params = this.tables.table(h.hukou, h.area);
    const births = birthDatesOf(h);
    const n = h.members.length;
    if (this.ages.length < n) this.ages = new Int32Array(Math.max(n, 2 * this.ages.length));
    const asOfInt = this.asOfInt;
    // Whole years between two YYYYMMDD integers: the same as `ageOn` (birth ≤ asOf, checked, so
    // the quotient is ≥ 0 and truncating is flooring).
    for (let i = 0; i < n; i++) this.ages[i] = ((asOfInt - births[i]!) / 10000) | 0;
    countMembers(h.members, this.members);
  }

  dibao(): DibaoResult {
    if (this.result === undefined) this.result = dibaoOfChecked(this.household, this.asOfInt, this.params, this.explain);
    return this.result;
  }
}

// Each module by its index in `PROGRAM_CODES`, bound once: `runModule` calls each from a call site
// of its own, which sees one function (the engine can inline it), where one site calling every
// module (`modules[i].evaluate`) sees sixteen and dispatches through a megamorphic call.
const M = PROGRAM_CODES.map((code) => PROGRAM_MODULES.get(code));
const [M0, M1, M2, M3, M4, M5, M6, M7, M8, M9, M10, M11, M12, M13, M14, M15] = M;
/** Whether `runEveryModule` calls every module: sixteen programs, each with its module. */
const EVERY_MODULE_DIRECT = M.length === 16 && M.every((m) => m !== undefined);

/** Runs the module of `PROGRAM_CODES[slot]` (which must exist) on the household of `ctx`. */
function runModule(slot: number, ctx: Context, out: EvaluationResponse): void {
  switch (slot) {
    case 0: return M0!.evaluate(ctx, out);
    case 1: return M1!.evaluate(ctx, out);
    case 2: return M2!.evaluate(ctx, out);
    case 3: return M3!.evaluate(ctx, out);
    case 4: return M4!.evaluate(ctx, out);
    case 5: return M5!.evaluate(ctx, out);
    case 6: return M6!.evaluate(ctx, out);
    case 7: return M7!.evaluate(ctx, out);
    case 8: return M8!.evaluate(ctx, out);
    case 9: return M9!.evaluate(ctx, out);
    case 10: return M10!.evaluate(ctx, out);
    case 11: return M11!.evaluate(ctx, out);
    case 12: return M12!.evaluate(ctx, out);
    case 13: return M13!.evaluate(ctx, out);
    case 14: return M14!.evaluate(ctx, out);
    case 15: return M15!.evaluate(ctx, out);
    default: return M[slot]!.evaluate(ctx, out);
  }
}

/**
 * Runs every module, in `PROGRAM_CODES` order: one direct call after another, no dispatch (used only
 * when `EVERY_MODULE_DIRECT`: a program added to `PROGRAM_CODES` needs its call here).
 */
function runEveryModule(ctx: Context, out: EvaluationResponse): void {
  M0!.evaluate(ctx, out);
  M1!.evaluate(ctx, out);
  M2!.evaluate(ctx, out);
  M3!.evaluate(ctx, out);
  M4!.evaluate(ctx, out);
  M5!.evaluate(ctx, out);
  M6!.evaluate(ctx, out);
  M7!.evaluate(ctx, out);
  M8!.evaluate(ctx, out);
  M9!.evaluate(ctx, out);
  M10!.evaluate(ctx, out);
  M11!.evaluate(ctx, out);
  M12!.evaluate(ctx, out);
  M13!.evaluate(ctx, out);
  M14!.evaluate(ctx, out);
  M15!.evaluate(ctx, out);
}

/**
 * Evaluates one household already checked with `checkDibaoHousehold` against a prepared date and
 * program list (see `evaluate`).
 */
export function evaluateChecked(prepared: PreparedEvaluation, household: Household): EvaluationResponse {
  const ctx = prepared.context;
  ctx.reset(household);
  // The response is the modules' outcome: they append their lines to its three lists.
  const response: EvaluationResponse = {
    asOf: prepared.asOf,
    dibaoClass: null,
    perCapitaIncomeFen: null,
    entitlements: [],
    ineligible: [],
    status: 'INELIGIBLE',
    needsManualReview: [],
  };
  const { programs, modules, slots } = prepared;
  if (prepared.everyProgram) runEveryModule(ctx, response);
  else for (let i = 0; i < programs.length; i++) {
    if (modules[i]) runModule(slots[i]!, ctx, response);
    else {
      const p = programs[i]!;
      response.needsManualReview.push({
        program: p,
        reasons: [{ code: 'RULES.PROGRAM_NOT_IMPLEMENTED', message: `规则库尚未实现“${p}”，需人工审核 / program "${p}" is not implemented by the rules yet; manual review needed` }],
      });
    }
  }
  const d = ctx.dibao();
  response.dibaoClass = d.status === 'ELIGIBLE' ? d.dibaoClass : null;
  response.perCapitaIncomeFen = d.perCapitaIncomeFen;
  response.status = response.needsManualReview.length > 0 ? 'NEEDS_MANUAL_REVIEW' : response.entitlements.length > 0 ? 'ELIGIBLE' : 'INELIGIBLE';
  return response;
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
