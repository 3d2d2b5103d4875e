import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express, { Router, type Express } from 'express';
import { pinoHttp } from 'pino-http';
import { requireStaff } from './middleware/auth';
import { apiNotFound, errorHandler, problemBody, sendProblem } from './middleware/errors';
import { maskIdNumbers } from './middleware/redact';
import { openApiDocument } from './openapi';
import { applicationRoutes } from './routes/applications.routes';
import { authRoutes } from './routes/auth.routes';
import { caseRoutes } from './routes/cases.routes';
import type { GatewayDeps } from './routes/context';
import { demoRoutes } from './routes/demo.routes';
import { evaluationRoutes } from './routes/evaluations.routes';
import { evaluationBatchRoutes } from './routes/evaluations-batch.routes';
import { financeRoutes } from './routes/finance.routes';
import { healthRoutes } from './routes/health.routes';
import { householdRoutes } from './routes/households.routes';
import { personRoutes } from './routes/persons.routes';
import { verificationRoutes } from './routes/verifications.routes';

export type { GatewayDeps } from './routes/context';

/** Largest accepted JSON body (evaluations.md: 413 above it). */
export const BODY_LIMIT = '256kb';
/** The intake-window pages, served at `/` (written by the web team). */
export const STATIC_DIR = path.join(__dirname, 'web', 'static');

const CORRELATION_ID = /^[\w.:-]{1,100}$/;

/**
 * Builds the gateway's express app (not listening, so tests drive it with supertest): request
 * logging without bodies or ID numbers, `/healthz` and `/readyz`, the `/api/v1` REST surface of
 * rest-api.md behind staff tokens, the web pages at `/`, and problem+json for every error.
 */
export function createApp(deps: GatewayDeps): Express {
  const app = express();
  app.disable('x-powered-by');

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const given = req.headers['x-correlation-id'];
        const id = typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Correlation-Id', id);
        return id;
      },
      // never bodies, headers (tokens) or ID numbers (they can be in the path)
      serializers: {
        // the query string is left out: it may hold names searched for (personal data)
        req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, url: maskIdNumbers((req.url ?? '').split('?')[0]!) }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );

  app.use(healthRoutes(deps));

  // a body that is not JSON would otherwise be read as no body at all, and refused field by field
  app.use('/api', (req, res, next) => {
    if (req.is('application/json') === false) {
      return sendProblem(
        res,
        problemBody(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', `请求体须为JSON（Content-Type: application/json），收到的是 ${req.get('content-type') ?? '无类型'} / the request body must be JSON (Content-Type: application/json), not ${req.get('content-type') ?? 'untyped'}`),
      );
    }
    next();
  });
  app.use('/api', express.json({ limit: BODY_LIMIT }));
  app.use('/api/v1', apiV1(deps));
  app.use('/api', apiNotFound);

  app.use(express.static(STATIC_DIR));
  app.use((req, res) => sendProblem(res, problemBody(404, 'ROUTE.NOT_FOUND', `未找到 / not found: ${maskIdNumbers(req.path)}`)));
  app.use(errorHandler(deps.logger));
  return app;
}

function apiV1(deps: GatewayDeps): Router {
  const api = Router();
  api.use(authRoutes(deps));
  api.use(requireStaff(deps.config.JWT_SECRET));
  api.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });
  api.use(evaluationRoutes(deps));
  api.use(evaluationBatchRoutes(deps));
  api.use(householdRoutes(deps));
  api.use(personRoutes(deps));
  api.use(verificationRoutes(deps));
  api.use(applicationRoutes(deps));
  api.use(caseRoutes(deps));
  api.use(financeRoutes(deps));
  if (deps.config.DEMO_MODE) api.use(demoRoutes(deps));
  return api;
}
