import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { extractCitations } from './clauses';
import { parseDate } from './dates';
import { MissingParameterError, ParameterFileError } from './errors';
import type { AreaCode, Hukou } from './types';
import { parameterFileSchema, type ParameterValueSpec, type Unit } from './parameter-schema';
import { CORE_PARAMETERS } from './parameter-names/core';
import { DIBAO_EXTRA_PARAMETERS } from './parameter-names/dibao-extras';
import { EDUCATION_HOUSING_PARAMETERS } from './parameter-names/education-housing-employment-temporary';
import { MEDICAL_FAMILY_PARAMETERS } from './parameter-names/tekun-family-planning-medical';
import { VERIFICATION_PARAMETERS } from './parameter-names/verification';

/**
 * Names of every parameter the code reads; each has a file `parameters/<name>.yaml`. Each group of
 * programs lists its own in `src/parameter-names/`.
 */
export const PARAMETER_NAMES = [...CORE_PARAMETERS, ...MEDICAL_FAMILY_PARAMETERS, ...EDUCATION_HOUSING_PARAMETERS, ...DIBAO_EXTRA_PARAMETERS, ...VERIFICATION_PARAMETERS] as const;
export type ParameterName = (typeof PARAMETER_NAMES)[number];

/** A validated parameter file plus what the loader derives from it. */
export interface ParameterDefinition {
  name: string;
  description: string;
  unit: Unit;
  period?: 'month' | 'year' | 'once';
  /** The clause text as written, e.g. `DOMAIN default, interprets City §3`. */
  clause: string;
  /** Citations named in `clause`, e.g. `['City §3']`. */
  citations: string[];
  /** True when the figure is a DOMAIN default rather than the policy's own number. */
  isDefault: boolean;
  note?: string;
  /** `YYYY-MM-DD` by which the file's values must be confirmed against the city's published figures. */
  reviewBy?: string;
  /**
   * Values by effective date, ascending. `reviewBy` is the value's own review date, else the
   * file's; absent when the figure needs no review.
   */
  values: { effectiveFrom: string; value: ParameterValueSpec; reviewBy?: string }[];
  file: string;
}

/** Who a parameter is read for. Both are optional; a value that varies by them needs them. */
export interface ParameterContext {
  hukou?: Hukou;
  area?: AreaCode;
}

/** The value of a parameter in force on a date, with where it comes from. */
export interface ParameterValue {
  name: string;
  /** The number, in `unit` (fen are integers). */
  value: number;
  unit: Unit;
  /** `YYYY-MM-DD` the value took effect. */
  effectiveFrom: string;
  clause: string;
  citations: string[];
  isDefault: boolean;
  description: string;
  /** `YYYY-MM-DD` by which this value must be confirmed against the city's published figure. */
  reviewBy?: string;
  /** Present when `reviewBy` is before today: the figure is overdue for confirmation. */
  stale?: true;
}

/** A parameter whose value in force is past its review date (see `staleParameters`). */
export interface StaleParameter {
  name: string;
  /** `YYYY-MM-DD` the value in force took effect. */
  effectiveFrom: string;
  /** `YYYY-MM-DD` by which it should have been confirmed. */
  reviewBy: string;
  isDefault: boolean;
  note?: string;
}

// Built once: constructing an Intl.DateTimeFormat costs tens of microseconds and memory, and
// `parameter()` asks for today's date on every read.
const WUHAI_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Wuhai (Asia/Shanghai), `YYYY-MM-DD`: the default "today" of review dates. */
export function currentDate(now: Date = new Date()): string {
  return WUHAI_DATE.format(now);
}

/** Directory the parameter files are read from: `packages/rules/parameters`. */
export const PARAMETERS_DIR = path.join(__dirname, '..', 'parameters');

/**
 * Parses and validates the text of one parameter file (zod schema of `schema.ts`).
 * @throws ParameterFileError `RULES.PARAMETER_FILE_INVALID` on YAML or schema errors, or when `name`
 *   differs from the file name.
 */
export function parseParameterFile(text: string, file: string): ParameterDefinition {
  let raw: unknown;
  try {
    // CORE_SCHEMA keeps `2014-01-01` keys as strings (the default schema would make them Dates).
    raw = yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file });
  } catch (e) {
    throw new ParameterFileError(file, (e as Error).message);
  }
  const parsed = parameterFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ParameterFileError(file, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const p = parsed.data;
  const base = path.basename(file).replace(/\.ya?ml$/, '');
  if (base !== p.name) throw new ParameterFileError(file, `name "${p.name}" must equal the file name "${base}"`);
  return {
    name: p.name,
    description: p.description,
    unit: p.unit,
    period: p.period,
    clause: p.clause,
    citations: extractCitations(p.clause),
    isDefault: /^DOMAIN default/.test(p.clause),
    note: p.note,
    ...(p.reviewBy !== undefined ? { reviewBy: p.reviewBy } : {}),
    values: Object.entries(p.values)
      .map(([effectiveFrom, value]) => {
        const reviewBy = (value !== null && typeof value === 'object' ? value.reviewBy : undefined) ?? p.reviewBy;
        return { effectiveFrom, value, ...(reviewBy !== undefined ? { reviewBy } : {}) };
      })
      .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)),
    file,
  };
}

/**
 * Reads and validates every `*.yaml` of a directory.
 * @throws ParameterFileError on any invalid file or a duplicated name.
 */
export function loadParameterDirectory(dir: string): Map<string, ParameterDefinition> {
  const defs = new Map<string, ParameterDefinition>();
  for (const f of fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const file = path.join(dir, f);
    const def = parseParameterFile(fs.readFileSync(file, 'utf8'), file);
    if (defs.has(def.name)) throw new ParameterFileError(file, `duplicate parameter ${def.name}`);
    defs.set(def.name, def);
  }
  return defs;
}

