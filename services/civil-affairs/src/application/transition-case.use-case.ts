import type { DataSource } from 'typeorm';
import { SUBJECTS, type DibaoCaseMsg, type HouseholdSnapshot, type TypedClient } from '@wuhai/contracts';
import { enqueueEvent, requireDepartment, type Caller } from '@wuhai/service-kit';
import { DomainError } from '@wuhai/contracts';
import { applyAction, DIBAO_ACTIONS, type DibaoAction, type EvaluationSummary } from '../domain/dibao-case';
import { caseNotFound } from '../domain/dibao.errors';
import { CaseEventEntity, DibaoCaseEntity } from '../persistence/civil-affairs.entities';
import { evaluateHousehold, snapshotOf } from './household-evaluation';
import type { ProcedureClock } from './procedure-clock';
import { toCaseMsg, UUID } from './read-cases.use-case';

/** Actions after which the household is read again from the registry and re-evaluated. */
const REEVALUATE: DibaoAction[] = ['verify', 'approve'];

/**
 * Moves a dibao case through its procedure (see `domain/dibao-case.ts`). On `verify` and `approve`
 * the household is read again from the registry and re-evaluated on the procedure's date, so the
 * decision uses the facts as they are then. `approve` announces
 * `wuhai.civil-affairs.dibao.approved.v1` through the outbox, in the same transaction.
 * @throws DomainError AUTH.WRONG_DEPARTMENT, DIBAO.CASE_NOT_FOUND, the state machine's errors
 */
export async function transitionCase(
  deps: { ds: DataSource; clock: ProcedureClock; registry: TypedClient<'registry'>; kickOutbox(): void },
  request: { id: string; action: string; note: string },
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
    Object.assign(row, next);
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
    return row;
  });
  deps.kickOutbox();
  return toCaseMsg(deps.ds, saved);
}

function storedSummary(evaluation: unknown): EvaluationSummary {
  const e = evaluation as { status?: EvaluationSummary['status']; reasons?: { message: string }[] };
  return { status: e.status ?? 'NEEDS_MANUAL_REVIEW', reasons: (e.reasons ?? []).map((r) => r.message) };
}
