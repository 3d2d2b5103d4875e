import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { MissingParameterError, parameter, parameterDefinitions } from '@wuhai/rules';
import { SUBJECTS, type VerificationCompleted, type VerificationReportMsg, type VerifyHouseholdsResponseMsg } from '@wuhai/contracts';
import { cityDate, requireDepartment, type Caller, type Clock } from '@wuhai/service-kit';
import { authorisationStatus, type AuthorisationStatus, type Signature } from '../domain/authorisation.rules';
import { toleranceNotInForce, tooManyHouseholds } from '../domain/verification.errors';
import { compareHousehold, verificationMonths, type Finding, type IncomeTolerance, type Inquiry, type Mismatch, type SourceRows } from '../domain/verification.rules';
import { readSourceRows, selectSourceFiles, type SourceMonthCoverage, type SourceSelection } from '../persistence/source-reader';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Households of one bulk call: the most a list may name, and the default and largest page of `all`. */
export const VERIFY_LIST_MAX = 2000;
export const VERIFY_PAGE_DEFAULT = 500;

export interface VerificationDeps {
  ds: DataSource;
  clock: Clock;
  coverage: SourceMonthCoverage;
  kickOutbox(): void;
}

/** A dated parameter as a report records it. */
export interface ReportParameter {
  name: string;
  /** Decimal text, in `unit`. */
  value: string;
  unit: string;
  effectiveFrom: string;
  clause: string;
}

/** A stored report as its columns come back from raw SQL (`findings` only when asked for). */
export interface ReportRecord {
  id: string;
  householdId: string;
  householdNo: string;
  version: number;
  runAt: Date;
  runBy: string;
  asOf: string;
  monthsFrom: string;
  monthsTo: string;
  sources: { source: string; fileIds: string[] }[];
  findings: Finding[] | null;
  mismatches: Mismatch[];
  mismatchCount: number;
  authorisationIds: string[];
  inquiries: Inquiry[];
  inquiryCount: number;
  parameters: ReportParameter[];
}

/** What one household of a run came to. */
export type HouseholdOutcome =
  | { householdId: string; outcome: 'verified'; report: ReportRecord }
  | { householdId: string; outcome: 'not-authorised'; missing: { personId: string; name: string }[] }
  | { householdId: string; outcome: 'not-found' };

/** What a run needs besides the households: its date, months, files, tolerance, who and why. */
export interface RunContext {
  asOf: string;
  months: string[];
  selection: SourceSelection;
  tolerance: IncomeTolerance;
  parameters: ReportParameter[];
  runBy: string;
  /** A bulk run's key: a household with a report of this key answers it instead of running again. */
  runKey: string | null;
  correlationId: string;
}

/** The parameters of the income tolerance (decision 0014). */
const TOLERANCE_PARAMETERS = ['verification.income-tolerance-rate', 'verification.income-tolerance-minimum'] as const;

/**
 * The income tolerance in force on `asOf` (`verification.income-tolerance-rate` and
 * `-minimum`, dated parameters of the rules package; City §18) and the report's record of them.
 * @throws DomainError `RULES.MISSING_PARAMETER` (invalid, field `asOf`) naming each of
 *   the two without a value on that date (before 2014-01-01) and when it begins
 */
export function toleranceOn(asOf: string): { tolerance: IncomeTolerance; parameters: ReportParameter[] } {
  const missing = TOLERANCE_PARAMETERS.filter((name) => {
    try {
      parameter(name, asOf);
      return false;
    } catch (err) {
      if (err instanceof MissingParameterError) return true;
      throw err;
    }
  });
  if (missing.length) {
    throw toleranceNotInForce(
      asOf,
      missing.map((name) => ({ name, firstEffectiveFrom: parameterDefinitions().get(name)?.values[0]?.effectiveFrom ?? '' })),
    );
  }
  const rate = parameter('verification.income-tolerance-rate', asOf);
  const minimum = parameter('verification.income-tolerance-minimum', asOf);
  const record = (p: typeof rate): ReportParameter => ({ name: p.name, value: String(p.value), unit: p.unit, effectiveFrom: p.effectiveFrom, clause: p.clause });
  return { tolerance: { rate: rate.value, minimumFen: minimum.value }, parameters: [record(rate), record(minimum)] };
}

