import { Router } from 'express';
import { callOptions } from '../middleware/auth';
import { validate } from '../middleware/validation';
import type { GatewayDeps } from './context';
import { advanceClockBodySchema } from './schemas';

/**
 * Demo mode only (mounted only when `DEMO_MODE=true`; otherwise the paths are unknown → 404):
 * `GET /api/v1/demo/clock` and `POST /api/v1/demo/clock {days}` read and move civil affairs'
 * procedure clock so a notice period can run out during a demonstration.
 */
export function demoRoutes(deps: GatewayDeps): Router {
  const router = Router();
  const civilAffairs = deps.clients['civil-affairs'];
  router.get('/demo/clock', async (req, res) => {
    res.json(await civilAffairs.GetClock({}, callOptions(req, res)));
  });
  router.post('/demo/clock', async (req, res) => {
    const { days } = validate(advanceClockBodySchema, req.body);
    res.json(await civilAffairs.AdvanceDemoClock({ days }, callOptions(req, res)));
  });
  return router;
}
