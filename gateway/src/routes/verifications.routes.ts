import { Router } from 'express';
import type { Caller } from '@wuhai/service-kit';
import { writeAudit } from '../middleware/audit';
import { callerOf, callOptions } from '../middleware/auth';
import { ProblemError } from '../middleware/errors';
import { runIdempotent } from '../middleware/idempotency';
import { validate } from '../middleware/validation';
import { today, type GatewayDeps } from './context';
import { presentAuthorisationState, presentDuplicates, presentVerificationReport } from './presenters';
import { authorisationBodySchema, duplicatesQuerySchema, idParamsSchema, verificationBodySchema } from './schemas';

/** Who runs and reads verifications (City §18): the registry office and civil affairs. */
const VERIFYING_DEPARTMENTS = ['civil-affairs', 'registry'];
/** A verification run reads every source of the household: a longer deadline than ordinary calls. */
const RUN_TIMEOUT_MS = 15_000;

function requireVerifier(caller: Caller): void {
  if (!VERIFYING_DEPARTMENTS.includes(caller.department)) {
    throw new ProblemError(403, 'AUTH.WRONG_DEPARTMENT', '仅民政和户籍登记人员可办理家庭经济状况核对 / only civil-affairs and registry staff may run or read verifications');
  }
}

/**
 * Cross-registry verification (核对; City §18; rest-api.md), civil-affairs and registry staff only:
 * - `POST /api/v1/households/{id}/authorisations` `{personIds, signedAt}` records the signed
 *   authorisation to verify (takes `Idempotency-Key`) → 201 the household's authorisation state:
 *   which adult members have signed, which are missing;
 * - `POST /api/v1/verifications` `{householdId}` runs the verification (needs every adult's
 *   authorisation; takes `Idempotency-Key`) → 201 the stored report;
 * - `GET /api/v1/verifications/{id}` a stored report;
 * - `GET /api/v1/registry/duplicates?kind=&limit=&offset=` possible duplicates, never merged.
 * Reports hold financial data: every response carrying one is audited before it is sent.
 */
export function verificationRoutes(deps: GatewayDeps): Router {
  const router = Router();
  const registry = deps.clients.registry;

  router.post('/households/:id/authorisations', async (req, res) => {
    const caller = callerOf(res);
    requireVerifier(caller);
    const { id } = validate(idParamsSchema, req.params);
    const body = validate(authorisationBodySchema(today()), req.body);
    await runIdempotent(deps.ds, req, res, caller, async () => {
      const state = await registry.RecordAuthorisation({ householdId: id, personIds: body.personIds, signedAt: body.signedAt }, callOptions(req, res));
      await writeAudit(deps.ds, caller, {
        action: 'verification.authorisation.record',
        resourceType: 'household',
        resourceId: id,
        detail: { personIds: body.personIds, signedAt: body.signedAt, recordedIds: state.recordedIds },
      });
      return { status: 201, body: presentAuthorisationState(state) };
    });
  });

  router.post('/verifications', async (req, res) => {
    const caller = callerOf(res);
    requireVerifier(caller);
    const body = validate(verificationBodySchema, req.body);
    await runIdempotent(deps.ds, req, res, caller, async () => {
      const report = await registry.RunVerification({ householdId: body.householdId }, callOptions(req, res, RUN_TIMEOUT_MS));
      await writeAudit(deps.ds, caller, {
        action: 'verification.run',
        resourceType: 'verification-report',
        resourceId: report.id,
        detail: { householdId: report.householdId, version: report.version, mismatchCount: report.mismatchCount },
      });
      return { status: 201, body: presentVerificationReport(report) };
    });
  });

  router.get('/verifications/:id', async (req, res) => {
    const caller = callerOf(res);
    requireVerifier(caller);
    const { id } = validate(idParamsSchema, req.params);
    const report = await registry.GetVerification({ id }, callOptions(req, res));
    await writeAudit(deps.ds, caller, {
      action: 'verification.read',
      resourceType: 'verification-report',
      resourceId: report.id,
      detail: { householdId: report.householdId, version: report.version },
    });
    res.json(presentVerificationReport(report));
  });

  router.get('/registry/duplicates', async (req, res) => {
    const caller = callerOf(res);
    // the same offices as verifications, but the refusal names what was asked for
    if (!VERIFYING_DEPARTMENTS.includes(caller.department)) {
      throw new ProblemError(
        403,
        'AUTH.WRONG_DEPARTMENT',
        '仅民政和户籍登记人员可查看疑似重复登记清单 / only civil-affairs and registry staff may read the list of possible duplicate registrations',
      );
    }
    const q = validate(duplicatesQuerySchema, { ...req.query });
    const found = await registry.ListDuplicates({ kind: q.kind ?? '', limit: q.limit ?? 50, offset: q.offset ?? 0 }, callOptions(req, res));
    await writeAudit(deps.ds, caller, { action: 'registry.duplicates.read', resourceType: 'registry', resourceId: 'duplicates', detail: { kind: q.kind ?? null, total: found.total } });
    res.json(presentDuplicates(found));
  });

  return router;
}
