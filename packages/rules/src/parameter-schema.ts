import { z } from 'zod';
import { isCalendarDate } from './dates';
import { CITATION_RE } from './clauses';
import { AREA_CODES } from './types';

/**
 * Schema of one parameter file in `packages/rules/parameters/<name>.yaml`:
 *
 * ```yaml
 * name: dibao.standard
 * description: 最低生活保障标准(每人每月)
 * unit: fen            # fen | rate | m2 | years | months | count
 * period: month        # optional: month | year | once (what the amount is per)
 * clause: DOMAIN default, interprets City §3   # or simply "City §7"
 * note: Illustrative figures until the city's published standards are entered.
 * reviewBy: 2015-12-31 # optional: confirm every value against the city's figure by this date
 * values:
 *   2014-01-01: { urban: 56000, rural: 40000 }
 *   2015-01-01: { urban: 60000, rural: 45000, reviewBy: 2016-06-30 }   # per value, overrides
 * ```
 * A value is a number, `{urban, rural}`, `{value}` (all), optionally with
 * `areas: {'150302': number | {urban, rural}}` overriding for an area, or `null` (repealed from that
 * date: no value in force). An object value may carry its own `reviewBy` (write `{value: 9000,
 * reviewBy: 2015-12-31}` for a single number); otherwise the file's `reviewBy` applies. Fen must be
 * non-negative safe integers; rates lie in [0, 1] with at most 4 decimals; years, months and counts
 * (`count`: a number of times or things, e.g. consecutive refused job referrals) are non-negative
 * integers; m² are non-negative.
 *
 * Issues about the source clause, money and rates carry `params.check` (`source-clause`, `money`,
 * `rate`) so `checkParameters` can report them by kind.
 */

export const UNITS = ['fen', 'rate', 'm2', 'years', 'months', 'count'] as const;
export type Unit = (typeof UNITS)[number];

/** Kinds of schema issue `checkParameters` reports under their own name. */
export type SchemaCheck = 'source-clause' | 'money' | 'rate' | 'invalid-value';

const num = z.number().finite();
const byHukou = z.strictObject({ urban: num.optional(), rural: num.optional() });
const areaCode = z.enum(AREA_CODES);
const calendarDate = (what: string) => z.string().refine(isCalendarDate, { error: `${what} must be a YYYY-MM-DD date` });

export const parameterValueSchema = z.union([
  z.null(),
  num,
  z.strictObject({
    value: num.optional(),
    urban: num.optional(),
    rural: num.optional(),
    areas: z.partialRecord(areaCode, z.union([num, byHukou])).optional(),
    reviewBy: calendarDate('reviewBy').optional(),
  }),
]);
export type ParameterValueSpec = z.infer<typeof parameterValueSchema>;

const dateKey = calendarDate('keys of values');

/** Every number of a value, its area overrides included. */
export function numbersOf(v: ParameterValueSpec): number[] {
  if (v === null) return [];
  if (typeof v === 'number') return [v];
  const out: number[] = [];
  for (const x of [v.value, v.urban, v.rural]) if (x !== undefined) out.push(x);
  for (const a of Object.values(v.areas ?? {})) {
    if (a === undefined) continue;
    if (typeof a === 'number') out.push(a);
    else for (const x of [a.urban, a.rural]) if (x !== undefined) out.push(x);
  }
  return out;
}

/**
 * Why `n` is not a valid amount of `unit`, or `undefined` when it is: fen must be a non-negative
 * safe integer, a rate a fraction in [0, 1] with at most 4 decimals, years, months and counts
 * non-negative integers, m² non-negative.
 */
export function unitProblem(unit: Unit, n: number): { check: SchemaCheck; message: string } | undefined {
  switch (unit) {
    case 'fen':
      return Number.isSafeInteger(n) && n >= 0 ? undefined : { check: 'money', message: `${n} fen is not a non-negative safe integer` };
    case 'rate':
      if (!(n >= 0 && n <= 1)) return { check: 'rate', message: `rate ${n} lies outside 0..1` };
      return Math.abs(n * 10000 - Math.round(n * 10000)) > 1e-6 ? { check: 'rate', message: `rate ${n} has more than 4 decimals` } : undefined;
    case 'years':
    case 'months':
    case 'count':
      return Number.isSafeInteger(n) && n >= 0 ? undefined : { check: 'invalid-value', message: `${n} ${unit} is not a non-negative integer` };
    case 'm2':
      return n >= 0 ? undefined : { check: 'invalid-value', message: `${n} m2 is negative` };
  }
}

/**
 * Why a source clause does not qualify, or `undefined` when it cites at least one of `City §N`,
 * `Reg. Art. N`, `MCA-2012 Art. N`. A `DOMAIN default` must name the clause it interprets.
 */
export function clauseProblem(clause: string): string | undefined {
  if (new RegExp(CITATION_RE.source).test(clause)) return undefined;
  return /^DOMAIN default/.test(clause)
    ? 'a DOMAIN default must name the clause it interprets (City §N, Reg. Art. N or MCA-2012 Art. N)'
    : 'clause must cite City §N, Reg. Art. N or MCA-2012 Art. N';
}

export const parameterFileSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/),
    description: z.string().regex(/[\u4e00-\u9fff]/, { error: 'description must be in Chinese' }),
    unit: z.enum(UNITS),
    period: z.enum(['month', 'year', 'once']).optional(),
    clause: z.string({ error: 'clause must cite City §N, Reg. Art. N or MCA-2012 Art. N' }).superRefine((c, ctx) => {
      const problem = clauseProblem(c);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, params: { check: 'source-clause' } });
    }),
    note: z.string().optional(),
    reviewBy: calendarDate('reviewBy').optional(),
    values: z.record(dateKey, parameterValueSchema).refine((v) => Object.keys(v).length > 0, { error: 'values must not be empty' }),
  })
  .superRefine((p, ctx) => {
    for (const [date, v] of Object.entries(p.values)) {
      for (const n of numbersOf(v)) {
        const problem = unitProblem(p.unit, n);
        if (problem) ctx.addIssue({ code: 'custom', path: ['values', date], message: problem.message, params: { check: problem.check } });
      }
    }
  });

export type ParameterFile = z.infer<typeof parameterFileSchema>;
