import type { DataSource } from 'typeorm';
import type { VerificationReportMsg } from '@wuhai/contracts';
import { requireDepartment, type Caller } from '@wuhai/service-kit';
import { householdNotFound } from '../domain/registry.errors';
import { notAuthorised, reportNotFound } from '../domain/verification.errors';
import { readReports, runContext, toReportMsg, UUID, verifyHouseholdsIn, type VerificationDeps } from './verify-households.use-case';

export type RunVerificationDeps = VerificationDeps;

/**
 * Runs the cross-registry verification of a household (核对; City §18; Reg. Art. 58) on today's
 * date: checks that every adult member has signed the authorisation to verify, compares the
 * declaration (members, monthly incomes, asset counts, financial assets) with the newest imported
 * source rows for the 12 months before today (see `domain/verification.rules.ts`) with the income
 * tolerance the rules package's dated parameters give for today, and stores the result as a new
 * immutable report — version n + 1 of the household, never an update of version n — announcing
 * `wuhai.registry.verification.completed.v1` through the outbox in the same transaction. The same
 * code verifies many households at once (`verifyHouseholds`). The report states facts (what was
 * found, each mismatch, each annual figure as an inquiry, the tolerance used); civil affairs decides.
 * @returns the stored report
 * @throws DomainError `AUTH.WRONG_DEPARTMENT` (forbidden) unless registry or civil-affairs staff;
 *   `REGISTRY.HOUSEHOLD_NOT_FOUND`; `VERIFICATION.NOT_AUTHORISED` (precondition) naming each adult
 *   member who has not signed — nothing is stored then
 */
export async function runVerification(deps: RunVerificationDeps, householdId: string, caller: Caller, correlationId: string): Promise<VerificationReportMsg> {
  requireDepartment(caller, 'registry', 'civil-affairs');
  if (!UUID.test(householdId)) throw householdNotFound(householdId);
  const report = await deps.ds.transaction(async (manager) => {
    const ctx = await runContext(manager, deps, caller.username, null, correlationId);
    const [outcome] = await verifyHouseholdsIn(manager, ctx, [householdId]);
    if (!outcome || outcome.outcome === 'not-found') throw householdNotFound(householdId);
    if (outcome.outcome === 'not-authorised') throw notAuthorised(outcome.missing);
    // answered as stored (jsonb orders keys its own way): the run's answer and every later read are equal
    const [stored] = await readReports(manager, { ids: [outcome.report.id] }, true);
    return stored!;
  });
  deps.kickOutbox();
  return toReportMsg(report);
}

/**
 * A stored verification report, as it was written (reports never change).
 * @throws DomainError `AUTH.WRONG_DEPARTMENT` (forbidden) unless registry or civil-affairs staff;
 *   `VERIFICATION.REPORT_NOT_FOUND`
 */
export async function getVerification(ds: DataSource, id: string, caller: Caller): Promise<VerificationReportMsg> {
  requireDepartment(caller, 'registry', 'civil-affairs');
  if (!UUID.test(id)) throw reportNotFound(id);
  const [report] = await readReports(ds, { ids: [id] }, true);
  if (!report) throw reportNotFound(id);
  return toReportMsg(report);
}
