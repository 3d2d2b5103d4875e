/** Jest globalTeardown of the monorepo: stops the PostgreSQL started by jest-global-setup. */
import { TEST_PG_ADMIN_URL_ENV } from './harness';
import { GLOBAL_POSTGRES_KEY } from './jest-global-setup';
import type { PostgresServer } from './postgres';

/**
 * Stops the run's PostgreSQL (deleting its temporary directory; nothing for DATABASE_URL) and
 * clears `WUHAI_TEST_PG_ADMIN_URL`. Does nothing when globalSetup did not start one.
 */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as Record<string, unknown>;
  const server = holder[GLOBAL_POSTGRES_KEY] as PostgresServer | undefined;
  delete holder[GLOBAL_POSTGRES_KEY];
  delete process.env[TEST_PG_ADMIN_URL_ENV];
  await server?.stop();
}
