import { Router } from 'express';
import { SERVICE_NAMES } from '@wuhai/contracts';
import { checkHealth, type ServiceReadiness } from '../clients/health.client';
import type { GatewayDeps } from './context';

/** Deadline of one readiness probe (each service's health check, the database ping). */
const PROBE_TIMEOUT_MS = 1000;

/**
 * `GET /healthz`: the gateway process is up. `GET /readyz`: 200 only when every service answers
 * `grpc.health.v1` SERVING and the gateway's database answers; otherwise 503. The body lists each
 * service's state either way.
 */
export function healthRoutes(deps: GatewayDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const [states, database] = await Promise.all([
      Promise.all(SERVICE_NAMES.map((name) => checkHealth(deps.clients[name].raw, PROBE_TIMEOUT_MS))),
      pingDatabase(deps),
    ]);
    const services: Record<string, ServiceReadiness> = {};
    SERVICE_NAMES.forEach((name, i) => (services[name] = states[i]!));
    const ready = states.every((s) => s === 'SERVING') && database === 'up';
    res.status(ready ? 200 : 503).json({ ready, services, database });
  });
  return router;
}

async function pingDatabase(deps: GatewayDeps): Promise<'up' | 'down'> {
  if (!deps.ds.isInitialized) return 'down';
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'down'>((resolve) => (timer = setTimeout(() => resolve('down'), PROBE_TIMEOUT_MS)));
  try {
    return await Promise.race([deps.ds.query('SELECT 1').then(() => 'up' as const, () => 'down' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
