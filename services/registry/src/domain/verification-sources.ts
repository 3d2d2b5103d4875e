/**
 * The eight verification sources (City §18; Reg. Art. 58) and the exact CSV format of each
 * extract, as `shared/contracts/verification-sources.md` fixes it: column names, and what each
 * value must look like (money integer fen, months `YYYY-MM` — or `YYYY` for an annual figure, an
 * extension of the contract — dates `YYYY-MM-DD`, areas m², the
 * 18-character resident ID with its GB 11643 check character, the enumerations).
 *
 * Pure: the import use case reads the file and stores the rows; this module only says which
 * columns a header must have and whether one record is good (and how it is stored) or why not.
 */
import { z } from 'zod';
import { isCalendarDate, parseIdNumber, type IdNumberProblem } from '@wuhai/contracts';
import { missingColumns, duplicateColumns } from './source-import.errors';

/** The sources, in the order of the contract's table. */
export const SOURCES = ['hukou', 'tax', 'social-insurance', 'real-estate', 'business', 'housing-fund', 'vehicles', 'banks'] as const;
export type SourceName = (typeof SOURCES)[number];

/** True when `name` is one of the eight sources. */
export function isSourceName(name: string): name is SourceName {
  return (SOURCES as readonly string[]).includes(name);
}

/** The file name each source is delivered under (`hukou.csv`, …); `pnpm sources:import` looks for these. */
export const SOURCE_FILE_NAMES: Readonly<Record<SourceName, string>> = {
  hukou: 'hukou.csv',
  tax: 'tax.csv',
  'social-insurance': 'social-insurance.csv',
  'real-estate': 'real-estate.csv',
  business: 'business.csv',
  'housing-fund': 'housing-fund.csv',
  vehicles: 'vehicles.csv',
  banks: 'banks.csv',
};

/** How a value is written in the file and stored. */
type ValueKind =
  | { kind: 'idNumber' }
  | { kind: 'text' }
  | { kind: 'fen' }
  | { kind: 'month' }
  | { kind: 'date'; optional?: boolean }
  | { kind: 'areaM2' }
  | { kind: 'areaCode' }
  | { kind: 'sex' }
  | { kind: 'enum'; values: readonly [string, ...string[]] };

export interface SourceColumn {
  /** The column name in the CSV header (the contract's name). */
  name: string;
  /** The column of the source's table. */
  sql: string;
  value: ValueKind;
}

export interface SourceFormat {
  /** The table the good rows go to; its first columns are `file_id, line_no`, then `columns`. */
  table: string;
  columns: readonly SourceColumn[];
}

const col = (name: string, sql: string, value: ValueKind): SourceColumn => ({ name, sql, value });
const idNumber = col('idNumber', 'id_number', { kind: 'idNumber' });

/** Relations of a member to the head of the household (as the registry records them). */
export const HUKOU_RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other'] as const;

/** Each source's table and columns, in the contract's column order. */
export const SOURCE_FORMATS: Readonly<Record<SourceName, SourceFormat>> = {
  hukou: {
    table: 'source_hukou',
    columns: [
      idNumber,
      col('name', 'name', { kind: 'text' }),
      col('sex', 'sex', { kind: 'sex' }),
      col('birthDate', 'birth_date', { kind: 'date' }),
      col('householdNo', 'household_no', { kind: 'text' }),
      col('relation', 'relation', { kind: 'enum', values: HUKOU_RELATIONS }),
      col('area', 'area', { kind: 'areaCode' }),
      col('hukouType', 'hukou_type', { kind: 'enum', values: ['urban', 'rural'] }),
      col('status', 'status', { kind: 'enum', values: ['alive', 'deceased'] }),
      col('deathDate', 'death_date', { kind: 'date', optional: true }),
    ],
  },
  tax: {
    table: 'source_tax',
    columns: [idNumber, col('month', 'month', { kind: 'month' }), col('taxableIncomeFen', 'taxable_income_fen', { kind: 'fen' })],
  },
  'social-insurance': {
    table: 'source_social_insurance',
    columns: [
      idNumber,
      col('month', 'month', { kind: 'month' }),
      col('kind', 'kind', { kind: 'enum', values: ['pension', 'unemployment', 'contribution-base'] }),
      col('amountFen', 'amount_fen', { kind: 'fen' }),
    ],
  },
  'real-estate': {
    table: 'source_real_estate',
    columns: [
      idNumber,
      col('propertyId', 'property_id', { kind: 'text' }),
      col('floorAreaM2', 'floor_area_m2', { kind: 'areaM2' }),
      col('use', 'use', { kind: 'enum', values: ['residential', 'commercial'] }),
    ],
  },
  business: {
    table: 'source_business',
    columns: [
      idNumber,
      col('registrationNo', 'registration_no', { kind: 'text' }),
      col('registeredCapitalFen', 'registered_capital_fen', { kind: 'fen' }),
      col('status', 'status', { kind: 'enum', values: ['active', 'revoked'] }),
    ],
  },
  'housing-fund': {
    table: 'source_housing_fund',
    columns: [
      idNumber,
      col('month', 'month', { kind: 'month' }),
      col('contributionFen', 'contribution_fen', { kind: 'fen' }),
      col('baseFen', 'base_fen', { kind: 'fen' }),
    ],
  },
  vehicles: {
    table: 'source_vehicles',
    columns: [
      idNumber,
      col('plate', 'plate', { kind: 'text' }),
      col('kind', 'kind', { kind: 'enum', values: ['car', 'truck', 'motorcycle', 'disability-mobility'] }),
      col('valueFen', 'value_fen', { kind: 'fen' }),
    ],
  },
  banks: {
    table: 'source_banks',
    columns: [
      idNumber,
      col('institution', 'institution', { kind: 'text' }),
      col('kind', 'kind', { kind: 'enum', values: ['deposit', 'securities', 'insurance'] }),
      col('balanceFen', 'balance_fen', { kind: 'fen' }),
      col('asOf', 'as_of', { kind: 'date' }),
    ],
  },
};