/**
 * Reads and checks the rules package's parameter files now (they are otherwise read at the first
 * verification): a service loads them once at start, so it fails at start on a bad file and reads
 * the same figures for its whole life, whatever happens to the files on disk meanwhile.
 * @throws ParameterFileError when a file is invalid or a parameter the code reads has none
 */
export function loadVerificationParameters(): void {
  parameterDefinitions();
}

/** The run's context on the clock's date: months, the files to read, the tolerance. */
export async function runContext(manager: EntityManager, deps: Pick<VerificationDeps, 'clock' | 'coverage'>, runBy: string, runKey: string | null, correlationId: string): Promise<RunContext> {
  const asOf = cityDate(deps.clock.now());
  const months = verificationMonths(asOf);
  const selection = await selectSourceFiles(manager, deps.coverage, months);
  return { asOf, months, selection, ...toleranceOn(asOf), runBy, runKey, correlationId };
}

/**
 * Verifies the households `householdIds` inside the caller's transaction (City §18; the same
 * comparison as a single run, docs/decisions/0009, 0014): locks their rows (in id order), reads
 * members, signatures and the source rows of every member at once (one query per table, not one
 * per household), compares each household, stores each report (version n + 1 of its household,
 * immutable) and announces each `wuhai.registry.verification.completed.v1` through the outbox —
 * set-based inserts. A household whose adult members have not all signed gets no report.
 * @returns one outcome per distinct id, in the order given
 */
