/**
 * Decision records: a stable JSON document that pins one evaluation to the rules version, the
 * parameter files and the input it was made with, so it can be replayed and compared later.
 */
import { createHash } from 'node:crypto';
import { InvalidInputError } from './errors';
import { DEFAULT_PROGRAMS, evaluate, type EvaluateOptions, type EvaluationRequest, type EvaluationResponse } from './evaluate';
import { parameterDefinitions, type ParameterDefinition } from './parameters';
import { evaluateDibao, type DibaoResult, type ParameterSet } from './programs/dibao';
import packageJson from '../package.json';

/** The version of this rules package (`packages/rules/package.json`). */
export const RULES_VERSION: string = packageJson.version;

/** JSON value as the records hold it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units, as `Array.prototype.sort`), no
 * whitespace, `undefined` properties left out (as `JSON.stringify` does), array holes and
 * `undefined` items written as `null`. Equal data give byte-identical text.
 * @throws InvalidInputError `RULES.NOT_JSON` for a non-finite number, a bigint, a function or a cycle.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(v: unknown, seen: Set<object>): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) throw notJson(`non-finite number ${v}`);
      return JSON.stringify(v);
    case 'object':
      break;
    default:
      throw notJson(`a ${typeof v}`);
  }
  const o = v as object;
  if (seen.has(o)) throw notJson('a cycle');
  seen.add(o);
  let out: string;
  if (Array.isArray(o)) {
    const items: string[] = [];
    for (let i = 0; i < o.length; i++) items.push(o[i] === undefined ? 'null' : write(o[i], seen));
    out = `[${items.join(',')}]`;
  } else {
    const rec = o as Record<string, unknown>;
    const parts: string[] = [];
    for (const k of Object.keys(rec).sort()) {
      if (rec[k] === undefined) continue;
      parts.push(`${JSON.stringify(k)}:${write(rec[k], seen)}`);
    }
    out = `{${parts.join(',')}}`;
  }
  seen.delete(o);
  return out;
}

function notJson(what: string): InvalidInputError {
  return new InvalidInputError('RULES.NOT_JSON', `无法写成JSON：${what}`, `cannot be written as JSON: ${what}`);
}

/** sha256 of a text, lowercase hex. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A definition as it is hashed: everything read from the file and derived from it, except `file`
 * (an absolute path, different on every machine).
 */
function hashedDefinition(def: ParameterDefinition): Omit<ParameterDefinition, 'file'> {
  const { file: _file, ...rest } = def;
  return rest;
}

/** Hashes of a parameter set: one per definition, and of all together. */
export interface ParameterHashes {
  /** sha256 of the canonical JSON of `{name: definition}` for every definition of the set. */
  parametersHash: string;
  /** sha256 of each definition's canonical JSON, by name. */
  byName: Record<string, string>;
}

const hashCache = new WeakMap<ParameterSet, ParameterHashes>();

/**
 * The hashes of a parameter set (default: every loaded `parameters/*.yaml`), computed once per set.
 * A definition is hashed without its `file` path, so the same files give the same hash anywhere.
 */
export function parameterHashes(set: ParameterSet = parameterDefinitions()): ParameterHashes {
  let h = hashCache.get(set);
  if (!h) {
    const all: Record<string, unknown> = {};
    const byName: Record<string, string> = {};
    for (const [name, def] of set) {
      const d = hashedDefinition(def);
      all[name] = d;
      byName[name] = sha256(canonicalJson(d));
    }
    h = { parametersHash: sha256(canonicalJson(all)), byName };
    hashCache.set(set, h);
  }
  return h;
}

/** What was evaluated: `evaluate()` (a response) or `evaluateDibao()` (a dibao result). */
export type DecisionEntry = 'evaluate' | 'evaluateDibao';

/**
 * A decision record. Serialise it with `canonicalJson` (the records of two identical evaluations
 * are then byte-identical).
 */
export interface DecisionRecord {
  /** `packages/rules/package.json` version the decision was made with. */
  rulesVersion: string;
  /** sha256 of the canonical JSON of every loaded parameter definition (see `parameterHashes`). */
  parametersHash: string;
  /** sha256 of each definition, by name: says which parameters changed when the hash differs. */
  parameterHashes: Record<string, string>;
  /** sha256 of the canonical JSON of `request` (`{asOf, household}`). */
  inputHash: string;
  asOf: string;
  entry: DecisionEntry;
  /** Programs evaluated, once each, in the order asked (`['dibao']` for `evaluateDibao`). */
  programs: string[];
  /** Whether steps and sentences were built (false: the fast path). */
  explain: boolean;
  /** The request, as evaluated (so the decision can be replayed). */
  request: Json;
  /** The response (or dibao result), as plain JSON. */
  result: Json;
}

/** Options of `decisionRecord`: the options the evaluation was made with. */
export interface DecisionRecordOptions {
  programs?: readonly string[];
  explain?: boolean;
  /** The parameter set the evaluation used (default: the loaded files). */
  parameters?: ParameterSet;
}

const asJson = (v: unknown): Json => JSON.parse(canonicalJson(v)) as Json;

function isDibaoResult(r: EvaluationResponse | DibaoResult): r is DibaoResult {
  return 'steps' in r && 'householdSize' in r;
}

