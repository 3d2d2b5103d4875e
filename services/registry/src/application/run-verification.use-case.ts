import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SUBJECTS, type VerificationCompleted, type VerificationReportMsg } from '@wuhai/contracts';
import { cityDate, enqueueEvent, requireDepartment, type Caller, type Clock } from '@wuhai/service-kit';
import { authorisationStatus } from '../domain/authorisation.rules';
import { householdNotFound } from '../domain/registry.errors';
import { notAuthorised, reportNotFound } from '../domain/verification.errors';
import { compareHousehold, verificationMonths, type Finding, type Mismatch } from '../domain/verification.rules';
import { readSourceRows, selectSourceFiles, type SourceMonthCoverage } from '../persistence/source-reader';
import { membersOf, signaturesOf } from './record-authorisation.use-case';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RunVerificationDeps {
  ds: DataSource;
  clock: Clock;
  coverage: SourceMonthCoverage;
  kickOutbox(): void;
}

/** A stored report as its columns come back from raw SQL. */
interface ReportRecord {
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
  findings: Finding[];
  mismatches: Mismatch[];
  mismatchCount: number;
  authorisationIds: string[];
}

/**
 * Runs the cross-registry verification of a household (核对; City §18; Reg. Art. 58) on today's
 * date: checks that every adult member has signed the authorisation to verify, compares the
 * declaration (members, monthly incomes, asset counts, financial assets) with the newest imported
 * source rows for the 12 months before today (see `domain/verification.rules.ts`), and stores the
 * result as a new immutable report — version n + 1 of the household, never an update of version n —
 * announcing `wuhai.registry.verification.completed.v1` through the outbox in the same transaction.
 * The report states facts (what was found, each mismatch); civil affairs decides.
 * @returns the stored report
 * @throws DomainError `AUTH.WRONG_DEPARTMENT` (forbidden) unless registry or civil-affairs staff;
 *   `REGISTRY.HOUSEHOLD_NOT_FOUND`; `VERIFICATION.NOT_AUTHORISED` (precondition) naming each adult
 *   member who has not signed — nothing is stored then
 */
export async function runVerification(deps: RunVerificationDeps, householdId: string, caller: Caller, correlationId: string): Promise<VerificationReportMsg> {
  requireDepartment(caller, 'registry', 'civil-affairs');
  if (!UUID.test(householdId)) throw householdNotFound(householdId);
  const asOf = cityDate(deps.clock.now());
  const months = verificationMonths(asOf);

  const report = await deps.ds.transaction(async (manager) => {
    // the household's row lock: one run at a time per household (versions), no change mid-run
    const [h] = (await manager.query(
      `SELECT household_no, financial_fen::text AS financial, vehicles, disability_vehicles, residences, business_capital_fen::text AS business
         FROM households WHERE id = $1 FOR UPDATE`,
      [householdId],
    )) as { household_no: string; financial: string; vehicles: number; disability_vehicles: number; residences: number; business: string }[];
    if (!h) throw householdNotFound(householdId);
    const members = await membersOf(manager, householdId);
    const authorisation = authorisationStatus(members, await signaturesOf(manager, householdId), asOf);
    if (!authorisation.complete) throw notAuthorised(authorisation.missing);

    const selection = await selectSourceFiles(manager, deps.coverage, months);
    const rows = await readSourceRows(
      manager,
      selection,
      members.map((m) => m.idNumber),
      months,
    );
    const { findings, mismatches } = compareHousehold(
      {
        householdNo: h.household_no,
        assets: {
          financialFen: safe(h.financial),
          vehicles: h.vehicles,
          disabilityVehicles: h.disability_vehicles,
          residences: h.residences,
          businessCapitalFen: safe(h.business),
        },
        members,
      },
      rows,
      months,
    );

    const [{ version }] = (await manager.query('SELECT coalesce(max(version), 0) + 1 AS version FROM verification_reports WHERE household_id = $1', [householdId])) as [
      { version: number },
    ];
    const id = randomUUID();
    await manager.query(
      `INSERT INTO verification_reports (id, household_id, household_no, version, run_by, as_of, months_from, months_to, sources, findings, mismatches, mismatch_count, authorisation_ids)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::bigint[])`,
      [
        id,
        householdId,
        h.household_no,
        version,
        caller.username,
        asOf,
        months[0],
        months[months.length - 1],
        JSON.stringify(selection.used),
        JSON.stringify(findings),
        JSON.stringify(mismatches),
        mismatches.length,
        authorisation.authorisationIds,
      ],
    );
    await enqueueEvent<VerificationCompleted>(manager, {
      subject: SUBJECTS.verificationCompleted,
      source: 'registry',
      correlationId,
      data: { householdId, reportId: id, version, mismatchCount: mismatches.length },
    });
    // answered as stored (jsonb orders keys its own way): the run's answer and every later read are equal
    return (await readReport(manager, id))!;
  });
  deps.kickOutbox();
  return toReportMsg(report);
}

/** The stored report `id`, or undefined. */
async function readReport(db: Pick<DataSource, 'query'>, id: string): Promise<ReportRecord | undefined> {
  const [r] = (await db.query(
    `SELECT id, household_id, household_no, version, run_at, run_by, as_of::text AS as_of, months_from, months_to, sources, findings, mismatches,
            mismatch_count, authorisation_ids::text[] AS authorisation_ids
       FROM verification_reports WHERE id = $1`,
    [id],
  )) as Record<string, unknown>[];
  if (!r) return undefined;
  return {
    id: String(r.id),
    householdId: String(r.household_id),
    householdNo: String(r.household_no),
    version: Number(r.version),
    runAt: r.run_at as Date,
    runBy: String(r.run_by),
    asOf: String(r.as_of),
    monthsFrom: String(r.months_from),
    monthsTo: String(r.months_to),
    sources: r.sources as ReportRecord['sources'],
    findings: r.findings as Finding[],
    mismatches: r.mismatches as Mismatch[],
    mismatchCount: Number(r.mismatch_count),
    authorisationIds: r.authorisation_ids as string[],
  };
}

/**
 * A stored verification report, as it was written (reports never change).
 * @throws DomainError `AUTH.WRONG_DEPARTMENT` (forbidden) unless registry or civil-affairs staff;
 *   `VERIFICATION.REPORT_NOT_FOUND`
 */
export async function getVerification(ds: DataSource, id: string, caller: Caller): Promise<VerificationReportMsg> {
  requireDepartment(caller, 'registry', 'civil-affairs');
  if (!UUID.test(id)) throw reportNotFound(id);
  const report = await readReport(ds, id);
  if (!report) throw reportNotFound(id);
  return toReportMsg(report);
}

function toReportMsg(r: ReportRecord): VerificationReportMsg {
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
    findingsJson: JSON.stringify(r.findings),
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
  };
}

function safe(fen: string): number {
  const n = Number(fen);
  if (!Number.isSafeInteger(n)) throw new Error(`amount ${fen} is not a safe integer of fen`);
  return n;
}
