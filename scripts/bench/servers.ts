/**
 * The servers a benchmark runs against, its own each time: a temporary directory with PostgreSQL
 * (embedded, or the DATABASE_URL server, see `startPostgres`) and a nats-server, optionally the
 * whole platform on top; everything is stopped and the directory deleted however the body ends.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startNats, startPostgres, type NatsServer, type PostgresServer } from '@wuhai/testing';
import { startPlatform, type Platform } from '../launcher/platform';

/** What {@link withBenchServers} started. */
export interface BenchServers {
  /** The temporary directory (PostgreSQL's data under `pg/`, NATS's store under `nats/`). */
  dataDir: string;
  pg: PostgresServer;
  nats: NatsServer;
}

/**
 * Runs `body` with a PostgreSQL and a nats-server of its own in a new temporary directory named
 * `prefix` + random characters under the OS temp dir; stops NATS, then PostgreSQL, then deletes
 * the directory once `body` settles.
 * @returns what `body` returns
 */
export async function withBenchServers<T>(prefix: string, body: (servers: BenchServers) => Promise<T>): Promise<T> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dataDir, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
  const pg = await startPostgres({ dataDir: path.join(dataDir, 'pg'), persistent: false });
  const nats = await startNats({ storeDir: path.join(dataDir, 'nats'), persistent: false });
  try {
    return await body({ dataDir, pg, nats });
  } finally {
    await nats.stop();
    await pg.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Runs `body` against the whole platform (every service and the gateway as separate processes,
 * gateway on a free port, LOG_LEVEL=warn) started on the servers of {@link withBenchServers};
 * stops the platform, then the servers, once `body` settles.
 * @param body receives the platform, the servers under it and how long the platform took to start
 *   (`startMs`, until ready)
 * @returns what `body` returns
 */
export async function withBenchPlatform<T>(prefix: string, body: (platform: Platform, run: BenchServers & { startMs: number }) => Promise<T>): Promise<T> {
  return withBenchServers(prefix, async (servers) => {
    const { dataDir, pg, nats } = servers;
    const t0 = performance.now();
    const platform = await startPlatform({ dataDir, gatewayPort: 0, postgresAdminUrl: pg.adminUrl, natsUrl: nats.url, env: { LOG_LEVEL: 'warn' } });
    const startMs = performance.now() - t0;
    try {
      return await body(platform, { ...servers, startMs });
    } finally {
      await platform.stop();
    }
  });
}
