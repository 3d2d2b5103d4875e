import { Router } from 'express';
import { REFERRAL_DEPARTMENTS } from '@wuhai/contracts';
import { callerOf, callOptions } from '../middleware/auth';
import { runIdempotent } from '../middleware/idempotency';
import { validate } from '../middleware/validation';
import type { GatewayDeps } from './context';
import { presentApplication, presentObligationItem, presentReferral } from './presenters';
import { applicationBodySchema, idParamsSchema } from './schemas';

/** One department's answer about a household in an application's status view. */
interface DepartmentView {
  service: string;
  state: 'ok' | 'unavailable';
  items: unknown[];
}

/**
 * The intake window's applications (civil affairs):
 * - `POST /api/v1/applications` submits one (takes `Idempotency-Key`: a repeat opens no second case) → 201;
 * - `GET /api/v1/applications/{id}` the application, its routes, and what each department holds for
 *   the household (finance's obligations, the five departments' referrals); a department that does
 *   not answer shows `unavailable` without failing the response. Civil-affairs staff see every
 *   department; other staff only their own.
 */
export function applicationRoutes(deps: GatewayDeps): Router {
  const router = Router();
  const { clients } = deps;

  router.post('/applications', async (req, res) => {
    const caller = callerOf(res);
    const body = validate(applicationBodySchema, req.body);
    await runIdempotent(deps.ds, req, res, caller, async () => {
      const app = await clients['civil-affairs'].SubmitApplication(body, callOptions(req, res));
      return { status: 201, body: presentApplication(app) };
    });
  });

  router.get('/applications/:id', async (req, res) => {
    const { id } = validate(idParamsSchema, req.params);
    const app = await clients['civil-affairs'].GetApplication({ id }, callOptions(req, res));
    const opts = callOptions(req, res);
    // Civil affairs runs the intake window and follows the application across departments
    // (City §17); any other department sees only what it holds itself.
    const caller = callerOf(res);
    const sees = (service: string) => caller.department === 'civil-affairs' || caller.department === service;
    const departments: DepartmentView[] = await Promise.all([
      ...(sees('finance')
        ? [settle('finance', async () => (await clients.finance.ListObligations({ month: '', householdId: app.householdId }, opts)).obligations.map(presentObligationItem))]
        : []),
      ...REFERRAL_DEPARTMENTS.filter(sees).map((dept) =>
        settle(dept, async () => (await clients[dept].ListReferrals({ householdId: app.householdId }, opts)).referrals.map(presentReferral)),
      ),
    ]);
    res.json({ ...presentApplication(app), departments });
  });

  async function settle(service: string, load: () => Promise<unknown[]>): Promise<DepartmentView> {
    try {
      return { service, state: 'ok', items: await load() };
    } catch (err) {
      deps.logger.warn({ service, code: (err as { code?: unknown }).code }, 'department did not answer for an application view');
      return { service, state: 'unavailable', items: [] };
    }
  }

  return router;
}
