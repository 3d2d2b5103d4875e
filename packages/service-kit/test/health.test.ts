import { Client } from 'pg';
import { checkHealth } from '@wuhai/contracts';
import { useTestDatabase, useTestNats } from '../../testing/src/harness';
import { CreateMessaging1764400000000, startService, type BaseConfig, type RunningService } from '../src';

/**
 * grpc.health.v1 follows the database (DESIGN.md §11): when PostgreSQL stops accepting this
 * service's connections the server reports NOT_SERVING, and SERVING again once it answers.
 */
let service: RunningService<BaseConfig> | undefined;
afterAll(async () => {
  await service?.stop();
});
const dbUrl = useTestDatabase('kit_health');
const natsUrl = useTestNats();

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const url = new URL(dbUrl());
  url.pathname = '/postgres';
  const c = new Client({ connectionString: url.toString() });
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function waitForStatus(address: string, want: string): Promise<void> {
  const until = Date.now() + 15_000;
  let last = '';
  while (Date.now() < until) {
    last = await checkHealth(address, 500);
    if (last === want) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`health stayed ${last}, wanted ${want}`);
}

test('when the database stops answering, then the service reports NOT_SERVING, and SERVING again when it is back', async () => {
  service = await startService({
    name: 'finance',
    config: {
      SERVICE_NAME: 'finance',
      GRPC_PORT: 0,
      GRPC_HOST: '127.0.0.1',
      DATABASE_URL: dbUrl(),
      NATS_URL: natsUrl(),
      JWT_SECRET: 'a-test-secret-of-32-characters!!',
      LOG_LEVEL: 'silent',
      DEMO_MODE: false,
    },
    entities: [],
    migrations: [CreateMessaging1764400000000],
    healthProbeMs: 200,
    handlers: () => ({ ListObligations: async () => ({ obligations: [], totals: [], totalFen: '0' }) }),
  });
  await waitForStatus(service.address, 'SERVING');

  const name = new URL(dbUrl()).pathname.slice(1);
  await admin(async (c) => {
    await c.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS false`);
    await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  });
  await waitForStatus(service.address, 'NOT_SERVING');

  await admin((c) => c.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS true`));
  await waitForStatus(service.address, 'SERVING');
}, 60_000);