/**
 * Where each of the source's columns is in a file's header row. Names are compared exactly
 * (surrounding spaces ignored); extra columns are allowed and ignored.
 * @returns for each contract column, in order, its index in the header
 * @throws DomainError `SOURCES.MISSING_COLUMNS` (invalid) naming every missing column, or
 *   `SOURCES.DUPLICATE_COLUMNS` when a contract column appears twice
 */
export function headerIndexes(source: SourceName, header: readonly string[]): number[] {
  const names = header.map((h) => h.trim());
  const columns = SOURCE_FORMATS[source].columns;
  const missing = columns.filter((c) => !names.includes(c.name)).map((c) => c.name);
  if (missing.length) throw missingColumns(source, missing);
  const twice = columns.filter((c) => names.indexOf(c.name) !== names.lastIndexOf(c.name)).map((c) => c.name);
  if (twice.length) throw duplicateColumns(source, twice);
  return columns.map((c) => names.indexOf(c.name));
}

const ID_PROBLEMS: Record<IdNumberProblem, string> = {
  'VALIDATION.ID_NUMBER_FORMAT': '须为18位数字（末位可为X）/ must be 17 digits and a digit or X',
  'VALIDATION.ID_NUMBER_BIRTH_DATE': '出生日期不存在 / holds an impossible birth date',
  'VALIDATION.ID_NUMBER_FUTURE_BIRTH_DATE': '出生日期在未来 / holds a birth date in the future',
  'VALIDATION.ID_NUMBER_CHECKSUM': '校验位错误 / wrong check character (GB 11643)',
};

/**
 * The period of a monthly source's row: a `YYYY-MM` month, or a `YYYY` year when the source gives
 * only an annual figure (1900–2099). An annual figure is stored as it came, with its period kind
 * (`period` = `year`), and is never divided into months (docs/decisions/0014-income-periods-and-tolerance.md).
 */
const PERIOD = /^(?:\d{4}-(?:0[1-9]|1[0-2])|(?:19|20)\d{2})$/;
/** Whole fen ≥ 0; at most 15 digits, so always a safe integer. */
const FEN = /^\d{1,15}$/;
/** numeric(10,2): up to 8 integer digits and 2 decimals. */
const AREA_M2 = /^\d{1,8}(\.\d{1,2})?$/;
/** Free text: 1–100 characters, no control characters (a NUL would fail COPY, a newline a line). */
const TEXT = /^[^\u0000-\u001f\u007f]{1,100}$/;

