import { z } from 'zod';
import {
  AREA_CODES,
  DomainError,
  householdSnapshotOf,
  monthSchema,
  toFieldErrors,
  type BatchHouseholdResultMsg,
  type BatchSummaryMsg,
  type EvaluateBatchChunkMsg,
  type TypedClient,
} from '@wuhai/contracts';
import { evaluateBatch, PROGRAM_CODES, type BatchItem, type EvaluationResponse, type ProgramCode } from '@wuhai/rules';
import { requireDepartment, type Caller } from '@wuhai/service-kit';

/** Results per gRPC message, and the JSON bytes after which a message is sent with fewer. */
export const RESULTS_PER_MESSAGE = 100;
export const RESULT_BYTES_PER_MESSAGE = 1024 * 1024;

/** The most household ids one batch may name (the registry's limit too). */
export const MAX_BATCH_HOUSEHOLD_IDS = 5000;
/** The first month the policy (and its parameters, from 2014-01-01) applies to. */
export const FIRST_POLICY_MONTH = '2014-01';

/** The period of each program's amounts (evaluations.md, program table). */
export const PROGRAM_PERIODS: Record<ProgramCode, 'month' | 'year' | 'once'> = {
  dibao: 'month',
  'dibao.supplement': 'month',
  tekun: 'month',
  'family-planning.special': 'month',
  'family-planning.reward': 'year',
  'medical.premium-subsidy': 'year',
  'medical.daily-subsidy': 'month',
  'medical.reimbursement': 'once',
  'education.preschool-waiver': 'year',
  'education.living-subsidy': 'year',
  'education.senior-grant': 'year',
  'education.college-grant': 'once',
  'housing.rental': 'once',
  'housing.rural-renovation': 'once',
  'employment.assistance': 'once',
  temporary: 'once',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A batch request as decoded from gRPC (proto3: "" and [] stand for "not given"). */
export const evaluateBatchRequestSchema = z.object({
  month: monthSchema.refine((m) => m >= FIRST_POLICY_MONTH, {
    error: `月份不能早于${FIRST_POLICY_MONTH}（政策及其参数自2014-01-01起施行） / month must be ${FIRST_POLICY_MONTH} or later (the policy and its parameters apply from 2014-01-01)`,
    params: { code: 'VALIDATION.MONTH_BEFORE_POLICY' },
  }),
  programs: z.array(
    z.string().refine((p) => (PROGRAM_CODES as readonly string[]).includes(p), {
      error: '未知的救助项目（见 evaluations.md 的项目代码）/ unknown program (see the program codes of evaluations.md)',
      params: { code: 'VALIDATION.UNKNOWN_PROGRAM' },
    }),
  ),
  explain: z.boolean(),
  householdIds: z
    .array(z.string().regex(UUID, { error: '户编号必须为UUID / a household id must be a UUID' }))
    .max(MAX_BATCH_HOUSEHOLD_IDS, { error: `一次最多${MAX_BATCH_HOUSEHOLD_IDS}户 / at most ${MAX_BATCH_HOUSEHOLD_IDS} household ids` }),
  area: z.union([z.literal(''), z.enum(AREA_CODES, { error: `行政区划代码必须为 ${AREA_CODES.join(' | ')} / area must be one of ${AREA_CODES.join(' | ')}` })]),
});
export type EvaluateBatchRequest = z.output<typeof evaluateBatchRequestSchema>;

/**
 * Checks a decoded batch request at this boundary.
 * @throws DomainError (invalid) naming each bad field (`month`, `programs.1`, `householdIds.0`, …)
 *   with the first field's code, before anything is read
 */
export function parseEvaluateBatchRequest(request: unknown): EvaluateBatchRequest {
  const parsed = evaluateBatchRequestSchema.safeParse(request);
  if (parsed.success) return parsed.data;
  const fields = toFieldErrors(parsed.error);
  throw new DomainError(fields[0]?.code ?? 'VALIDATION.INVALID_REQUEST', 'invalid', '批量评估请求无效', 'invalid batch evaluation request', fields);
}

/**
 * The evaluation date of a month: its first day. The payroll pays each month by its 10th (MCA-2012;
 * DOMAIN.md "Procedure" 8) from the month after approval, and the dated parameters (standards,
 * premiums) take effect on the first of a month, so what a household is owed for a month is what
 * the rules decide on its first day (ages too: a member turning 60 on the 15th counts as 60 from
 * the next month).
 */
export function evaluationDateOf(month: string): string {
  return `${month}-01`;
}

export interface EvaluateBatchDeps {
  registry: TypedClient<'registry'>;
}

/** The call this batch serves: identity to forward to the registry, its cancellation and deadline. */
export interface BatchCall {
  caller: Caller;
  forward: Record<string, string>;
  signal: AbortSignal;
  deadline: number;
}

const NO_RESULT = Buffer.alloc(0);

const notFound = (householdId: string): BatchHouseholdResultMsg => ({
  householdId,
  householdNo: '',
  resultJson: NO_RESULT,
  error: { code: 'REGISTRY.HOUSEHOLD_NOT_FOUND', message: `户 ${householdId} 不存在（或不在所选辖区） / household ${householdId} not found (or not in the area chosen)`, memberId: '' },
});

/**
 * Batch evaluation for a month (the payroll and the monthly review): reads the selection from the
 * registry's `StreamHouseholdFacts` (every household, or `householdIds`, optionally of one `area`)
 * as each household was on the first day of `month` ({@link evaluationDateOf}) — the members who
 * belonged to it that day, born by then and alive then (a member who dies during the month is
 * counted: the month of a death is paid in full) — and evaluates each with the rules'
 * `evaluateBatch` on that day, one household at a time: nothing is held between households but the
 * summary's counters and the results of the message being filled, and the registry is read only
 * as fast as the results are taken.
 *
 * Yields messages of up to {@link RESULTS_PER_MESSAGE} results (fewer once their JSON passes
 * {@link RESULT_BYTES_PER_MESSAGE}), one result per household — `resultJson` (exactly what
 * `evaluate` returns for it, with or without explanations) or `error` (`RULES.*` when the rules
 * refuse its facts, e.g. `RULES.NO_MEMBERS` for a requested household nobody belonged to on that
 * day; `REGISTRY.HOUSEHOLD_NOT_FOUND` for a requested id the registry does not hold) — and the batch goes on; the last message
 * carries the summary (households, errors, statuses, and per program the entitlement lines,
 * households and amounts in fen).
 *
 * Civil-affairs and finance staff (and `system`); staff of one area get their area's households.
 * @throws DomainError AUTH.WRONG_DEPARTMENT (forbidden) before anything is read; a failure of the
 *   registry's stream (relayed with its status) ends the batch without a summary
 */
export async function* evaluateBatchForMonth(deps: EvaluateBatchDeps, request: EvaluateBatchRequest, call: BatchCall): AsyncGenerator<EvaluateBatchChunkMsg, void, undefined> {
  requireDepartment(call.caller, 'civil-affairs', 'finance');
  const asOf = evaluationDateOf(request.month);
  const programs = (request.programs.length ? [...new Set(request.programs)] : [...PROGRAM_CODES]) as ProgramCode[];
  // each household as it was on that day: its members then, born by then and alive then
  const upstream = deps.registry.StreamHouseholdFacts(
    { householdIds: request.householdIds, area: request.area, pageSize: 0, asOf },
    // the registry's stream ends no later than this call; a call without a deadline gets the default one
    { metadata: call.forward, deadline: Number.isFinite(call.deadline) ? call.deadline : undefined, signal: call.signal },
  );

  // The registry's answers for requested ids it does not hold wait here for their place in the
  // order; the household number of each household handed to the rules waits for its result.
  const waiting: BatchHouseholdResultMsg[] = [];
  const householdNos = new Map<string, string>();
  async function* households(): AsyncGenerator<BatchItem, void, undefined> {
    for await (const page of upstream) {
      for (const item of page.households) {
        if (item.notFound || !item.facts) {
          waiting.push(notFound(item.householdId));
          continue;
        }
        householdNos.set(item.householdId, item.householdNo);
        yield { id: item.householdId, household: householdSnapshotOf(item.facts) };
      }
    }
  }

  const summary = new BatchSummary(request.month, asOf, request.explain, programs);
  let results: BatchHouseholdResultMsg[] = [];
  let bytes = 0;
  /** Adds a result to the message being filled; true when that message is full. */
  const add = (result: BatchHouseholdResultMsg): boolean => {
    summary.household(result);
    results.push(result);
    bytes += result.resultJson.length;
    return results.length >= RESULTS_PER_MESSAGE || bytes >= RESULT_BYTES_PER_MESSAGE;
  };
  const take = (): EvaluateBatchChunkMsg => {
    const chunk = { households: results, summary: null };
    results = [];
    bytes = 0;
    return chunk;
  };

  for await (const outcome of evaluateBatch(households(), { asOf, programs, explain: request.explain })) {
    while (waiting.length) if (add(waiting.shift()!)) yield take();
    const householdNo = householdNos.get(outcome.id) ?? '';
    householdNos.delete(outcome.id);
    let full: boolean;
    if (outcome.result) {
      summary.evaluated(outcome.result);
      // as bytes: encoded once here, copied as they are into the message and by the gateway
      full = add({ householdId: outcome.id, householdNo, resultJson: Buffer.from(JSON.stringify(outcome.result)), error: null });
    } else {
      const { code, message, memberId } = outcome.error;
      full = add({ householdId: outcome.id, householdNo, resultJson: NO_RESULT, error: { code, message, memberId: memberId ?? '' } });
    }
    if (full) yield take();
  }
  while (waiting.length) if (add(waiting.shift()!)) yield take();
  yield { households: take().households, summary: summary.message() };
}

/** The running totals of a batch: counts by outcome and status, and per program lines, households and fen. */
class BatchSummary {
  private households = 0;
  private errors = 0;
  private statuses = { ELIGIBLE: 0, INELIGIBLE: 0, NEEDS_MANUAL_REVIEW: 0 };
  private readonly totals: Map<string, { lines: number; households: number; amountFen: number }>;

  constructor(
    private readonly month: string,
    private readonly asOf: string,
    private readonly explain: boolean,
    private readonly programs: readonly ProgramCode[],
  ) {
    this.totals = new Map(programs.map((p) => [p, { lines: 0, households: 0, amountFen: 0 }]));
  }

  /** Counts one household's result (an error when it carries one). */
  household(result: BatchHouseholdResultMsg): void {
    this.households++;
    if (result.error) this.errors++;
  }

  /** Adds an evaluated household's entitlement lines to the program totals. */
  evaluated(result: EvaluationResponse): void {
    this.statuses[result.status]++;
    const seen = new Set<string>();
    for (const e of result.entitlements) {
      const total = this.totals.get(e.program);
      if (!total) continue;
      total.lines++;
      total.amountFen += e.amountFen;
      if (!seen.has(e.program)) {
        seen.add(e.program);
        total.households++;
      }
    }
  }

  message(): BatchSummaryMsg {
    for (const [program, t] of this.totals) {
      if (!Number.isSafeInteger(t.amountFen)) throw new Error(`the total of ${program} is beyond exact integers`);
    }
    return {
      month: this.month,
      asOf: this.asOf,
      explain: this.explain,
      households: String(this.households),
      evaluated: String(this.households - this.errors),
      errors: String(this.errors),
      eligible: String(this.statuses.ELIGIBLE),
      ineligible: String(this.statuses.INELIGIBLE),
      needsManualReview: String(this.statuses.NEEDS_MANUAL_REVIEW),
      programs: this.programs.map((program) => {
        const t = this.totals.get(program)!;
        return { program, period: PROGRAM_PERIODS[program], lines: String(t.lines), households: String(t.households), amountFen: String(t.amountFen) };
      }),
    };
  }
}
