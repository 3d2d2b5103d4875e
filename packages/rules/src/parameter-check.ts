import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as yaml from 'js-yaml';
import { isCalendarDate, parseDate } from './dates';
import { parameterFileSchema, type SchemaCheck } from './parameter-schema';
import {
  PARAMETER_NAMES,
  PARAMETERS_DIR,
  currentDate,
  entryInForce,
  parseParameterFile,
  resolveParameter,
  type ParameterDefinition,
} from './parameters';
import { AREA_CODES, type Hukou } from './types';

/**
 * The CI check of the parameter files (`pnpm rules:check`): every file cites its source, every
 * parameter a formula reads has a value in force from 2014-01-01 for both hukou and every area,
 * amounts are valid for their unit, dates are ascending and unique — errors; files no formula reads
 * and values past their `reviewBy` date — warnings.
 */

/** Kinds of problem the check reports. */
export type ParameterProblemCode =
  | SchemaCheck
  | 'invalid-file'
  | 'duplicate-date'
  | 'date-order'
  | 'missing-file'
  | 'not-in-force'
  | 'no-value-for-context'
  | 'unused-file'
  | 'stale-value';

/** One finding of the check. Errors fail CI; warnings are listed only. */
export interface ParameterProblem {
  severity: 'error' | 'warning';
  /** The parameter name (for a file, its name without `.yaml`). */
  parameter: string;
  problem: ParameterProblemCode;
  detail: string;
}

/** What the table shows in its "problem" column, per kind. */
export const PROBLEM_LABELS: Record<ParameterProblemCode, string> = {
  'source-clause': 'no source clause',
  money: 'invalid money (fen)',
  rate: 'invalid rate',
  'invalid-value': 'invalid value',
  'invalid-file': 'invalid file',
  'duplicate-date': 'duplicate date',
  'date-order': 'dates out of order',
  'missing-file': 'no parameter file',
  'not-in-force': 'no value in force',
  'no-value-for-context': 'hukou/area missing',
  'unused-file': 'no formula reads it',
  'stale-value': 'past review date',
};

export interface ParameterCheckOptions {
  /** Directory of the `*.yaml` files (default `PARAMETERS_DIR`). */
  dir?: string;
  /** Names the formulas read (default `PARAMETER_NAMES`). */
  names?: readonly string[];
  /** `YYYY-MM-DD` the review dates are compared with (default today in Wuhai). */
  today?: string;
  /** First date a value must be in force (default `2014-01-01`, the policy's start). */
  from?: string;
}

export interface ParameterCheckReport {
  dir: string;
  today: string;
  /** Number of `*.yaml` files read. */
  files: number;
  errors: ParameterProblem[];
  warnings: ParameterProblem[];
}

/** The policy (乌海政发〔2014〕73号) applies from this date; every parameter read needs a value from it. */
export const POLICY_START = '2014-01-01';