function valueSchema(v: ValueKind, today: string): z.ZodType<string> {
  switch (v.kind) {
    case 'idNumber': {
      // extracts list a person's rows together (12 months of tax, …): remember the last number
      let last: { raw: string; problem: IdNumberProblem | null } = { raw: '', problem: 'VALIDATION.ID_NUMBER_FORMAT' };
      return z.string().check((ctx) => {
        if (ctx.value !== last.raw) {
          const parsed = parseIdNumber(ctx.value, today);
          last = { raw: ctx.value, problem: parsed.ok ? null : parsed.problem };
        }
        if (last.problem) ctx.issues.push({ code: 'custom', message: ID_PROBLEMS[last.problem], input: ctx.value });
      });
    }
    case 'text':
      return z.string().regex(TEXT, { error: (i) => (i.input === '' ? '不能为空 / is empty' : `须为1–100个字符且无控制字符 / must be 1–100 characters without control characters`) });
    case 'fen':
      return z.string().regex(FEN, { error: (i) => `须为不小于0的整数分 / must be a whole number of fen ≥ 0 (${shown(i.input)})` });
    case 'month':
      return z.string().regex(PERIOD, { error: (i) => `须为 YYYY-MM 月份（仅有年度数时为 YYYY）/ must be a YYYY year (annual figure) or a YYYY-MM month (${shown(i.input)})` });
    case 'date': {
      const date = z.string().refine(calendarDateCheck(), { error: (i) => `须为有效日期 YYYY-MM-DD / must be a real YYYY-MM-DD date (${shown(i.input)})` });
      return v.optional ? z.union([z.literal(''), date]) : date;
    }
    case 'areaM2':
      return z.string().regex(AREA_M2, { error: (i) => `须为不小于0的面积（平方米，至多两位小数）/ must be m² ≥ 0 with at most 2 decimals (${shown(i.input)})` });
    case 'areaCode':
      return z.string().regex(/^\d{6}$/, { error: (i) => `须为6位行政区划代码 / must be a 6-digit area code (${shown(i.input)})` });
    case 'sex':
      return z.enum(['M', 'F'], { error: (i) => `须为 M 或 F / must be M or F (${shown(i.input)})` });
    case 'enum':
      return z.enum(v.values, { error: (i) => `须为 ${v.values.join(' / ')} 之一 / must be one of ${v.values.join(', ')} (${shown(i.input)})` });
  }
}

/**
 * `isCalendarDate` with a small memory: dates repeat a lot in an extract (birth dates, `asOf`), and
 * building a Date for each costs more than the rest of the check. Bounded: cleared at 10 000.
 */
function calendarDateCheck(): (value: string) => boolean {
  const known = new Map<string, boolean>();
  return (value) => {
    let ok = known.get(value);
    if (ok === undefined) {
      if (known.size >= 10_000) known.clear();
      ok = isCalendarDate(value);
      known.set(value, ok);
    }
    return ok;
  };
}

/** A value quoted for a reason, cut to 30 characters (reasons never echo ID numbers). */
function shown(input: unknown): string {
  const s = typeof input === 'string' ? input : String(input);
  return `got "${s.length > 30 ? `${s.slice(0, 30)}…` : s}"`;
}

/** A checked record: the values to store, in the source's column order; or why the line is bad. */
export type RecordCheck = { ok: true; values: (string | null)[] } | { ok: false; reason: string };

/**
 * Builds the check of one record of `source` (a zod tuple over the values in the contract's
 * column order): every value against its column's format, plus for hukou that a deceased person
 * has a death date (not before the birth date) and a living one none.
 * @param today `YYYY-MM-DD`; an ID number whose birth date is after it is rejected
 * @returns a function of the record's values in the contract's column order giving the values to
 *   store — the ID number upper-cased, an empty optional date as null — or the reasons, each
 *   `column: 中文 / English (got "…")`, joined by "; " (ID numbers are never echoed)
 */
export function sourceRecordCheck(source: SourceName, today: string): (values: readonly string[]) => RecordCheck {
  const columns = SOURCE_FORMATS[source].columns;
  const items = columns.map((c) => valueSchema(c.value, today)) as [z.ZodType<string>, ...z.ZodType<string>[]];
  let schema: z.ZodType<string[]> = z.tuple(items);
  if (source === 'hukou') {
    const at = (name: string) => columns.findIndex((c) => c.name === name);
    const [birth, status, death] = [at('birthDate'), at('status'), at('deathDate')];
    schema = z.tuple(items).superRefine((r, ctx) => {
      const deathDate = r[death];
      if (r[status] === 'deceased' && !deathDate) ctx.addIssue({ code: 'custom', path: [death], message: '已死亡者须有死亡日期 / a deceased person needs a death date' });
      if (r[status] === 'alive' && deathDate) ctx.addIssue({ code: 'custom', path: [death], message: '在世者不应有死亡日期 / a living person has no death date' });
      if (deathDate && deathDate < r[birth]!) ctx.addIssue({ code: 'custom', path: [death], message: '死亡日期早于出生日期 / is before the birth date' });
    });
  }
  const optional = columns.map((c) => c.value.kind === 'date' && c.value.optional === true);
  const idAt = columns.findIndex((c) => c.value.kind === 'idNumber');
  return (values) => {
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      return { ok: false, reason: parsed.error.issues.map((i) => `${columns[Number(i.path[0])]?.name ?? 'record'}: ${i.message}`).join('; ') };
    }
    const out: (string | null)[] = parsed.data.slice();
    out[idAt] = out[idAt]!.trim().toUpperCase();
    for (let i = 0; i < out.length; i++) if (optional[i] && out[i] === '') out[i] = null;
    return { ok: true, values: out };
  };
}
