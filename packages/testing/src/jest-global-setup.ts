/**
 * Jest globalSetup of the monorepo (see the root jest.config.js): starts ONE PostgreSQL for the
 * whole run, the server of DATABASE_URL when set, otherwise an embedded one in a temporary
 * directory that is deleted at teardown. Test files then create their own databases on it
 * with `useTestDatabase`.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { ensureNatsServerBinary } from './nats';
import { startPostgres, type PostgresServer } from './postgres';
import { TEST_PG_ADMIN_URL_ENV } from './harness';

/** Where globalSetup leaves the server for globalTeardown (both run in jest's main process). */
export const GLOBAL_POSTGRES_KEY = '__wuhaiTestPostgres';

/**
 * Starts the run's PostgreSQL and publishes its admin URL in `process.env.WUHAI_TEST_PG_ADMIN_URL`
 * (workers are spawned after globalSetup and inherit the environment). Also makes sure
 * nats-server is present (installing it as root on Debian) once, before parallel workers could
 * race for apt's lock; a failure there is only reported, since test files without NATS can run.
 * @throws Error when PostgreSQL cannot be started or DATABASE_URL is unreachable.
 */
export default async function globalSetup(): Promise<void> {
  try {
    await ensureNatsServerBinary();
  } catch (err) {
    console.warn(`[@wuhai/testing] ${(err as Error).message}`);
  }

  const startedAt = Date.now();
  const server: PostgresServer = await startPostgres({
    dataDir: path.join(os.tmpdir(), `wuhai-test-pg-${randomBytes(6).toString('hex')}`),
    persistent: false,
  });
  (globalThis as Record<string, unknown>)[GLOBAL_POSTGRES_KEY] = server;
  process.env[TEST_PG_ADMIN_URL_ENV] = server.adminUrl;
  const where = server.external ? 'DATABASE_URL server' : `embedded PostgreSQL on 127.0.0.1:${String(server.port)}`;
  console.log(`\n[@wuhai/testing] tests use the ${where} (ready in ${Date.now() - startedAt} ms)`);
}