/**
 * The decision record of one evaluation: `{rulesVersion, parametersHash, parameterHashes,
 * inputHash, asOf, entry, programs, explain, request, result}`. Deterministic: the same request,
 * options and response give a byte-identical `canonicalJson(record)`.
 * @param request the request evaluated (`{asOf, household}`)
 * @param response what `evaluate(request, options)` or `evaluateDibao(household, asOf, options)` returned
 * @param options the options of that evaluation (programs, explain, parameters)
 * @throws InvalidInputError `RULES.RECORD_MISMATCH` when the response is of another date than the request.
 */
export function decisionRecord(
  request: EvaluationRequest,
  response: EvaluationResponse | DibaoResult,
  options: DecisionRecordOptions = {},
): DecisionRecord {
  const entry: DecisionEntry = isDibaoResult(response) ? 'evaluateDibao' : 'evaluate';
  if (entry === 'evaluate' && (response as EvaluationResponse).asOf !== request.asOf) {
    throw new InvalidInputError(
      'RULES.RECORD_MISMATCH',
      `结果日期${(response as EvaluationResponse).asOf}与请求日期${request.asOf}不一致`,
      `the response is dated ${(response as EvaluationResponse).asOf}, the request ${request.asOf}`,
    );
  }
  const programs = entry === 'evaluateDibao' ? ['dibao'] : [...new Set(options.programs ?? DEFAULT_PROGRAMS)];
  const hashes = parameterHashes(options.parameters);
  const requestJson = canonicalJson({ asOf: request.asOf, household: request.household });
  return {
    rulesVersion: RULES_VERSION,
    parametersHash: hashes.parametersHash,
    parameterHashes: { ...hashes.byName },
    inputHash: sha256(requestJson),
    asOf: request.asOf,
    entry,
    programs,
    explain: options.explain ?? true,
    request: JSON.parse(requestJson) as Json,
    result: asJson(response),
  };
}

/** What `reproduce` found. */
export interface Reproduction {
  /** True when the replay's result is byte-identical (canonical JSON) to the record's. */
  identical: boolean;
  /** True when the record's `inputHash` matches its `request` (the record was not altered). */
  inputIntact: boolean;
  sameRulesVersion: boolean;
  sameParameters: boolean;
  /** `rulesVersion` of the record and of this package. */
  rulesVersion: { recorded: string; current: string };
  /** `parametersHash` of the record and of the set replayed with. */
  parametersHash: { recorded: string; current: string };
  /** Parameters whose definition changed, was added or was removed since the record, by name. */
  changedParameters: { changed: string[]; added: string[]; removed: string[] };
  /**
   * One line per finding, e.g. `rules version differs: 0.1.0 → 0.2.0`, `parameters differ:
   * dibao.standard changed`, `result differs`; empty when identical with the same version and
   * parameters.
   */
  differences: string[];
  /** The replay's result (plain JSON). */
  result: Json;
}

/**
 * Re-evaluates a record's request with this package and a parameter set (default: the loaded
 * files) and compares: whether the result is byte-identical, whether the rules version and the
 * parameters are the same, and if not which (parameter names changed, added, removed).
 * @param record a `DecisionRecord` (e.g. parsed back from its JSON)
 * @param options.parameters the parameter set to replay with
 * @throws the input errors of `evaluate` if the recorded request is no longer accepted.
 */
export function reproduce(record: DecisionRecord, options: { parameters?: ParameterSet } = {}): Reproduction {
  const request = record.request as unknown as EvaluationRequest;
  const evaluateOptions: EvaluateOptions = { explain: record.explain, parameters: options.parameters };
  const replayed =
    record.entry === 'evaluateDibao'
      ? evaluateDibao(request.household, request.asOf, evaluateOptions)
      : evaluate(request, { ...evaluateOptions, programs: record.programs });
  const result = asJson(replayed);
  const identical = canonicalJson(result) === canonicalJson(record.result);
  const inputIntact = sha256(canonicalJson(record.request)) === record.inputHash;
  const hashes = parameterHashes(options.parameters);
  const recorded = record.parameterHashes ?? {};
  const changed: string[] = [];
  const added: string[] = [];
  const removed: string[] = [];
  for (const [name, h] of Object.entries(hashes.byName)) {
    if (!(name in recorded)) added.push(name);
    else if (recorded[name] !== h) changed.push(name);
  }
  for (const name of Object.keys(recorded)) if (!(name in hashes.byName)) removed.push(name);
  changed.sort();
  added.sort();
  removed.sort();
  const sameRulesVersion = record.rulesVersion === RULES_VERSION;
  const sameParameters = record.parametersHash === hashes.parametersHash;
  const differences: string[] = [];
  if (!inputIntact) differences.push('input differs from its inputHash: the record was altered');
  if (!sameRulesVersion) differences.push(`rules version differs: ${record.rulesVersion} → ${RULES_VERSION}`);
  if (!sameParameters) {
    const which = [...changed.map((n) => `${n} changed`), ...added.map((n) => `${n} added`), ...removed.map((n) => `${n} removed`)];
    differences.push(`parameters differ: ${which.length > 0 ? which.join(', ') : 'parametersHash only'}`);
  }
  if (!identical) differences.push('result differs');
  return {
    identical,
    inputIntact,
    sameRulesVersion,
    sameParameters,
    rulesVersion: { recorded: record.rulesVersion, current: RULES_VERSION },
    parametersHash: { recorded: record.parametersHash, current: hashes.parametersHash },
    changedParameters: { changed, added, removed },
    differences,
    result,
  };
}
