/**
 * @wuhai/testing: real PostgreSQL and real NATS JetStream for the test suite and for the
 * launcher (`pnpm start`), plus the jest helpers that give each test file its own database
 * and its own nats-server.
 */
export {
  startPostgres,
  createDatabase,
  dropDatabase,
  databaseUrl,
  type StartPostgresOptions,
  type PostgresServer,
} from './postgres';
export {
  startNats,
  ensureNatsServerBinary,
  natsUrlForLauncher,
  type StartNatsOptions,
  type NatsServer,
  type EnsureNatsServerOptions,
} from './nats';
export { useTestDatabase, useTestNats, TEST_PG_ADMIN_URL_ENV } from './harness';
export { ServerStartError } from './server-runner';
export { memberFacts, householdFacts, type MemberFacts, type HouseholdFacts } from './builders';
