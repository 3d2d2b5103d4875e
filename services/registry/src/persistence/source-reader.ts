import type { EntityManager } from 'typeorm';
import { SOURCES, SOURCE_FORMATS, type SourceName } from '../domain/verification-sources';
import { verificationYears, type SourceRows } from '../domain/verification.rules';
import { sourceIdKey } from './source-load';

/** Sources whose rows are per month: a later delivery of a month replaces that month only. */
export const MONTHLY_SOURCES = ['tax', 'social-insurance', 'housing-fund'] as const;
type MonthlySource = (typeof MONTHLY_SOURCES)[number];
/** Sources delivered as a snapshot of the whole register: the newest file is the register's state. */
type SnapshotSource = Exclude<SourceName, MonthlySource>;
const isMonthly = (s: SourceName): s is MonthlySource => (MONTHLY_SOURCES as readonly string[]).includes(s);

/**
 * Which periods each imported file of a monthly source covers: `YYYY-MM` months, and `YYYY` years
 * for annual figures. Imported files never change, so a file's periods are read once per process
 * (`SELECT DISTINCT month … WHERE file_id`, an index range over the file's own rows) and kept.
 */
export class SourceMonthCoverage {
  private readonly known = new Map<string, Promise<ReadonlySet<string>>>();

  /** The periods (`YYYY-MM` months, `YYYY` years) that file `fileId` of `source` holds rows for. */
  monthsOf(manager: EntityManager, source: MonthlySource, fileId: string): Promise<ReadonlySet<string>> {
    let months = this.known.get(fileId);
    if (!months) {
      months = (manager.query(`SELECT DISTINCT month FROM ${SOURCE_FORMATS[source].table} WHERE file_id = $1`, [fileId]) as Promise<{ month: string }[]>).then(
        (rows) => new Set(rows.map((r) => r.month)),
      );
      months.catch(() => this.known.delete(fileId)); // a failed read is not remembered
      this.known.set(fileId, months);
    }
    return months;
  }
}

/** The files a run reads: the newest file of each snapshot source; per period, the newest file holding that period. */
export interface SourceSelection {
  snapshot: Partial<Record<SnapshotSource, string>>;
  /** Per monthly source, the file chosen for each period (`YYYY-MM` month or `YYYY` year). */
  monthly: Record<MonthlySource, Map<string, string>>;
  /** The periods read: the months compared, then the years they fall in (for annual figures). */
  periods: string[];
  /** Per source, in the contract's order, the file ids read (empty: nothing imported). */
  used: { source: SourceName; fileIds: string[] }[];
}

/**
 * Chooses the files a verification reads for `months` ("the newest imported rows per source";
 * docs/decisions/0009-verification-comparison.md): a snapshot source (hukou, real estate, business,
 * vehicles, banks) by its newest file; a monthly source (tax, social insurance, housing fund) month
 * by month, each month from the newest file that holds it — so a delivery of one month does not
 * hide the eleven before it, and a re-delivered month replaces the old one. Annual figures (`YYYY`)
 * of the years the months fall in are chosen the same way, year by year.
 */
export async function selectSourceFiles(manager: EntityManager, coverage: SourceMonthCoverage, months: readonly string[]): Promise<SourceSelection> {
  const periods = [...months, ...verificationYears(months)];
  const files = (await manager.query('SELECT id::text AS id, source FROM source_files ORDER BY imported_at DESC, id DESC')) as { id: string; source: SourceName }[];
  const snapshot: SourceSelection['snapshot'] = {};
  const monthly = { tax: new Map(), 'social-insurance': new Map(), 'housing-fund': new Map() } as SourceSelection['monthly'];
  for (const source of SOURCES) {
    const newestFirst = files.filter((f) => f.source === source);
    if (!isMonthly(source)) {
      if (newestFirst[0]) snapshot[source] = newestFirst[0].id;
      continue;
    }
    const chosen = monthly[source];
    for (const f of newestFirst) {
      if (chosen.size === periods.length) break;
      const held = await coverage.monthsOf(manager, source, f.id);
      for (const p of periods) if (!chosen.has(p) && held.has(p)) chosen.set(p, f.id);
    }
  }
  const used = SOURCES.map((source) => ({
    source,
    fileIds: isMonthly(source) ? [...new Set(monthly[source].values())].sort((a, b) => Number(a) - Number(b)) : snapshot[source] ? [snapshot[source]!] : [],
  }));
  return { snapshot, monthly, periods, used };
}

