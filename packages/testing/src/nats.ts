/**
 * A real NATS server with JetStream: `nats-server` (Debian package `nats-server`) started on a
 * free port of 127.0.0.1, for tests and for the launcher.
 *
 * Tests never use NATS_URL: each test file gets its own private nats-server (see `useTestNats`),
 * because JetStream streams and durable consumers are server-wide names. Two test files running
 * in parallel against one shared server would create, purge and consume the same streams
 * (`WUHAI_...`) and steal each other's messages. A private server per file costs about 0.1 s.
 * Only the launcher honours NATS_URL, through {@link natsUrlForLauncher}.
 */
import { spawn } from 'node:child_process';
import { constants as fsConstants, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import getPort from 'get-port';
import { connect } from 'nats';
import { isPortConflict, ServerStartError, startRunner } from './server-runner';

const PORT_ATTEMPTS = 3;
const FALLBACK_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/bin', '/sbin', '/bin'];

/** Options of {@link startNats}. */
export interface StartNatsOptions {
  /** JetStream store directory (`-sd`); created when missing, reused when it holds streams. */
  storeDir: string;
  /** false: `stop()` deletes `storeDir` (tests). true: streams survive restarts (launcher). */
  persistent: boolean;
  /** Receives each server log line. Default: lines are only kept for error messages. */
  log?: (line: string) => void;
  /** Milliseconds allowed until JetStream answers. Default 20 000. */
  startTimeoutMs?: number;
}

/** A NATS server with JetStream enabled. */
export interface NatsServer {
  /** Client URL, e.g. `nats://127.0.0.1:41235`. */
  url: string;
  /** True when this is the NATS_URL server (then `stop` does nothing). */
  external: boolean;
  /** TCP port on 127.0.0.1 of a server we started; undefined for NATS_URL. */
  port: number | undefined;
  /** Stops the server we started (SIGTERM, SIGKILL after 10 s) and deletes `storeDir` unless persistent; idempotent. */
  stop(): Promise<void>;
}

/** Options of {@link ensureNatsServerBinary}; the defaults suit every real caller. */
export interface EnsureNatsServerOptions {
  /** Directories searched for `nats-server`. Default: PATH, then /usr/sbin and friends. */
  searchDirs?: string[];
  /** Install with apt-get when missing. Default: only as root on Debian (`/etc/debian_version`). */
  install?: boolean;
  /** Receives progress lines of an installation. Default: console.log. */
  log?: (line: string) => void;
}

let installing: Promise<string> | undefined;

/**
 * Returns the absolute path of the `nats-server` executable. When it is missing and `install`
 * holds (root on Debian), runs `apt-get update` and `apt-get install -y nats-server`, logging
 * each command and its output. Concurrent calls in one process share one installation.
 * @throws Error telling how to install it (`sudo apt-get install nats-server`, or NATS_URL for
 *   the launcher) when missing and not installable, or when apt-get fails.
 */
export async function ensureNatsServerBinary(options: EnsureNatsServerOptions = {}): Promise<string> {
  const searchDirs = options.searchDirs ?? defaultSearchDirs();
  const found = await findExecutable('nats-server', searchDirs);
  if (found) return found;

  const install = options.install ?? (existsSync('/etc/debian_version') && process.getuid?.() === 0);
  if (!install) {
    throw new Error(
      `nats-server was not found (searched ${searchDirs.join(':')}). ` +
        'Install it with `sudo apt-get install nats-server` (Debian/Ubuntu; other systems: ' +
        'https://github.com/nats-io/nats-server/releases), or set NATS_URL to a NATS server with ' +
        'JetStream enabled (-js) for `pnpm start`. Tests always start their own nats-server.',
    );
  }
  installing ??= installWithApt(searchDirs, options.log ?? console.log).finally(() => {
    installing = undefined;
  });
  return installing;
}

async function installWithApt(searchDirs: string[], log: (line: string) => void): Promise<string> {
  log('[@wuhai/testing] nats-server is missing; installing the Debian package (running as root).');
  // Wait for another apt/dpkg (a parallel installer) instead of failing on its lock.
  const lockWait = ['-o', 'DPkg::Lock::Timeout=300'];
  await run('apt-get', [...lockWait, 'update'], log);
  await run('apt-get', [...lockWait, 'install', '-y', 'nats-server'], log);
  const found = await findExecutable('nats-server', searchDirs);
  if (!found) throw new Error(`apt-get installed nats-server, yet it is not in ${searchDirs.join(':')}`);
  log(`[@wuhai/testing] nats-server installed at ${found}`);
  return found;
}

function run(command: string, args: string[], log: (line: string) => void): Promise<void> {
  log(`[@wuhai/testing] $ ${command} ${args.join(' ')}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const tail: string[] = [];
    const onLine = (line: string): void => {
      log(`[@wuhai/testing]   ${line}`);
      tail.push(line);
      if (tail.length > 20) tail.shift();
    };
    readline.createInterface({ input: child.stdout }).on('line', onLine);
    readline.createInterface({ input: child.stderr }).on('line', onLine);
    child.on('error', (err) => reject(new Error(`${command} could not run: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `\`${command} ${args.join(' ')}\` failed (exit ${String(code)}). Install nats-server by hand ` +
              `(\`sudo apt-get install nats-server\`) or set NATS_URL.\n${tail.join('\n')}`,
          ),
        );
    });
  });
}