let cache: Map<string, ParameterDefinition> | undefined;

/**
 * Every parameter definition, loaded synchronously from `PARAMETERS_DIR` at first use and kept.
 * @throws ParameterFileError when a file is invalid or a name the code reads has no file.
 */
export function parameterDefinitions(): ReadonlyMap<string, ParameterDefinition> {
  if (!cache) {
    const defs = loadParameterDirectory(PARAMETERS_DIR);
    const missing = PARAMETER_NAMES.filter((n) => !defs.has(n));
    if (missing.length) throw new ParameterFileError(PARAMETERS_DIR, `no file for ${missing.join(', ')}`);
    cache = defs;
  }
  return cache;
}

/** The dated entry of a definition in force on `asOf` (latest effective date ≤ `asOf`), if any. */
export function entryInForce(def: ParameterDefinition, asOf: string): ParameterDefinition['values'][number] | undefined {
  let entry: ParameterDefinition['values'][number] | undefined;
  for (const e of def.values) if (e.effectiveFrom <= asOf) entry = e;
  return entry;
}

/**
 * Resolves a definition on a date: the entry with the latest effective date ≤ `asOf`, then, within
 * it, the area's value (for the hukou when it varies by hukou), else the hukou's value, else `value`.
 * @returns the value, or `undefined` with why none applies.
 */
export function resolveParameter(
  def: ParameterDefinition,
  asOf: string,
  context: ParameterContext = {},
): { value: number; effectiveFrom: string } | { missing: 'not-in-force' | 'no-value-for-context' } {
  parseDate(asOf, 'asOf');
  return resolveDefinition(def, asOf, context);
}

/** `resolveParameter` of an `asOf` already checked. */
export function resolveDefinition(
  def: ParameterDefinition,
  asOf: string,
  context: ParameterContext = {},
): { value: number; effectiveFrom: string } | { missing: 'not-in-force' | 'no-value-for-context' } {
  const entry = entryInForce(def, asOf);
  if (!entry || entry.value === null) return { missing: 'not-in-force' };
  const v = entry.value;
  const pick = (): number | undefined => {
    if (typeof v === 'number') return v;
    const areaValue = context.area !== undefined ? v.areas?.[context.area] : undefined;
    if (areaValue !== undefined) {
      if (typeof areaValue === 'number') return areaValue;
      return context.hukou !== undefined ? areaValue[context.hukou] : undefined;
    }
    const hukouValue = context.hukou !== undefined ? v[context.hukou] : undefined;
    return hukouValue ?? v.value;
  };
  const value = pick();
  return value === undefined ? { missing: 'no-value-for-context' } : { value, effectiveFrom: entry.effectiveFrom };
}

/**
 * The value of parameter `name` in force on `asOf` (`YYYY-MM-DD`) for a hukou type and area.
 * Units are those of the file (`fen` integers, `rate` fractions such as 0.05, `m2`, `years`,
 * `months`, `count`). When the value has a review date it carries `reviewBy`, and `stale: true`
 * when that date is before `options.today` (default: today in Wuhai) — the figure is overdue for
 * confirmation.
 * @throws MissingParameterError `RULES.MISSING_PARAMETER` when the name is unknown, nothing is in
 *   force on that date, or the value varies by a hukou/area not given — never a silent zero.
 * @throws InvalidInputError `RULES.INVALID_DATE` for a malformed `asOf` or `options.today`.
 */
export function parameter(
  name: ParameterName | string,
  asOf: string,
  context: ParameterContext = {},
  options: { today?: string } = {},
): ParameterValue {
  const def = parameterDefinitions().get(name);
  if (!def) {
    parseDate(asOf, 'asOf');
    throw new MissingParameterError(name, asOf, context, 'unknown-parameter');
  }
  const r = resolveParameter(def, asOf, context);
  if ('missing' in r) throw new MissingParameterError(name, asOf, context, r.missing);
  const reviewBy = entryInForce(def, asOf)?.reviewBy;
  if (options.today !== undefined) parseDate(options.today, 'today');
  // Today's date is asked only when the value has a review date (formatting it costs microseconds).
  const today = reviewBy !== undefined ? (options.today ?? currentDate()) : '';
  return {
    name,
    value: r.value,
    unit: def.unit,
    effectiveFrom: r.effectiveFrom,
    clause: def.clause,
    citations: def.citations,
    isDefault: def.isDefault,
    description: def.description,
    ...(reviewBy !== undefined ? { reviewBy } : {}),
    ...(reviewBy !== undefined && reviewBy < today ? { stale: true as const } : {}),
  };
}

/**
 * Parameters whose value in force on `asOf` is past its review date on `today`: figures a result
 * dated `asOf` relies on that should by now have been confirmed against the city's published ones.
 * Sorted by name.
 * @param defs the definitions to look at (default: those of `PARAMETERS_DIR`)
 * @throws InvalidInputError `RULES.INVALID_DATE` for a malformed date.
 */
export function staleParameters(
  asOf: string,
  today: string,
  defs: ReadonlyMap<string, ParameterDefinition> = parameterDefinitions(),
): StaleParameter[] {
  parseDate(asOf, 'asOf');
  parseDate(today, 'today');
  const out: StaleParameter[] = [];
  for (const def of defs.values()) {
    const entry = entryInForce(def, asOf);
    if (!entry || entry.value === null || entry.reviewBy === undefined || entry.reviewBy >= today) continue;
    out.push({
      name: def.name,
      effectiveFrom: entry.effectiveFrom,
      reviewBy: entry.reviewBy,
      isDefault: def.isDefault,
      ...(def.note !== undefined ? { note: def.note } : {}),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
