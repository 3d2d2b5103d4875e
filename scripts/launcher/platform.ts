import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import getPort from 'get-port';
import { checkHealth, SERVICE_NAMES, type ServiceName } from '@wuhai/contracts';
import { createDatabase, databaseUrl, natsUrlForLauncher, startPostgres, type NatsServer, type PostgresServer } from '@wuhai/testing';

/**
 * Brings the whole platform up on one machine (DESIGN.md "Running it"): PostgreSQL (DATABASE_URL
 * or embedded under `<dataDir>/pg`), NATS with JetStream (NATS_URL or a nats-server under
 * `<dataDir>/nats`), one database per service plus the gateway's, every service as its own
 * process on a free port, then the gateway. Used by `pnpm start` and by the end-to-end test.
 */
export interface PlatformOptions {
  /** Where embedded servers keep their data, logs and the token secret. */
  dataDir: string;
  /** Gateway port; 0 picks a free one. Default: PORT or 8080. */
  gatewayPort?: number;
  demo?: boolean;
  /** Receives progress lines. */
  log?: (line: string) => void;
  /** Extra environment for every process (e.g. LOG_LEVEL). */
  env?: NodeJS.ProcessEnv;
  startTimeoutMs?: number;
  /** Use this PostgreSQL (admin URL) instead of DATABASE_URL / embedded; it is not stopped. */
  postgresAdminUrl?: string;
  /** Use this NATS instead of NATS_URL / a nats-server of our own; it is not stopped. */
  natsUrl?: string;
  /** Prefix of the databases created (default `wuhai_`), so tests never touch a real platform's. */
  databasePrefix?: string;
}

