/**
 * Batch evaluation: many households on one date, streamed one at a time.
 */
import { InvalidInputError } from './errors';
import { evaluateChecked as evaluateCheckedImport, prepareEvaluation, type EvaluationResponse, type PreparedEvaluation } from './evaluate';
import { checkDibaoHousehold as checkDibaoHouseholdImport, type ParameterSet } from './programs/dibao';
import type { Household } from './types';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const checkDibaoHousehold = checkDibaoHouseholdImport;
const evaluateChecked = evaluateCheckedImport;

/** One household of a batch, with the caller's id for it. */
export interface BatchItem {
  id: string;
  household: Household;
}

/** Options of `evaluateBatch`. */
export interface BatchOptions {
  /** `YYYY-MM-DD`, the date every household is evaluated on. */
  asOf: string;
  /** Program codes of evaluations.md (default `DEFAULT_PROGRAMS`). */
  programs?: readonly string[];
  /**
   * false: the fast path — the same amounts, statuses, reason codes and clauses as `evaluate`,
   * without steps or Chinese sentences, constant lines shared between results (see
   * `EvaluateOptions.explain`). true: exactly what `evaluate` returns.
   */
  explain: boolean;
  /** Parameter definitions to evaluate with instead of `parameters/*.yaml`. */
  parameters?: ParameterSet;
}

/** The outcome for one household: its response, or why its facts were refused. */
export type BatchOutcome =
  | { id: string; result: EvaluationResponse; error?: undefined }
  | { id: string; result: null; error: { code: string; message: string; memberId?: string } };

function evaluateOne(prepared: PreparedEvaluation, item: BatchItem): BatchOutcome {
  try {
    checkDibaoHousehold(item.household, prepared.asOf, prepared.asOfInt);
    return { id: item.id, result: evaluateChecked(prepared, item.household) };
  } catch (e) {
    if (!(e instanceof InvalidInputError)) throw e;
    return { id: item.id, result: null, error: e.memberId !== undefined ? { code: e.code, message: e.message, memberId: e.memberId } : { code: e.code, message: e.message } };
  }
}

function* syncBatch(source: Iterable<BatchItem>, prepared: PreparedEvaluation): Generator<BatchOutcome, void, undefined> {
  for (const item of source) yield evaluateOne(prepared, item);
}

async function* asyncBatch(source: AsyncIterable<BatchItem>, prepared: PreparedEvaluation): AsyncGenerator<BatchOutcome, void, undefined> {
  for await (const item of source) yield evaluateOne(prepared, item);
}

/**
 * Evaluates households one at a time as `source` yields them and yields `{id, result}` for each, in
 * order; nothing is kept between households except the parameter values, resolved once per
 * (hukou, area) on `asOf` — memory does not grow with the number of households.
 *
 * Each result is what `evaluate({asOf, household}, {programs, explain})` returns. A household
 * whose facts are refused (an `InvalidInputError` of `evaluate`) yields `{id, result: null,
 * error: {code, message, memberId?}}` and the batch goes on; any other error ends it.
 *
 * @param source a (sync) `Iterable` — then a sync `Generator` is returned — or an `AsyncIterable`
 *   — then an `AsyncGenerator`
 * @param options `{asOf, programs?, explain, parameters?}`
 * @throws InvalidInputError `RULES.INVALID_DATE` (asOf) or `RULES.UNKNOWN_PROGRAM` at once, before
 *   any household is read.
 */
export function evaluateBatch(source: Iterable<BatchItem>, options: BatchOptions): Generator<BatchOutcome, void, undefined>;
export function evaluateBatch(source: AsyncIterable<BatchItem>, options: BatchOptions): AsyncGenerator<BatchOutcome, void, undefined>;
export function evaluateBatch(
  source: Iterable<BatchItem> | AsyncIterable<BatchItem>,
  options: BatchOptions,
): Generator<BatchOutcome, void, undefined> | AsyncGenerator<BatchOutcome, void, undefined> {
  const prepared = prepareEvaluation(options.asOf, { programs: options.programs, explain: options.explain, parameters: options.parameters });
  if (Symbol.iterator in source) return syncBatch(source, prepared);
  return asyncBatch(source, prepared);
}
