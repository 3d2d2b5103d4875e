import { Router } from 'express';
import { callOptions } from '../middleware/auth';
import { validate } from '../middleware/validation';
import { today, type GatewayDeps } from './context';
import { evaluationRequestSchema } from './schemas';

/**
 * `POST /api/v1/evaluations` (evaluations.md): validates `{asOf, household}` naming every bad field,
 * asks civil affairs' `Evaluate` and answers the rules' response exactly as computed.
 */
export function evaluationRoutes(deps: GatewayDeps): Router {
  const router = Router();
  router.post('/evaluations', async (req, res) => {
    const body = validate(evaluationRequestSchema(today()), req.body);
    const { responseJson } = await deps.clients['civil-affairs'].Evaluate(
      { requestJson: JSON.stringify(body), programs: [] },
      callOptions(req, res),
    );
    res.type('application/json').send(responseJson);
  });
  return router;
}
