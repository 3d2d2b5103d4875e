import type { DataSource } from 'typeorm';
import { SUBJECTS, type DibaoCaseMsg, type HouseholdSnapshot, type TypedClient, type VerificationReportMsg } from '@wuhai/contracts';
import { enqueueEvent, requireDepartment, type Caller } from '@wuhai/service-kit';
import { DomainError } from '@wuhai/contracts';
import { applyAction, DIBAO_ACTIONS, type DibaoAction, type EvaluationSummary } from '../domain/dibao-case';
import { caseNotFound, verificationMismatch } from '../domain/dibao.errors';
import { CaseEventEntity, DibaoCaseEntity, type CaseVerification } from '../persistence/civil-affairs.entities';
import { evaluateHousehold, snapshotOf } from './household-evaluation';
import type { ProcedureClock } from './procedure-clock';
import { toCaseMsg, UUID } from './read-cases.use-case';
import { openCaseReview, resolveCaseReviews, type CaseReview } from './case-reviews';
import { REVIEW_REASONS } from '../domain/case-review';

/** Actions after which the household is read again from the registry and re-evaluated. */
const REEVALUATE: DibaoAction[] = ['verify', 'approve'];

/** Deadline of the registry's verification run (it reads every source of the household). */
const VERIFICATION_TIMEOUT_MS = 15_000;

/**
 * Moves a dibao case through its procedure (see `domain/dibao-case.ts`). On `verify` and `approve`
 * the household is read again from the registry and re-evaluated on the procedure's date, so the
 * decision uses the facts as they are then. `approve` announces
 * `wuhai.civil-affairs.dibao.approved.v1` through the outbox, in the same transaction.
 *
 * `verify` first has the registry run the cross-registry verification (City §18) and keeps the
 * report's id and mismatches on the case. When the report lists mismatches the case does not move:
 * it stays `submitted`, its history records the reasons, and the call fails with
 * `DIBAO.VERIFICATION_MISMATCH` listing them — the clerk resolves them (corrects the declaration and
 * verifies again, or refuses with reasons). The verifier reports; civil affairs decides. Annual income
 * figures the report lists as inquiries open a `verification-inquiry` review on the case (they never
 * hold it).
 *
 * `resolve_review` (any status) resolves the case's open review `reviewId` — or every open review —
 * with the clerk's note, recorded in the history; nothing else of the case changes.
 * @throws DomainError AUTH.WRONG_DEPARTMENT, DIBAO.CASE_NOT_FOUND, the state machine's errors,
 *   DIBAO.VERIFICATION_MISMATCH (precondition); the registry's VERIFICATION.NOT_AUTHORISED
 *   (precondition, naming the adult members who must sign) is passed on as it came;
 *   REVIEW.NOTE_REQUIRED, REVIEW.NOT_OPEN for `resolve_review`
 */