/** The columns read per source (aliases are the domain's names; money as text, checked into safe integers). */
const READS: Record<SourceName, { key: keyof SourceRows; columns: string }> = {
  hukou: {
    key: 'hukou',
    columns: `household_no AS "householdNo", relation, status, to_char(death_date, 'YYYY-MM-DD') AS "deathDate", area, hukou_type AS "hukouType"`,
  },
  tax: { key: 'tax', columns: `month, taxable_income_fen::text AS "taxableIncomeFen"` },
  'social-insurance': { key: 'socialInsurance', columns: `month, kind, amount_fen::text AS "amountFen"` },
  'real-estate': { key: 'realEstate', columns: `property_id AS "propertyId", floor_area_m2::text AS "floorAreaM2", use` },
  business: { key: 'business', columns: `registration_no AS "registrationNo", registered_capital_fen::text AS "registeredCapitalFen", status` },
  'housing-fund': { key: 'housingFund', columns: `month, contribution_fen::text AS "contributionFen", base_fen::text AS "baseFen"` },
  vehicles: { key: 'vehicles', columns: `plate, kind, value_fen::text AS "valueFen"` },
  banks: { key: 'banks', columns: `institution, kind, balance_fen::text AS "balanceFen", to_char(as_of, 'YYYY-MM-DD') AS "asOf"` },
};
const MONEY = ['taxableIncomeFen', 'amountFen', 'contributionFen', 'baseFen', 'registeredCapitalFen', 'valueFen', 'balanceFen'];

/**
 * Reads the rows of the chosen files for the persons `idNumbers`: one query per source table (raw
 * SQL, typed columns, no entity hydration; DESIGN.md pitfalls), each by its index on the person's
 * key (`id_key`, docs/decisions/0018-source-index-by-id-key.md; the ID number is compared too), in
 * the order the source lists them (file, line). Fen come back as safe integers, areas as
 * numbers; a monthly source's period is read only from the file chosen for it.
 *
 * Each file is a partition of its own (docs/decisions/0016-source-partitions-per-file.md):
 * `file_id = ANY(…)` reads only the chosen files' partitions, each by its `id_key` index.
 */
export async function readSourceRows(manager: EntityManager, selection: SourceSelection, idNumbers: readonly string[]): Promise<SourceRows> {
  const rows: SourceRows = { hukou: [], tax: [], socialInsurance: [], housingFund: [], realEstate: [], business: [], vehicles: [], banks: [] };
  // every stored row's ID number has a key; a number without one matches no row
  const keys = [...new Set(idNumbers.map(sourceIdKey).filter((k): k is string => k !== undefined))];
  if (keys.length === 0) return rows;
  for (const source of SOURCES) {
    const files = isMonthly(source) ? [...new Set(selection.monthly[source].values())] : selection.snapshot[source] ? [selection.snapshot[source]!] : [];
    if (files.length === 0) continue;
    const read = READS[source];
    const found = (await manager.query(
      `SELECT file_id::text AS f, trim(id_number) AS "idNumber", ${read.columns}
         FROM ${SOURCE_FORMATS[source].table}
        WHERE id_key = ANY($1::bigint[]) AND id_number = ANY($2) AND file_id = ANY($3::bigint[])${isMonthly(source) ? ' AND month = ANY($4)' : ''}
        ORDER BY file_id, line_no`,
      isMonthly(source) ? [keys, idNumbers, files, selection.periods] : [keys, idNumbers, files],
    )) as (Record<string, string | null> & { f: string })[];
    const list = rows[read.key] as unknown as Record<string, unknown>[];
    const chosen = isMonthly(source) ? selection.monthly[source] : undefined;
    for (const r of found) {
      // a period is read from the file chosen for it only (an older file may hold it too)
      if (chosen && chosen.get(String(r.month)) !== r.f) continue;
      const { f: _file, ...v } = r as Record<string, unknown>;
      for (const key of MONEY) {
        if (key in v) {
          const n = Number(v[key]);
          if (!Number.isSafeInteger(n)) throw new Error(`source row ${source} of file ${r.f}: ${key} is not a safe integer`);
          v[key] = n;
        }
      }
      if ('floorAreaM2' in v) v.floorAreaM2 = Number(v.floorAreaM2);
      list.push(v);
    }
  }
  return rows;
}