const HUKOUS: Hukou[] = ['urban', 'rural'];
const DATE_KEY_LINE = /^\s*['"]?(\d{4}-\d{2}-\d{2})['"]?\s*:/;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Dates written twice as keys of one file, found in its text (YAML refuses to load such a file). */
function duplicatedDateKeys(text: string): { date: string; lines: number[] }[] {
  const seen = new Map<string, number[]>();
  text.split(/\r?\n/).forEach((line, i) => {
    const m = DATE_KEY_LINE.exec(line);
    if (m) seen.set(m[1]!, [...(seen.get(m[1]!) ?? []), i + 1]);
  });
  return [...seen].filter(([, lines]) => lines.length > 1).map(([date, lines]) => ({ date, lines }));
}

/** Reads one file: its own problems, and its definition when it is valid. */
function checkFile(file: string, base: string): { problems: ParameterProblem[]; def?: ParameterDefinition } {
  const problems: ParameterProblem[] = [];
  const error = (problem: ParameterProblemCode, detail: string) => problems.push({ severity: 'error', parameter: base, problem, detail });
  const text = fs.readFileSync(file, 'utf8');

  let raw: unknown;
  try {
    raw = yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file });
  } catch (e) {
    const message = (e as Error).message.split('\n')[0] ?? '';
    const duplicates = /duplicated mapping key/.test(message) ? duplicatedDateKeys(text) : [];
    if (duplicates.length) for (const d of duplicates) error('duplicate-date', `${d.date} is given ${d.lines.length} times (lines ${d.lines.join(', ')})`);
    else error('invalid-file', `YAML: ${message}`);
    return { problems };
  }

  if (isRecord(raw) && isRecord(raw.values)) {
    const dates = Object.keys(raw.values);
    for (let i = 1; i < dates.length; i++) {
      if (dates[i]! <= dates[i - 1]!) error('date-order', `${dates[i]} comes after ${dates[i - 1]}; values must be in ascending date order`);
    }
  }

  const parsed = parameterFileSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = issue.path.join('.');
      const check = issue.code === 'custom' ? (issue.params as { check?: SchemaCheck } | undefined)?.check : undefined;
      if (issue.path[0] === 'clause') error('source-clause', issue.message);
      else if (check) error(check, `${where}: ${issue.message}`);
      else error('invalid-file', `${where || '(file)'}: ${issue.message}`);
    }
    return { problems };
  }
  if (parsed.data.name !== base) {
    error('invalid-file', `name "${parsed.data.name}" must equal the file name "${base}"`);
    return { problems };
  }
  return { problems, def: parseParameterFile(text, file) };
}

/**
 * Errors when a parameter a formula reads has no value in force on some date from `from` on. The
 * formulas read every parameter with the household's hukou and area, so each value from the one in
 * force on `from` must resolve for both hukou in every area: a value split by hukou needs both, and
 * per-area overrides must be complete or fall back to the city value.
 */
function coverageProblems(def: ParameterDefinition, from: string): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  const error = (problem: ParameterProblemCode, detail: string) => problems.push({ severity: 'error', parameter: def.name, problem, detail });
  const first = entryInForce(def, from);
  if (!first) error('not-in-force', `nothing in force on ${from}; the first value takes effect ${def.values[0]?.effectiveFrom ?? '(none)'}`);
  const start = first?.effectiveFrom ?? from;
  for (const entry of def.values.filter((e) => e.effectiveFrom >= start)) {
    if (entry.value === null) {
      error('not-in-force', `repealed (null) from ${entry.effectiveFrom}, but a formula still reads it`);
      continue;
    }
    for (const hukou of HUKOUS) {
      const areas = AREA_CODES.filter((area) => 'missing' in resolveParameter(def, entry.effectiveFrom, { hukou, area }));
      if (areas.length) {
        error('no-value-for-context', `value of ${entry.effectiveFrom} has nothing for ${hukou} hukou in area ${areas.join(', ')} (no override and no city value)`);
      }
    }
  }
  return problems;
}

/** Warnings for values in force by `today` whose review date is before `today`. */
function staleProblems(def: ParameterDefinition, today: string): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  def.values.forEach((entry, i) => {
    if (entry.value === null || entry.effectiveFrom > today || entry.reviewBy === undefined || entry.reviewBy >= today) return;
    const next = def.values[i + 1];
    const status = next && next.effectiveFrom <= today ? `superseded ${next.effectiveFrom}` : 'in force';
    problems.push({ severity: 'warning', parameter: def.name, problem: 'stale-value', detail: `value of ${entry.effectiveFrom} (${status}): reviewBy ${entry.reviewBy} has passed` });
  });
  return problems;
}

/**
 * Runs every check on a parameter directory.
 * @throws InvalidInputError `RULES.INVALID_DATE` for a malformed `today` or `from`.
 */