function defaultSearchDirs(): string[] {
  const fromPath = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return [...new Set([...fromPath, ...FALLBACK_DIRS])];
}

async function findExecutable(name: string, dirs: string[]): Promise<string | undefined> {
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      await fs.access(candidate, fsConstants.X_OK);
      if ((await fs.stat(candidate)).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Starts `nats-server -js -a 127.0.0.1 -p <free port> -sd <storeDir>` and resolves once a client
 * connects and JetStream answers (`jetstreamManager()`). Installs the binary first when missing
 * (see {@link ensureNatsServerBinary}). Takes about 0.1 s with nats-server 2.9 here (runner process included).
 * @throws Error when the binary is missing and not installable, or the server does not become
 *   ready within `startTimeoutMs` (the message ends with its last log lines).
 */
export async function startNats(options: StartNatsOptions): Promise<NatsServer> {
  const binary = await ensureNatsServerBinary();
  const storeDir = path.resolve(options.storeDir);
  await fs.mkdir(storeDir, { recursive: true });
  const startTimeoutMs = options.startTimeoutMs ?? 20_000;

  let lastError: unknown;
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt += 1) {
    const port = await getPort();
    const url = `nats://127.0.0.1:${port}`;
    const deadline = Date.now() + startTimeoutMs;
    let runner: Awaited<ReturnType<typeof startRunner>> | undefined;
    // An exit before JetStream answered is a start failure (reported by waitForJetStream), not news.
    let up = false;
    try {
      runner = await startRunner({
        mode: 'exec',
        name: `nats-server (port ${port})`,
        options: { command: binary, args: ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir] },
        log: options.log,
        startTimeoutMs,
        onUnexpectedExit: (description) => {
          if (up) (options.log ?? console.error)(`[@wuhai/testing] ${description}`);
        },
      });
      await waitForJetStream(url, deadline, runner);
      up = true;
      const started = runner;
      let stopping: Promise<void> | undefined;
      return {
        url,
        external: false,
        port,
        stop() {
          stopping ??= (async () => {
            await started.stop();
            if (!options.persistent) await fs.rm(storeDir, { recursive: true, force: true });
          })();
          return stopping;
        },
      };
    } catch (err) {
      lastError = err;
      await runner?.stop();
      if (!isPortConflict(err)) break;
    }
  }
  if (!options.persistent) await fs.rm(storeDir, { recursive: true, force: true });
  throw lastError;
}

/** Polls until a client connects and JetStream answers; fails early if the server exits. */
async function waitForJetStream(
  url: string,
  deadline: number,
  runner: { hasExited(): boolean; logTail(): string },
): Promise<void> {
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (runner.hasExited()) throw new ServerStartError(`nats-server at ${url} exited while starting`, runner.logTail());
    try {
      const nc = await connect({ servers: url, reconnect: false, timeout: 1000 });
      try {
        // Throws "jetstream not enabled" on a server without -js.
        await nc.jetstreamManager();
        return;
      } finally {
        await nc.close();
      }
    } catch (err) {
      lastError = err;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  throw new ServerStartError(
    `nats-server at ${url} did not answer with JetStream in time: ${(lastError as Error | undefined)?.message ?? ''}`,
    runner.logTail(),
  );
}

/**
 * The NATS server for `pnpm start`: `process.env.NATS_URL` when set (not started, `stop` does
 * nothing; it must have JetStream enabled), otherwise {@link startNats} with `options`.
 */
export async function natsUrlForLauncher(options: StartNatsOptions): Promise<NatsServer> {
  const url = process.env.NATS_URL?.trim();
  if (url) return { url, external: true, port: undefined, stop: async () => undefined };
  return startNats(options);
}
