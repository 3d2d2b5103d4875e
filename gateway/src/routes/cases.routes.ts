import { Router, type Request, type Response } from 'express';
import { REFERRAL_DEPARTMENTS, type ReferralDepartment } from '@wuhai/contracts';
import type { z } from 'zod';
import { writeAudit } from '../middleware/audit';
import { callerOf, callOptions } from '../middleware/auth';
import { ProblemError } from '../middleware/errors';
import { validate } from '../middleware/validation';
import type { GatewayDeps } from './context';
import { presentCase, presentCaseQueueItem, presentObligationItem, presentReferral } from './presenters';
import { casesQuerySchema, idParamsSchema, transitionBodySchema } from './schemas';

type CasesQuery = z.output<typeof casesQuerySchema>;

/**
 * Work queues and dibao cases:
 * - `GET /api/v1/cases?status&program&area&after&limit&review` the caller's department queue: civil
 *   affairs' dibao cases (`review=open`: only those with an open review), a referral department's referrals, finance's obligations; registry staff
 *   have no queue (403);
 * - `GET /api/v1/cases/{id}` one dibao case with its evaluation and history (audited);
 * - `POST /api/v1/cases/{id}/transitions` `{action, note, reviewId?}` moves it through the procedure,
 *   or (`resolve_review`) resolves its open review(s) with the clerk's note.
 */
export function caseRoutes(deps: GatewayDeps): Router {
  const router = Router();
  const { clients } = deps;

  router.get('/cases', async (req, res) => {
    const caller = callerOf(res);
    const query = validate(casesQuerySchema, req.query);
    const department = caller.department;
    if (department === 'civil-affairs') return void res.json(await dibaoQueue(req, res, query));
    if ((REFERRAL_DEPARTMENTS as readonly string[]).includes(department)) {
      return void res.json(await referralQueue(req, res, department as ReferralDepartment, query));
    }
    if (department === 'finance') return void res.json(await financeQueue(req, res, query));
    throw new ProblemError(403, 'AUTH.NO_WORK_QUEUE', `${department} 部门没有案件队列 / ${department} staff have no case queue`);
  });

  router.get('/cases/:id', async (req, res) => {
    const caller = callerOf(res);
    const { id } = validate(idParamsSchema, req.params);
    const found = await clients['civil-affairs'].GetCase({ id }, callOptions(req, res));
    await writeAudit(deps.ds, caller, {
      action: 'case.read',
      resourceType: 'dibao-case',
      resourceId: found.id,
      detail: { householdId: found.householdId, status: found.status },
    });
    res.json(presentCase(found));
  });

  router.post('/cases/:id/transitions', async (req, res) => {
    const { id } = validate(idParamsSchema, req.params);
    const body = validate(transitionBodySchema, req.body);
    const moved = await clients['civil-affairs'].TransitionCase({ id, action: body.action, note: body.note, reviewId: body.reviewId ?? '' }, callOptions(req, res));
    res.json(presentCase(moved));
  });

  async function dibaoQueue(req: Request, res: Response, q: CasesQuery) {
    if (q.program && q.program !== 'dibao') return { cases: [], nextAfter: null };
    const page = await clients['civil-affairs'].ListCases(
      { status: q.status ?? '', area: q.area ?? '', householdId: '', review: q.review ?? '', page: { limit: q.limit ?? 0, after: q.after ?? '' } },
      callOptions(req, res),
    );
    return { cases: page.cases.map(presentCaseQueueItem), nextAfter: page.nextAfter || null };
  }

  async function referralQueue(req: Request, res: Response, department: ReferralDepartment, q: CasesQuery) {
    const page = await clients[department].ListReferrals(
      { householdId: '', status: q.status ?? '', area: q.area ?? '', page: { limit: q.limit ?? 0, after: q.after ?? '' } },
      callOptions(req, res),
    );
    // the service has no program filter: it applies to the page the service returned
    const cases = page.referrals.map(presentReferral).filter((r) => !q.program || r.program === q.program);
    return { cases, nextAfter: page.nextAfter || null };
  }

  async function financeQueue(req: Request, res: Response, q: CasesQuery) {
    const list = await clients.finance.ListObligations({ month: '', householdId: '' }, callOptions(req, res));
    const cases = list.obligations
      .map(presentObligationItem)
      .filter((o) => (!q.status || o.status === q.status) && (!q.program || o.program === q.program) && (!q.area || o.area === q.area));
    return { cases: q.limit ? cases.slice(0, q.limit) : cases, nextAfter: null };
  }

  return router;
}
