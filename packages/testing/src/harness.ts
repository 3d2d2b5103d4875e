/**
 * Jest helpers for test files: a private database on the run's PostgreSQL, a private NATS.
 *
 * Both register `beforeAll`/`afterAll` hooks, so call them at the top of a test file or inside a
 * `describe`, never inside a test. Jest (circus) runs `afterAll` hooks in declaration order: the
 * cleanup registered here runs BEFORE `afterAll` hooks declared after the call. Close your own
 * clients (DataSource, pg pools, NATS connections) in an `afterAll` declared before calling these
 * helpers, or make sure they survive the server going away (pg pools need `pool.on('error')`).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { startNats, type NatsServer } from './nats';
import { createDatabase, databaseUrl, dropDatabase, startPostgres, type PostgresServer } from './postgres';

/** Environment variable holding the admin URL of the run's PostgreSQL (set by jest-global-setup). */
export const TEST_PG_ADMIN_URL_ENV = 'WUHAI_TEST_PG_ADMIN_URL';

/** A database name stays within PostgreSQL's 63 bytes: prefix ≤ 40, "_", 12 hex digits. */
const MAX_PREFIX_LENGTH = 40;

/**
 * The PostgreSQL started lazily when a file runs without jest-global-setup (e.g. a runner that
 * ignores the root config). One per test file (jest gives each file its own module registry),
 * shared by every `useTestDatabase` of that file, stopped after the last one's cleanup.
 */
let lazyPostgres: Promise<PostgresServer> | undefined;
let lazyPostgresUsers = 0;

interface PostgresLease {
  adminUrl: string;
  release(): Promise<void>;
}

async function leasePostgres(): Promise<PostgresLease> {
  const fromGlobalSetup = process.env[TEST_PG_ADMIN_URL_ENV];
  if (fromGlobalSetup) return { adminUrl: fromGlobalSetup, release: async () => undefined };

  lazyPostgresUsers += 1;
  lazyPostgres ??= startPostgres({ dataDir: tempPath('wuhai-test-pg-'), persistent: false });
  const current = lazyPostgres;
  let server: PostgresServer;
  try {
    server = await current;
  } catch (err) {
    lazyPostgresUsers -= 1;
    if (lazyPostgres === current) lazyPostgres = undefined;
    throw err;
  }
  let released = false;
  return {
    adminUrl: server.adminUrl,
    async release() {
      if (released) return;
      released = true;
      lazyPostgresUsers -= 1;
      if (lazyPostgresUsers === 0 && lazyPostgres === current) {
        lazyPostgres = undefined;
        await server.stop();
      }
    },
  };
}

/**
 * Gives the enclosing test file (or `describe`) its own database: in `beforeAll` creates
 * `<prefix>_<12 hex digits>` (prefix lower-cased, characters other than a-z0-9_ replaced by "_",
 * cut to 40) on the run's PostgreSQL (`WUHAI_TEST_PG_ADMIN_URL`, or a PostgreSQL started lazily
 * when that is unset); in `afterAll` drops it, terminating connections still open to it.
 *
 * @returns a getter for the database's URL (`postgres://user:pass@127.0.0.1:port/<name>`).
 *   The getter throws outside the beforeAll..afterAll window (e.g. at module load).
 */
export function useTestDatabase(prefix: string): () => string {
  let lease: PostgresLease | undefined;
  let name: string | undefined;
  let url: string | undefined;

  beforeAll(async () => {
    lease = await leasePostgres();
    name = uniqueDatabaseName(prefix);
    await createDatabase(lease.adminUrl, name);
    url = databaseUrl(lease.adminUrl, name);
  });

  afterAll(async () => {
    url = undefined;
    try {
      if (lease && name) await dropDatabase(lease.adminUrl, name);
    } finally {
      await lease?.release();
      lease = undefined;
    }
  });

  return () => {
    if (!url) {
      throw new Error(
        `useTestDatabase('${prefix}'): the database exists only between its beforeAll and afterAll; ` +
          'read the URL inside a hook or a test, not at module load',
      );
    }
    return url;
  };
}

/**
 * Gives the enclosing test file (or `describe`) a private nats-server with JetStream: started in
 * `beforeAll` on a free port with a temporary store directory, stopped (directory deleted) in
 * `afterAll`. Never NATS_URL: a shared server would mix the streams of parallel test files.
 *
 * @returns a getter for its URL (`nats://127.0.0.1:<port>`); the getter throws outside the
 *   beforeAll..afterAll window.
 * @throws (in beforeAll) when nats-server is missing and cannot be installed; see
 *   `ensureNatsServerBinary`.
 */
export function useTestNats(): () => string {
  let server: NatsServer | undefined;

  beforeAll(async () => {
    server = await startNats({ storeDir: tempPath('wuhai-test-nats-'), persistent: false });
  });

  afterAll(async () => {
    const running = server;
    server = undefined;
    await running?.stop();
  });

  return () => {
    if (!server) {
      throw new Error(
        'useTestNats(): the server runs only between its beforeAll and afterAll; read the URL inside a hook or a test',
      );
    }
    return server.url;
  };
}

function uniqueDatabaseName(prefix: string): string {
  const cleaned = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, MAX_PREFIX_LENGTH) || 'test';
  return `${cleaned}_${randomBytes(6).toString('hex')}`;
}

function tempPath(prefix: string): string {
  return path.join(os.tmpdir(), `${prefix}${randomBytes(6).toString('hex')}`);
}
