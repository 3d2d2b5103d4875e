import type { EntityManager } from 'typeorm';
import { SOURCES, SOURCE_FORMATS, type SourceName } from '../domain/verification-sources';
import { verificationYears, type SourceRows } from '../domain/verification.rules';

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

/** One row as the union query returns it: source, file, line and the values as JSON. */
interface UnionRow {
  s: SourceName;
  /** bigint: pg gives it as a decimal string. */
  f: string;
  l: number;
  v: Record<string, unknown>;
}

/**
 * Reads the rows of the chosen files for the persons `idNumbers`, in one round trip of raw SQL
 * (no entity hydration; DESIGN.md pitfalls): every source's table by its `(id_number[, month])`
 * index, values as JSON (fen are at most 15 digits: safe integers). Each list comes back in the
 * order the source lists it (file, line).
 *
 * `file_id + 0` keeps the planner off the primary key `(file_id, line_no)`: right after a COPY the
 * table has no statistics, and a bitmap AND with the file's whole key range (every row of the file)
 * cost more than the rest of the run; a person's few rows come from the id_number index.
 */
export async function readSourceRows(manager: EntityManager, selection: SourceSelection, idNumbers: readonly string[]): Promise<SourceRows> {
  const rows: SourceRows = { hukou: [], tax: [], socialInsurance: [], housingFund: [], realEstate: [], business: [], vehicles: [], banks: [] };
  if (idNumbers.length === 0) return rows;
  const monthlyFiles = (s: MonthlySource) => [...new Set(selection.monthly[s].values())];
  const params: unknown[] = [
    idNumbers,
    selection.snapshot.hukou ?? null,
    selection.snapshot['real-estate'] ?? null,
    selection.snapshot.business ?? null,
    selection.snapshot.vehicles ?? null,
    selection.snapshot.banks ?? null,
    monthlyFiles('tax'),
    monthlyFiles('social-insurance'),
    monthlyFiles('housing-fund'),
    selection.periods,
  ];
  const found = (await manager.query(
    `SELECT 'hukou' AS s, file_id AS f, line_no AS l,
            json_build_object('idNumber', id_number, 'householdNo', household_no, 'relation', relation, 'status', status,
                              'deathDate', to_char(death_date, 'YYYY-MM-DD'), 'area', area, 'hukouType', hukou_type) AS v
       FROM source_hukou WHERE id_number = ANY($1) AND file_id + 0 = $2::bigint
     UNION ALL
     SELECT 'real-estate', file_id, line_no,
            json_build_object('idNumber', id_number, 'propertyId', property_id, 'floorAreaM2', floor_area_m2, 'use', use)
       FROM source_real_estate WHERE id_number = ANY($1) AND file_id + 0 = $3::bigint
     UNION ALL
     SELECT 'business', file_id, line_no,
            json_build_object('idNumber', id_number, 'registrationNo', registration_no, 'registeredCapitalFen', registered_capital_fen, 'status', status)
       FROM source_business WHERE id_number = ANY($1) AND file_id + 0 = $4::bigint
     UNION ALL
     SELECT 'vehicles', file_id, line_no,
            json_build_object('idNumber', id_number, 'plate', plate, 'kind', kind, 'valueFen', value_fen)
       FROM source_vehicles WHERE id_number = ANY($1) AND file_id + 0 = $5::bigint
     UNION ALL
     SELECT 'banks', file_id, line_no,
            json_build_object('idNumber', id_number, 'institution', institution, 'kind', kind, 'balanceFen', balance_fen, 'asOf', to_char(as_of, 'YYYY-MM-DD'))
       FROM source_banks WHERE id_number = ANY($1) AND file_id + 0 = $6::bigint
     UNION ALL
     SELECT 'tax', file_id, line_no,
            json_build_object('idNumber', id_number, 'month', month, 'taxableIncomeFen', taxable_income_fen)
       FROM source_tax WHERE id_number = ANY($1) AND file_id + 0 = ANY($7::bigint[]) AND month = ANY($10)
     UNION ALL
     SELECT 'social-insurance', file_id, line_no,
            json_build_object('idNumber', id_number, 'month', month, 'kind', kind, 'amountFen', amount_fen)
       FROM source_social_insurance WHERE id_number = ANY($1) AND file_id + 0 = ANY($8::bigint[]) AND month = ANY($10)
     UNION ALL
     SELECT 'housing-fund', file_id, line_no,
            json_build_object('idNumber', id_number, 'month', month, 'contributionFen', contribution_fen, 'baseFen', base_fen)
       FROM source_housing_fund WHERE id_number = ANY($1) AND file_id + 0 = ANY($9::bigint[]) AND month = ANY($10)
     ORDER BY s, f, l`,
    params,
  )) as UnionRow[];

  for (const r of found) {
    const v = r.v;
    // a period is read from the file chosen for it only (an older file may hold it too)
    if (isMonthly(r.s) && selection.monthly[r.s].get(String(v.month)) !== r.f) continue;
    for (const key of ['taxableIncomeFen', 'amountFen', 'contributionFen', 'baseFen', 'registeredCapitalFen', 'valueFen', 'balanceFen']) {
      if (key in v && !Number.isSafeInteger(v[key])) throw new Error(`source row ${r.s} ${r.f}:${r.l}: ${key} is not a safe integer`);
    }
    const idNumber = String(v.idNumber).trim();
    switch (r.s) {
      case 'hukou':
        rows.hukou.push({ ...(v as Omit<SourceRows['hukou'][number], 'idNumber'>), idNumber });
        break;
      case 'tax':
        rows.tax.push({ ...(v as Omit<SourceRows['tax'][number], 'idNumber'>), idNumber });
        break;
      case 'social-insurance':
        rows.socialInsurance.push({ ...(v as Omit<SourceRows['socialInsurance'][number], 'idNumber'>), idNumber });
        break;
      case 'housing-fund':
        rows.housingFund.push({ ...(v as Omit<SourceRows['housingFund'][number], 'idNumber'>), idNumber });
        break;
      case 'real-estate':
        rows.realEstate.push({ ...(v as Omit<SourceRows['realEstate'][number], 'idNumber'>), floorAreaM2: Number(v.floorAreaM2), idNumber });
        break;
      case 'business':
        rows.business.push({ ...(v as Omit<SourceRows['business'][number], 'idNumber'>), idNumber });
        break;
      case 'vehicles':
        rows.vehicles.push({ ...(v as Omit<SourceRows['vehicles'][number], 'idNumber'>), idNumber });
        break;
      case 'banks':
        rows.banks.push({ ...(v as Omit<SourceRows['banks'][number], 'idNumber'>), idNumber });
        break;
    }
  }
  return rows;
}
