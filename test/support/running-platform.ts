import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPlatform, type Platform } from '../../scripts/launcher/platform';
import { seedIfEmpty } from '../../scripts/seed/seed';
import { dropDatabase, startNats, type NatsServer } from '../../packages/testing/src';

/** Today in Wuhai (UTC+8), `YYYY-MM-DD`. */
export const CITY_TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * Starts the whole platform with the launcher for a test file (every service its own process),
 * on the run's PostgreSQL with prefixed databases and on a private nats-server, and seeds a small
 * city. Stops and drops everything afterwards.
 * @returns a getter for the running platform
 */
export function useRunningPlatform(opts: { households: number; seed: number }): () => Platform {
  let platform: Platform | undefined;
  let nats: NatsServer | undefined;
  let dataDir = '';
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuhai-e2e-'));
    nats = await startNats({ storeDir: path.join(dataDir, 'nats'), persistent: false });
    platform = await startPlatform({
      dataDir,
      gatewayPort: 0,
      postgresAdminUrl: process.env.WUHAI_TEST_PG_ADMIN_URL,
      natsUrl: nats.url,
      databasePrefix: `e2e_${process.pid}_${Math.floor(Math.random() * 1e6)}_`,
      env: { LOG_LEVEL: 'warn' },
    });
    await seedIfEmpty({ registryAddress: platform.addresses.registry, jwtSecret: platform.jwtSecret, households: opts.households, seed: opts.seed, today: CITY_TODAY });
  }, 180_000);
  afterAll(async () => {
    await platform?.stop();
    await nats?.stop();
    const admin = process.env.WUHAI_TEST_PG_ADMIN_URL;
    if (admin && platform) for (const db of platform.databases) await dropDatabase(admin, db);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);
  return () => {
    if (!platform) throw new Error('the platform runs only between beforeAll and afterAll');
    return platform;
  };
}
