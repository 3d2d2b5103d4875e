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
 * unit: fen            # fen | rate | m2 | years | months
 * period: month        # optional: month | year | once (what the amount is per)
 * clause: DOMAIN default, interprets City §3   # or simply "City §7"
 * values:
 *   2014-01-01: { urban: 56000, rural: 40000 }
 *   2015-01-01: { urban: 60000, rural: 45000 }
 * ```
 * A value is a number, `{urban, rural}`, `{value}` (all), optionally with
 * `areas: {'150302': number | {urban, rural}}` overriding for an area, or `null` (repealed from that
 * date: no value in force). Fen must be integers; rates lie in [0, 1] with at most 4 decimals.
 */

export const UNITS = ['fen', 'rate', 'm2', 'years', 'months'] as const;
export type Unit = (typeof UNITS)[number];

const num = z.number().finite();
const byHukou = z.strictObject({ urban: num.optional(), rural: num.optional() });
const areaCode = z.enum(AREA_CODES);

export const parameterValueSchema = z.union([
  z.null(),
  num,
  z.strictObject({
    value: num.optional(),
    urban: num.optional(),
    rural: num.optional(),
    areas: z.partialRecord(areaCode, z.union([num, byHukou])).optional(),
  }),
]);
export type ParameterValueSpec = z.infer<typeof parameterValueSchema>;

const dateKey = z.string().refine(isCalendarDate, { error: 'keys of values must be YYYY-MM-DD dates' });

function numbersOf(v: ParameterValueSpec): number[] {
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

export const parameterFileSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/),
    description: z.string().regex(/[\u4e00-\u9fff]/, { error: 'description must be in Chinese' }),
    unit: z.enum(UNITS),
    period: z.enum(['month', 'year', 'once']).optional(),
    clause: z.string().refine((c) => new RegExp(CITATION_RE.source).test(c), {
      error: 'clause must cite City §N, Reg. Art. N or MCA-2012 Art. N',
    }),
    note: z.string().optional(),
    values: z.record(dateKey, parameterValueSchema).refine((v) => Object.keys(v).length > 0, { error: 'values must not be empty' }),
  })
  .superRefine((p, ctx) => {
    for (const [date, v] of Object.entries(p.values)) {
      for (const n of numbersOf(v)) {
        const bad =
          n < 0 ||
          ((p.unit === 'fen' || p.unit === 'years' || p.unit === 'months') && !Number.isSafeInteger(n)) ||
          (p.unit === 'rate' && (n > 1 || Math.abs(n * 10000 - Math.round(n * 10000)) > 1e-6));
        if (bad) ctx.addIssue({ code: 'custom', path: ['values', date], message: `${n} is not a valid ${p.unit} value` });
      }
    }
  });

export type ParameterFile = z.infer<typeof parameterFileSchema>;