export async function verifyHouseholdsIn(manager: EntityManager, ctx: RunContext, householdIds: readonly string[]): Promise<HouseholdOutcome[]> {
  const ids = [...new Set(householdIds.map((h) => h.toLowerCase()))];
  const valid = ids.filter((h) => UUID.test(h));
  if (valid.length === 0) return ids.map((householdId) => ({ householdId, outcome: 'not-found' as const }));

  // the households' row locks: one run at a time per household (versions), no change mid-run
  const households = (await manager.query(
    `SELECT id, household_no, financial_fen::text AS financial, vehicles, disability_vehicles, residences, business_capital_fen::text AS business
       FROM households WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [valid],
  )) as { id: string; household_no: string; financial: string; vehicles: number; disability_vehicles: number; residences: number; business: string }[];
  const found = new Map(households.map((h) => [h.id, h]));

  const done = new Map<string, ReportRecord>();
  if (ctx.runKey !== null && households.length) {
    for (const r of await readReports(manager, { runKey: ctx.runKey, householdIds: households.map((h) => h.id) }, false)) done.set(r.householdId, r);
  }
  const pending = households.filter((h) => !done.has(h.id)).map((h) => h.id);

  const members = new Map<string, { personId: string; idNumber: string; name: string; birthDate: string; monthlyIncomeFen: number }[]>();
  const signatures = new Map<string, Signature[]>();
  if (pending.length) {
    const personRows = (await manager.query(
      `SELECT household_id, id, id_number, name, birth_date::text AS birth_date, monthly_income_fen::text AS income
         FROM persons WHERE household_id = ANY($1::uuid[]) ORDER BY household_id, position, id`,
      [pending],
    )) as { household_id: string; id: string; id_number: string; name: string; birth_date: string; income: string }[];
    for (const r of personRows) {
      const list = members.get(r.household_id) ?? [];
      list.push({ personId: r.id, idNumber: r.id_number, name: r.name, birthDate: r.birth_date, monthlyIncomeFen: safe(r.income, `monthly income of person ${r.id}`) });
      members.set(r.household_id, list);
    }
    const signatureRows = (await manager.query(
      'SELECT id::text AS id, household_id, person_id, signed_at::text AS signed_at FROM verification_authorisations WHERE household_id = ANY($1::uuid[])',
      [pending],
    )) as { id: string; household_id: string; person_id: string; signed_at: string }[];
    for (const r of signatureRows) {
      const list = signatures.get(r.household_id) ?? [];
      list.push({ id: r.id, personId: r.person_id, signedAt: r.signed_at });
      signatures.set(r.household_id, list);
    }
  }

  const status = new Map<string, AuthorisationStatus>();
  for (const h of pending) status.set(h, authorisationStatus(members.get(h) ?? [], signatures.get(h) ?? [], ctx.asOf));
  const authorised = pending.filter((h) => status.get(h)!.complete);

  // every authorised member's source rows in one read, then split by household
  const rowsOf = new Map<string, SourceRows>();
  if (authorised.length) {
    const owners = new Map<string, string[]>();
    for (const h of authorised) {
      rowsOf.set(h, emptyRows());
      for (const m of members.get(h)!) {
        const list = owners.get(m.idNumber) ?? [];
        list.push(h);
        owners.set(m.idNumber, list);
      }
    }
    const all = await readSourceRows(manager, ctx.selection, [...owners.keys()]);
    for (const key of Object.keys(all) as (keyof SourceRows)[]) {
      for (const row of all[key]) for (const h of owners.get(row.idNumber) ?? []) (rowsOf.get(h)![key] as unknown[]).push(row);
    }
  }

  const stored = new Map<string, ReportRecord>();
  if (authorised.length) {
    const versions = new Map(
      (
        (await manager.query('SELECT household_id, max(version)::int AS version FROM verification_reports WHERE household_id = ANY($1::uuid[]) GROUP BY household_id', [
          authorised,
        ])) as { household_id: string; version: number }[]
      ).map((r) => [r.household_id, r.version]),
    );
    const reports = authorised.map((h) => {
      const row = found.get(h)!;
      const comparison = compareHousehold(
        {
          householdNo: row.household_no,
          assets: {
            financialFen: safe(row.financial, `financial assets of household ${h}`),
            vehicles: row.vehicles,
            disabilityVehicles: row.disability_vehicles,
            residences: row.residences,
            businessCapitalFen: safe(row.business, `business capital of household ${h}`),
          },
          members: members.get(h)!,
        },
        rowsOf.get(h)!,
        ctx.months,
        ctx.tolerance,
      );
      return {
        id: randomUUID(),
        household_id: h,
        household_no: row.household_no,
        version: (versions.get(h) ?? 0) + 1,
        findings: comparison.findings,
        mismatches: comparison.mismatches,
        mismatch_count: comparison.mismatches.length,
        inquiries: comparison.inquiries,
        inquiry_count: comparison.inquiries.length,
        authorisation_ids: status.get(h)!.authorisationIds,
      };
    });
    const inserted = (await manager.query(
      `INSERT INTO verification_reports (id, household_id, household_no, version, run_by, as_of, months_from, months_to, sources, findings, mismatches, mismatch_count,
                                         authorisation_ids, inquiries, inquiry_count, parameters, run_key)
       SELECT r.id, r.household_id, r.household_no, r.version, $2, $3::date, $4, $5, $6::jsonb, r.findings, r.mismatches, r.mismatch_count,
              r.authorisation_ids, r.inquiries, r.inquiry_count, $7::jsonb, $8
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, household_id uuid, household_no text, version int, findings jsonb, mismatches jsonb, mismatch_count int,
                                                 authorisation_ids bigint[], inquiries jsonb, inquiry_count int)
       RETURNING ${REPORT_COLUMNS(false)}`,
      [
        JSON.stringify(reports),
        ctx.runBy,
        ctx.asOf,
        ctx.months[0],
        ctx.months[ctx.months.length - 1],
        JSON.stringify(ctx.selection.used),
        JSON.stringify(ctx.parameters),
        ctx.runKey,
      ],
    )) as Record<string, unknown>[];
    for (const r of inserted) {
      const record = toRecord(r);
      stored.set(record.householdId, record);
    }
    await announce(
      manager,
      ctx.correlationId,
      [...stored.values()].map((r) => ({ householdId: r.householdId, reportId: r.id, version: r.version, mismatchCount: r.mismatchCount })),
    );
  }

  return ids.map((householdId): HouseholdOutcome => {
    if (!found.has(householdId)) return { householdId, outcome: 'not-found' };
    const report = done.get(householdId) ?? stored.get(householdId);
    if (report) return { householdId, outcome: 'verified', report };
    return { householdId, outcome: 'not-authorised', missing: status.get(householdId)!.missing };
  });
}

/**
 * Verifies many households in one call (`VerifyHouseholds`; City §18): the given ones, or every
 * household page by page in ascending id (`all`, from `after`, `limit` per call). One transaction
 * per call; the reports are stored and announced as a single run stores them, or, with `runKey`,
 * answered again when already stored under that key. Findings are left out of the answer (read a
 * report with GetVerification); mismatches and inquiries are in it.
 * @throws DomainError `AUTH.WRONG_DEPARTMENT` (forbidden) unless registry or civil-affairs staff;
 *   `VERIFICATION.TOO_MANY_HOUSEHOLDS` (invalid) for a list longer than {@link VERIFY_LIST_MAX}
 */
export async function verifyHouseholds(
  deps: VerificationDeps,
  request: { householdIds: string[]; all: boolean; after: string; limit: number; runKey: string },
  caller: Caller,
  correlationId: string,
): Promise<VerifyHouseholdsResponseMsg> {
  requireDepartment(caller, 'registry', 'civil-affairs');
  if (request.householdIds.length > VERIFY_LIST_MAX) throw tooManyHouseholds(request.householdIds.length, VERIFY_LIST_MAX);
  const limit = Math.min(Math.max(request.limit || VERIFY_PAGE_DEFAULT, 1), VERIFY_LIST_MAX);
  const result = await deps.ds.transaction(async (manager) => {
    let ids = request.householdIds;
    let nextAfter = '';
    if (request.all) {
      const after = UUID.test(request.after) ? request.after : null;
      const page = (await manager.query('SELECT id FROM households WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2', [after, limit + 1])) as { id: string }[];
      ids = page.slice(0, limit).map((r) => r.id);
      if (page.length > limit) nextAfter = ids[ids.length - 1]!;
    }
    const ctx = await runContext(manager, deps, caller.username, request.runKey.trim() || null, correlationId);
    return { outcomes: await verifyHouseholdsIn(manager, ctx, ids), nextAfter };
  });
  deps.kickOutbox();
  const count = (o: HouseholdOutcome['outcome']) => result.outcomes.filter((x) => x.outcome === o).length;
  return {
    outcomes: result.outcomes.map((o) => ({
      householdId: o.householdId,
      outcome: o.outcome,
      report: o.outcome === 'verified' ? toReportMsg(o.report) : null,
      missing: o.outcome === 'not-authorised' ? o.missing : [],
      note:
        o.outcome === 'not-authorised'
          ? o.missing.length
            ? `以下成年成员未签署核对授权书：${o.missing.map((m) => m.name).join('、')} / these adult members have not signed the authorisation to verify: ${o.missing.map((m) => m.name).join(', ')}`
            : '尚无成员签署核对授权书 / no member has signed the authorisation to verify'
          : o.outcome === 'not-found'
            ? `户 ${o.householdId} 不存在 / household ${o.householdId} not found`
            : '',
    })),
    nextAfter: result.nextAfter,
    verified: count('verified'),
    notAuthorised: count('not-authorised'),
    notFound: count('not-found'),
  };
}

/** Writes one `verification.completed` event per report to the outbox, in one statement. */
async function announce(manager: EntityManager, correlationId: string, events: VerificationCompleted[]): Promise<void> {
  if (events.length === 0) return;
  const occurredAt = new Date().toISOString();
  const rows = events.map((data) => {
    const id = randomUUID();
    return { id, envelope: { id, type: SUBJECTS.verificationCompleted, occurredAt, correlationId, causationId: null, source: 'registry', data } };
  });
  await manager.query(
    `INSERT INTO outbox (id, subject, envelope) SELECT e.id, $2, e.envelope FROM jsonb_to_recordset($1::jsonb) AS e(id uuid, envelope jsonb, n int) ORDER BY e.n`,
    [JSON.stringify(rows.map((r, n) => ({ ...r, n }))), SUBJECTS.verificationCompleted],
  );
}

const REPORT_COLUMNS = (findings: boolean) =>
  `id, household_id, household_no, version, run_at, run_by, as_of::text AS as_of, months_from, months_to, sources, ${findings ? 'findings' : 'NULL::jsonb AS findings'}, mismatches,
   mismatch_count, authorisation_ids::text[] AS authorisation_ids, inquiries, inquiry_count, parameters`;

/** Stored reports by id, or by run key and households (raw SQL, no hydration). */
export async function readReports(
  db: Pick<EntityManager, 'query'>,
  which: { ids: string[] } | { runKey: string; householdIds: string[] },
  withFindings: boolean,
): Promise<ReportRecord[]> {
  const rows = (
    'ids' in which
      ? await db.query(`SELECT ${REPORT_COLUMNS(withFindings)} FROM verification_reports WHERE id = ANY($1::uuid[])`, [which.ids])
      : await db.query(`SELECT ${REPORT_COLUMNS(withFindings)} FROM verification_reports WHERE run_key = $1 AND household_id = ANY($2::uuid[])`, [
          which.runKey,
          which.householdIds,
        ])
  ) as Record<string, unknown>[];
  return rows.map(toRecord);
}

function toRecord(r: Record<string, unknown>): ReportRecord {
  return {
    id: String(r.id),
    householdId: String(r.household_id),
    householdNo: String(r.household_no),
    version: Number(r.version),
    runAt: r.run_at as Date,
    runBy: String(r.run_by),
    asOf: String(r.as_of),
    monthsFrom: String(r.months_from).trim(),
    monthsTo: String(r.months_to).trim(),
    sources: r.sources as ReportRecord['sources'],
    findings: (r.findings as Finding[] | null) ?? null,
    mismatches: r.mismatches as Mismatch[],
    mismatchCount: Number(r.mismatch_count),
    authorisationIds: r.authorisation_ids as string[],
    inquiries: (r.inquiries as Inquiry[]) ?? [],
    inquiryCount: Number(r.inquiry_count ?? 0),
    parameters: (r.parameters as ReportParameter[]) ?? [],
  };
}

/** A stored report as the proto message (`findingsJson` "" when the findings were not read). */
export function toReportMsg(r: ReportRecord): VerificationReportMsg {
  return {
    id: r.id,
    householdId: r.householdId,
    householdNo: r.householdNo,
    version: r.version,
    runAt: r.runAt.toISOString(),
    runBy: r.runBy,
    asOf: r.asOf,
    monthsFrom: r.monthsFrom,
    monthsTo: r.monthsTo,
    sources: r.sources.map((s) => ({ source: s.source, fileIds: s.fileIds })),
    findingsJson: r.findings === null ? '' : JSON.stringify(r.findings),
    mismatches: r.mismatches.map((m) => ({
      kind: m.kind,
      memberId: m.memberId,
      source: m.source,
      field: m.field,
      declaredJson: JSON.stringify(m.declared),
      foundJson: JSON.stringify(m.found),
      detailJson: JSON.stringify(m.detail),
      note: m.note,
    })),
    authorisationIds: r.authorisationIds,
    mismatchCount: r.mismatchCount,
    inquiries: r.inquiries.map((q) => ({
      kind: q.kind,
      memberId: q.memberId,
      source: q.source,
      year: q.year,
      field: q.field,
      amountFen: String(q.amountFen),
      declaredMonthlyFen: String(q.declaredMonthlyFen),
      detailJson: JSON.stringify(q.detail),
      note: q.note,
    })),
    inquiryCount: r.inquiryCount,
    parameters: r.parameters.map((p) => ({ name: p.name, value: p.value, unit: p.unit, effectiveFrom: p.effectiveFrom, clause: p.clause })),
  };
}

function emptyRows(): SourceRows {
  return { hukou: [], tax: [], socialInsurance: [], housingFund: [], realEstate: [], business: [], vehicles: [], banks: [] };
}

function safe(fen: string, what: string): number {
  const n = Number(fen);
  if (!Number.isSafeInteger(n)) throw new Error(`${what} (${fen}) is not a safe integer of fen`);
  return n;
}