export function checkParameters(options: ParameterCheckOptions = {}): ParameterCheckReport {
  const dir = options.dir ?? PARAMETERS_DIR;
  const names = new Set(options.names ?? PARAMETER_NAMES);
  const today = options.today ?? currentDate();
  const from = options.from ?? POLICY_START;
  parseDate(today, 'today');
  parseDate(from, 'from');

  const problems: ParameterProblem[] = [];
  const defs = new Map<string, ParameterDefinition>();
  const present = new Set<string>();
  const files = fs.readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
  for (const f of files) {
    const base = f.replace(/\.ya?ml$/, '');
    if (present.has(base)) {
      problems.push({ severity: 'error', parameter: base, problem: 'invalid-file', detail: `${f}: a second file for the same parameter` });
      continue;
    }
    present.add(base);
    const { problems: own, def } = checkFile(path.join(dir, f), base);
    problems.push(...own);
    if (def) defs.set(def.name, def);
    if (!names.has(base)) {
      problems.push({ severity: 'warning', parameter: base, problem: 'unused-file', detail: `${f} is not in PARAMETER_NAMES: no formula reads it` });
    }
  }
  for (const name of names) {
    const def = defs.get(name);
    if (def) problems.push(...coverageProblems(def, from));
    else if (!present.has(name)) problems.push({ severity: 'error', parameter: name, problem: 'missing-file', detail: `a formula reads it but there is no ${name}.yaml` });
  }
  for (const def of defs.values()) problems.push(...staleProblems(def, today));

  const byParameter = (a: ParameterProblem, b: ParameterProblem) => a.parameter.localeCompare(b.parameter);
  return {
    dir,
    today,
    files: files.length,
    errors: problems.filter((p) => p.severity === 'error').sort(byParameter),
    warnings: problems.filter((p) => p.severity === 'warning').sort(byParameter),
  };
}

/** Columns in terminal cells: CJK and full-width characters take two. */
function cellWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/** A plain-text table indented by two spaces: header, rule, rows; the last column is not padded. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(cellWidth(h), ...rows.map((r) => cellWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - cellWidth(c))))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}

/** The report as text: a heading, a table of errors and one of warnings, a verdict. */
export function formatReport(report: ParameterCheckReport, dirLabel = report.dir): string {
  const table = (list: ParameterProblem[]) => formatTable(['parameter', 'problem', 'detail'], list.map((p) => [p.parameter, PROBLEM_LABELS[p.problem], p.detail]));
  const out = [`Parameter check of ${dirLabel} on ${report.today}: ${report.files} files`, ''];
  out.push(`Errors (${report.errors.length})`, report.errors.length ? table(report.errors) : '  none', '');
  out.push(`Warnings (${report.warnings.length})`, report.warnings.length ? table(report.warnings) : '  none', '');
  out.push(report.errors.length ? `FAILED: ${report.errors.length} error(s), ${report.warnings.length} warning(s)` : `OK: no errors, ${report.warnings.length} warning(s)`);
  return out.join('\n');
}

const USAGE = 'usage: rules:check [--today YYYY-MM-DD] [--dir <parameters directory>]';

/**
 * The `rules:check` command: checks the parameter files and prints the report.
 * @param names the names formulas read (default `PARAMETER_NAMES`; tests pass their own)
 * @returns the exit code: 0 without errors (warnings do not fail), 1 with errors, 2 on bad usage.
 */
export function runCheckCli(
  argv: string[],
  out: (text: string) => void,
  err: (text: string) => void,
  { names = PARAMETER_NAMES }: { names?: readonly string[] } = {},
): number {
  let values: { today?: string; dir?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { today: { type: 'string' }, dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (e) {
    err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (values.today !== undefined && !isCalendarDate(values.today)) {
    err(`--today must be a YYYY-MM-DD date, got "${values.today}"\n${USAGE}`);
    return 2;
  }
  const dir = values.dir !== undefined ? path.resolve(values.dir) : PARAMETERS_DIR;
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    err(`${dir} is not a directory\n${USAGE}`);
    return 2;
  }
  const report = checkParameters({ dir, names, ...(values.today !== undefined ? { today: values.today } : {}) });
  out(formatReport(report, path.relative(process.cwd(), dir) || '.'));
  return report.errors.length ? 1 : 0;
}