export async function transitionCase(
  deps: { ds: DataSource; clock: ProcedureClock; registry: TypedClient<'registry'>; kickOutbox(): void },
  request: { id: string; action: string; note: string; reviewId?: string },
  caller: Caller,
  forward: Record<string, string>,
  correlationId: string,
): Promise<DibaoCaseMsg> {
  requireDepartment(caller, 'civil-affairs');
  if (caller.role === 'auditor') {
    throw new DomainError('AUTH.READ_ONLY_ROLE', 'forbidden', '审计人员只能查看，不能办理', 'auditors may read cases but not act on them');
  }
  const action = request.action as DibaoAction;
  if (!(DIBAO_ACTIONS as readonly string[]).includes(action)) {
    throw new DomainError('DIBAO.UNKNOWN_ACTION', 'invalid', `未知操作 ${request.action}`, `unknown action ${request.action}`, [
      { path: 'action', code: 'DIBAO.UNKNOWN_ACTION', message: `操作必须为 ${DIBAO_ACTIONS.join(' | ')} / action must be one of ${DIBAO_ACTIONS.join(' | ')}` },
    ]);
  }
  if (!UUID.test(request.id)) throw caseNotFound(request.id);
  const existing = await deps.ds.getRepository(DibaoCaseEntity).findOneBy({ id: request.id });
  if (!existing || (caller.area !== '*' && caller.department !== 'system' && caller.area !== existing.area)) throw caseNotFound(request.id);
  const today = await deps.clock.today();

  // only a case the action applies to is verified: a refused action leaves no report behind
  let verification: CaseVerification | undefined;
  let inquiries: string[] = [];
  if (action === 'verify' && existing.status === 'submitted') {
    const report = await deps.registry.RunVerification({ householdId: existing.householdId }, { metadata: forward, timeoutMs: VERIFICATION_TIMEOUT_MS });
    verification = caseVerificationOf(report);
    inquiries = (report.inquiries ?? []).map((q) => q.note);
  }

  let fresh: { snapshot: HouseholdSnapshot; result: ReturnType<typeof evaluateHousehold>['result']; summary: EvaluationSummary; size: number } | undefined;
  if (REEVALUATE.includes(action)) {
    const household = await deps.registry.GetHousehold({ id: existing.householdId }, { metadata: forward });
    const snapshot = snapshotOf(household);
    const { result, summary } = evaluateHousehold(snapshot, today);
    fresh = { snapshot, result, summary, size: household.facts.members.length };
  }

  const saved = await deps.ds.transaction(async (manager) => {
    const repo = manager.getRepository(DibaoCaseEntity);
    const row = await repo.createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id: request.id }).getOne();
    if (!row) throw caseNotFound(request.id);
    const evaluation = fresh?.summary ?? storedSummary(row.evaluation);
    const next = applyAction(row, action, { today, note: request.note, evaluation });
    const from = row.status;
    if (action === 'resolve_review') {
      const resolved = await resolveCaseReviews(manager, row.id, { username: caller.username, note: request.note, reviewId: request.reviewId });
      await manager.getRepository(CaseEventEntity).insert({ caseId: row.id, by: caller.username, action, fromStatus: from, toStatus: from, note: resolvedNote(request.note, resolved) });
      return { row, held: false };
    }
    if (verification && inquiries.length) {
      await openCaseReview(manager, { caseId: row.id, reason: REVIEW_REASONS.verificationInquiry, reasons: inquiries, reportId: verification.reportId, openedBy: caller.username });
    }
    if (verification) {
      row.verificationReportId = verification.reportId;
      row.verification = verification;
    }
    if (verification && verification.mismatchCount > 0) {
      // the case stays where it is; the history keeps the reasons for the clerk
      await repo.save(row);
      await manager.getRepository(CaseEventEntity).insert({ caseId: row.id, by: caller.username, action, fromStatus: from, toStatus: from, note: mismatchNote(request.note, verification) });
      return { row, held: true };
    }
    Object.assign(row, next);
    if (verification) {
      // `next` carries the whole row as it was read: the report of this run goes on top
      row.verificationReportId = verification.reportId;
      row.verification = verification;
    }
    if (fresh) {
      const eligible = fresh.result.status === 'ELIGIBLE';
      row.evaluation = { asOf: today, ...fresh.result };
      row.householdSnapshot = fresh.snapshot;
      row.householdSize = fresh.size;
      row.dibaoClass = fresh.result.dibaoClass;
      row.monthlyAmountFen = eligible ? (fresh.result.totalMonthlyFen ?? 0) : 0;
      row.topUpFen = eligible ? (fresh.result.topUpFen ?? 0) : 0;
      row.supplementsFen = eligible ? (fresh.result.totalMonthlyFen ?? 0) - (fresh.result.topUpFen ?? 0) : 0;
    }
    await repo.save(row);
    await manager.getRepository(CaseEventEntity).insert({ caseId: row.id, by: caller.username, action, fromStatus: from, toStatus: row.status, note: request.note });
    if (row.status === 'approved') {
      const result = fresh!.result;
      await enqueueEvent(manager, {
        subject: SUBJECTS.dibaoApproved,
        source: 'civil-affairs',
        correlationId,
        data: {
          caseId: row.id,
          applicationId: row.applicationId,
          householdId: row.householdId,
          area: row.area as HouseholdSnapshot['area'],
          hukou: row.hukou as HouseholdSnapshot['hukou'],
          dibaoClass: result.dibaoClass!,
          monthlyAmountFen: result.totalMonthlyFen ?? 0,
          topUpFen: result.topUpFen ?? 0,
          supplementsFen: (result.totalMonthlyFen ?? 0) - (result.topUpFen ?? 0),
          paymentFromMonth: row.paymentFromMonth!,
          decidedOn: row.decidedOn!,
          clauses: result.clauses,
          household: fresh!.snapshot,
        },
      });
    }
    if (row.status === 'refused') {
      await enqueueEvent(manager, {
        subject: SUBJECTS.dibaoRefused,
        source: 'civil-affairs',
        correlationId,
        data: { caseId: row.id, householdId: row.householdId, decidedOn: row.decidedOn!, note: request.note },
      });
    }
    return { row, held: false };
  });
  if (saved.held) throw verificationMismatch(verification!.reportId, verification!.mismatches);
  deps.kickOutbox();
  return toCaseMsg(deps.ds, saved.row);
}

/** What a case keeps of a verification report: its id, version and mismatches (no findings). */
function caseVerificationOf(report: VerificationReportMsg): CaseVerification {
  return {
    reportId: report.id,
    version: report.version,
    runAt: report.runAt,
    mismatchCount: report.mismatchCount,
    mismatches: report.mismatches.map((m) => ({
      kind: m.kind,
      memberId: m.memberId,
      source: m.source,
      field: m.field,
      declared: JSON.parse(m.declaredJson) as unknown,
      found: JSON.parse(m.foundJson) as unknown,
      note: m.note,
    })),
  };
}

/** The history note of a verification that found mismatches: the clerk's note, then each reason. */
function mismatchNote(note: string, v: CaseVerification): string {
  const lines = [
    `核对报告第 ${v.version} 版（${v.reportId}）发现 ${v.mismatchCount} 处与申报不符，案件仍为已受理 / verification report version ${v.version} (${v.reportId}) lists ${v.mismatchCount} mismatch(es); the case stays submitted`,
    ...v.mismatches.map((m, i) => `${i + 1}. ${m.note}`),
  ];
  return note.trim() ? `${note.trim()}\n${lines.join('\n')}` : lines.join('\n');
}

/** The history note of a resolved review: the clerk's note, then each review resolved. */
function resolvedNote(note: string, resolved: CaseReview[]): string {
  return [note.trim(), ...resolved.map((r) => `复核已办结 / review resolved: ${r.reason} (${r.id})`)].join('\n');
}

function storedSummary(evaluation: unknown): EvaluationSummary {
  const e = evaluation as { status?: EvaluationSummary['status']; reasons?: { message: string }[] };
  return { status: e.status ?? 'NEEDS_MANUAL_REVIEW', reasons: (e.reasons ?? []).map((r) => r.message) };
}
