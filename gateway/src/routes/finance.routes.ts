import { Router } from 'express';
import { callOptions } from '../middleware/auth';
import { validate } from '../middleware/validation';
import type { GatewayDeps } from './context';
import { int64, presentObligation } from './presenters';
import { obligationsQuerySchema } from './schemas';

/**
 * `GET /api/v1/finance/obligations?month=YYYY-MM`: what departments have committed for a month, with
 * totals by department, program and area (finance staff; fen as numbers).
 */
export function financeRoutes(deps: GatewayDeps): Router {
  const router = Router();
  router.get('/finance/obligations', async (req, res) => {
    const { month } = validate(obligationsQuerySchema, req.query);
    const list = await deps.clients.finance.ListObligations({ month, householdId: '' }, callOptions(req, res));
    res.json({
      month,
      obligations: list.obligations.map(presentObligation),
      totals: list.totals.map((t) => ({
        department: t.department,
        program: t.program,
        area: t.area,
        households: int64(t.households),
        amountFen: int64(t.amountFen),
      })),
      totalFen: int64(list.totalFen),
    });
  });
  return router;
}
