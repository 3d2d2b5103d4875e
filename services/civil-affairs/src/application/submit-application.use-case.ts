import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { SUBJECTS, type ApplicationMsg, type TypedClient } from '@wuhai/contracts';
import { enqueueEvent, requireDepartment, type Caller } from '@wuhai/service-kit';
import { newCaseState } from '../domain/dibao-case';
import { alreadyReceiving, declarationMissing, openCaseExists, unknownProgram } from '../domain/dibao.errors';
import { ApplicationEntity, CaseEventEntity, DibaoCaseEntity } from '../persistence/civil-affairs.entities';
import { evaluateHousehold, headName, snapshotOf } from './household-evaluation';
import type { ProcedureClock } from './procedure-clock';
import { getApplication } from './read-cases.use-case';

/** Programs the intake window routes today; `unsure` routes by evaluation (City §17). */
export const INTAKE_PROGRAMS = ['dibao', 'unsure'] as const;

export interface IntakeDeps {
  ds: DataSource;
  clock: ProcedureClock;
  registry: TypedClient<'registry'>;
  kickOutbox(): void;
}

/**
 * Accepts an application at the intake window (City §17; MCA-2012 Art. 8): checks the signed
 * declaration and authorisation, reads the household from the registry, evaluates it, and opens a
 * dibao case in `submitted` (due in 10 working days). One open dibao case per household, and none
 * while an approved one is in force.
 * @throws DomainError INTAKE.UNKNOWN_PROGRAM, INTAKE.DECLARATION_NOT_SIGNED, REGISTRY.HOUSEHOLD_NOT_FOUND
 *   (from the registry), DIBAO.OPEN_CASE_EXISTS, DIBAO.ALREADY_RECEIVING
 */
export async function submitApplication(
  deps: IntakeDeps,
  request: { householdId: string; programs: string[]; note: string; declarationSigned: boolean; authorisationSigned: boolean },
  caller: Caller,
  forward: Record<string, string>,
  correlationId: string,
): Promise<ApplicationMsg> {
  requireDepartment(caller, 'civil-affairs');
  request.programs.forEach((p, i) => {
    if (!(INTAKE_PROGRAMS as readonly string[]).includes(p)) throw unknownProgram(p, i);
  });
  if (!request.declarationSigned || !request.authorisationSigned) throw declarationMissing();
  const household = await deps.registry.GetHousehold({ id: request.householdId }, { metadata: forward });
  const today = await deps.clock.today();
  const snapshot = snapshotOf(household);
  const { result } = evaluateHousehold(snapshot, today);
  // "unsure": the platform routes by evaluation; dibao is opened when the rules find it eligible.
  const wantsDibao = request.programs.includes('dibao') || (request.programs.includes('unsure') && result.status !== 'INELIGIBLE');

  const applicationId = randomUUID();
  await deps.ds.transaction(async (manager) => {
    await manager.getRepository(ApplicationEntity).insert({
      id: applicationId,
      householdId: household.id,
      area: household.facts.area,
      programs: request.programs,
      note: request.note,
      declarationSigned: request.declarationSigned,
      authorisationSigned: request.authorisationSigned,
      submittedBy: caller.username,
    });
    if (!wantsDibao) return;
    const previous = await manager.getRepository(DibaoCaseEntity).find({ where: { householdId: household.id }, order: { createdAt: 'DESC' } });
    const open = previous.find((c) => c.status !== 'approved' && c.status !== 'refused');
    if (open) throw openCaseExists(open.id);
    // an approved case stays in force until it is ended (reviews and exits come with the payroll);
    // a second approval would pay the household twice
    const inForce = previous.find((c) => c.status === 'approved');
    if (inForce) throw alreadyReceiving(inForce.id);
    const caseId = randomUUID();
    const state = newCaseState(today);
    try {
      await manager.getRepository(DibaoCaseEntity).insert({
        id: caseId,
        applicationId,
        householdId: household.id,
        status: state.status,
        area: household.facts.area,
        hukou: household.facts.hukou,
        householdName: headName(household),
        householdSize: household.facts.members.length,
        dibaoClass: result.dibaoClass,
        monthlyAmountFen: result.status === 'ELIGIBLE' ? (result.totalMonthlyFen ?? 0) : 0,
        topUpFen: result.status === 'ELIGIBLE' ? (result.topUpFen ?? 0) : 0,
        supplementsFen: result.status === 'ELIGIBLE' ? (result.totalMonthlyFen ?? 0) - (result.topUpFen ?? 0) : 0,
        evaluation: { asOf: today, ...result },
        householdSnapshot: snapshot,
        dueDate: state.dueDate,
        version: 1,
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw openCaseExists('');
      throw err;
    }
    await manager.getRepository(CaseEventEntity).insert({
      caseId,
      by: caller.username,
      action: 'submit',
      fromStatus: null,
      toStatus: 'submitted',
      note: request.note,
    });
    await enqueueEvent(manager, {
      subject: SUBJECTS.dibaoApplied,
      source: 'civil-affairs',
      correlationId,
      data: { caseId, applicationId, householdId: household.id, area: household.facts.area },
    });
  });
  deps.kickOutbox();
  return getApplication(deps.ds, applicationId, caller);
}