export interface Platform {
  url: string;
  gatewayPort: number;
  addresses: Record<ServiceName, string>;
  jwtSecret: string;
  postgres: PostgresServer;
  nats: NatsServer;
  /** Names of the databases the platform uses. */
  databases: string[];
  /** Stops gateway, services, NATS and PostgreSQL, in that order. */
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..', '..');
const SERVICE_DIRS: Record<ServiceName, string> = {
  registry: 'registry',
  'civil-affairs': 'civil-affairs',
  finance: 'finance',
  disability: 'disability',
  education: 'education',
  employment: 'employment',
  health: 'health',
  housing: 'housing',
};
/** The env var that tells the gateway (and civil affairs) where a service listens. */
export const ADDR_ENV: Record<ServiceName, string> = {
  registry: 'REGISTRY_ADDR',
  'civil-affairs': 'CIVIL_AFFAIRS_ADDR',
  finance: 'FINANCE_ADDR',
  disability: 'DISABILITY_ADDR',
  education: 'EDUCATION_ADDR',
  employment: 'EMPLOYMENT_ADDR',
  health: 'HEALTH_ADDR',
  housing: 'HOUSING_ADDR',
};


/** Starts everything; resolves once the gateway's /readyz answers 200. */
export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const log = opts.log ?? (() => undefined);
  const dataDir = path.resolve(opts.dataDir);
  const logDir = path.join(dataDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const timeout = opts.startTimeoutMs ?? 120_000;
  const children: { name: string; proc: ChildProcess }[] = [];
  const dbName = (name: string) => `${opts.databasePrefix ?? 'wuhai_'}${name.replace(/-/g, '_')}`;
  let postgres: PostgresServer | undefined;
  let nats: NatsServer | undefined;

  const stop = async () => {
    // the gateway first (it calls the others), then the services together: each may take up to
    // stopChild's 10 s, and one after another they outlast a test's stop hook
    for (const { proc } of children.filter((c) => c.name === 'gateway')) await stopChild(proc);
    await Promise.all(children.filter((c) => c.name !== 'gateway').map(({ proc }) => stopChild(proc)));
    await nats?.stop().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
  };

  try {
    postgres = opts.postgresAdminUrl
      ? { adminUrl: opts.postgresAdminUrl, external: true, port: undefined, stop: async () => undefined }
      : await startPostgres({ dataDir: path.join(dataDir, 'pg'), persistent: true });
    log(postgres.external ? 'PostgreSQL: DATABASE_URL' : `PostgreSQL: embedded on port ${postgres.port}`);
    nats = opts.natsUrl
      ? { url: opts.natsUrl, external: true, port: undefined, stop: async () => undefined }
      : await natsUrlForLauncher({ storeDir: path.join(dataDir, 'nats'), persistent: true });
    log(nats.external ? 'NATS: NATS_URL' : `NATS: nats-server with JetStream on port ${nats.port}`);

    for (const name of [...SERVICE_NAMES, 'gateway']) await createDatabase(postgres.adminUrl, dbName(name));
    const jwtSecret = process.env.JWT_SECRET ?? readOrCreateSecret(path.join(dataDir, 'jwt-secret'));

    const ports = {} as Record<ServiceName, number>;
    for (const name of SERVICE_NAMES) ports[name] = await getPort({ host: '127.0.0.1' });
    const addresses = Object.fromEntries(SERVICE_NAMES.map((n) => [n, `127.0.0.1:${ports[n]}`])) as Record<ServiceName, string>;
    const addrEnv = Object.fromEntries(SERVICE_NAMES.map((n) => [ADDR_ENV[n], addresses[n]]));
    const common = {
      ...process.env,
      NATS_URL: nats.url,
      JWT_SECRET: jwtSecret,
      DEMO_MODE: String(opts.demo ?? true),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...addrEnv,
      ...opts.env,
    };

    for (const name of SERVICE_NAMES) {
      const env = { ...common, SERVICE_NAME: name, GRPC_PORT: String(ports[name]), DATABASE_URL: databaseUrl(postgres.adminUrl, dbName(name)) };
      children.push({ name, proc: spawnTs(path.join(ROOT, 'services', SERVICE_DIRS[name], 'src', 'main.ts'), env, path.join(logDir, `${name}.log`)) });
    }
    await Promise.all(
      SERVICE_NAMES.map(async (name) => {
        const child = children.find((c) => c.name === name)!;
        await waitFor(`${name} to report SERVING`, timeout, child, logDir, async () => (await checkHealth(addresses[name], 500)) === 'SERVING');
        log(`${name} serving on ${addresses[name]}`);
      }),
    );

    const wanted = opts.gatewayPort ?? Number(process.env.PORT ?? 8080);
    const gatewayPort = wanted === 0 ? await getPort({ host: '127.0.0.1' }) : await getPort({ host: '127.0.0.1', port: wanted });
    if (wanted !== 0 && gatewayPort !== wanted) log(`port ${wanted} is taken; the gateway uses ${gatewayPort}`);
    const gatewayEnv = { ...common, PORT: String(gatewayPort), HOST: process.env.HOST ?? '127.0.0.1', DATABASE_URL: databaseUrl(postgres.adminUrl, dbName('gateway')) };
    const gateway = spawnTs(path.join(ROOT, 'gateway', 'src', 'main.ts'), gatewayEnv, path.join(logDir, 'gateway.log'));
    children.push({ name: 'gateway', proc: gateway });
    const url = `http://127.0.0.1:${gatewayPort}`;
    await waitFor('the gateway to be ready', timeout, { name: 'gateway', proc: gateway }, logDir, async () => {
      const res = await fetch(`${url}/readyz`).catch(() => undefined);
      return res?.status === 200;
    });
    log(`gateway ready at ${url}`);
    // where `pnpm seed` finds the running platform
    fs.writeFileSync(path.join(dataDir, 'runtime.json'), JSON.stringify({ url, addresses, pid: process.pid }, null, 2));
    return { url, gatewayPort, addresses, jwtSecret, postgres, nats, databases: [...SERVICE_NAMES, 'gateway'].map(dbName), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function spawnTs(entry: string, env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const out = fs.openSync(logFile, 'a');
  // detached: a terminal's Ctrl-C reaches only the launcher, which then stops children in order
  const proc = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: ROOT, env, stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  return proc;
}

async function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function waitFor(
  what: string,
  timeoutMs: number,
  child: { name: string; proc: ChildProcess },
  logDir: string,
  ready: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.proc.exitCode !== null) {
      throw new Error(`${child.name} exited with code ${child.proc.exitCode} while waiting for ${what}:\n${tail(path.join(logDir, `${child.name}.log`))}`);
    }
    if (await ready()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}:\n${tail(path.join(logDir, `${child.name}.log`))}`);
}

function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function readOrCreateSecret(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
