/**
 * Benchmark of the verification-source import (City §18; shared/contracts/verification-sources.md)
 * at city scale, in one run:
 *  - the eight extracts of a synthetic city (default 100 000 households, ≈ 4 million rows) from the
 *    shared city fixture (written once, kept in the temp dir);
 *  - ours: the eight files streamed as `pnpm sources:import` does (`importFile`: each file read once,
 *    in 128 KiB chunks over client-streaming gRPC, its SHA-256 sent with the final chunk; the next
 *    file sent while the registry finishes the one before, `inTurn`) to a registry service running
 *    as its own process,
 *    which parses, checks every line and loads it into a partition of its own, whose index (on the
 *    `bigint` key of the ID number) is built at the attach (docs/decisions/0016-source-partitions-per-file.md,
 *    0018-source-index-by-id-key.md), in one transaction;
 *  - ours' database part alone: the registry's `SourceLoad` fed the file's lines from this process,
 *    unchecked — what the same load costs PostgreSQL, without the transfer and the checks;
 *  - the raw baseline, per file and on the same PostgreSQL server: the file's bytes sent as they are
 *    with `COPY … FROM STDIN (FORMAT csv, HEADER true)` (what psql's `\copy` does) into a plain
 *    table with the same columns and types and no key, index or constraint, file after file; run
 *    before and after ours, the mean of the two counts;
 *  - then `pnpm sources:import` itself on the folder: every file must come back "already imported"
 *    (decided by the registry at each file's commit, once it has hashed the bytes: the file is
 *    read, sent and checked again, and its load rolled back), and nothing may be added.
 * The ratio is the baseline's time for the eight files ÷ ours' (the issue's measure: at least 0.5).
 * Per file, ours is timed from its first chunk to its answer: those spans overlap.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import getPort from 'get-port';
import { checkHealth } from '@wuhai/contracts';
import { createLogger, openDataSource, signStaffToken } from '@wuhai/service-kit';
import { createDatabase, databaseUrl, startNats, startPostgres } from '@wuhai/testing';
import { SOURCE_FORMATS } from '../../services/registry/src/domain/verification-sources';
import { SourceLoad } from '../../services/registry/src/persistence/source-load';
import { sourceEntities } from '../../services/registry/src/persistence/source-tables.entities';
import { cityFixture } from './city-fixture';
import { createSourceImportClient } from '../sources/import-client';
import { inTurn } from '../sources/import-folder';
import { SOURCE_NAMES, type SourceName } from '../sources/formats';

export interface ImportBenchOptions {
  /** Households of the synthetic city (default 100 000). */
  households: number;
  seed?: number;
  /** `YYYY-MM-DD` of the city; default today in Wuhai. */
  today?: string;
  /** When set, the registry process runs with `--cpu-prof` and writes its profile here. */
  registryCpuProfDir?: string;
  /** Send each file only once the one before has been answered (default: as `pnpm sources:import` does, the next file while the registry finishes the one before). */
  sequential?: boolean;
  log?: (line: string) => void;
}

const ROOT = path.resolve(__dirname, '..', '..');

/** The SQL type each kind of value is stored as (as the registry's migration declares it). */
const SQL_TYPES: Record<string, string> = {
  idNumber: 'char(18)',
  text: 'text',
  fen: 'bigint',
  month: 'char(7)',
  date: 'date',
  areaM2: 'numeric(10,2)',
  areaCode: 'char(6)',
  sex: 'char(1)',
  enum: 'text',
};

interface FileResult {
  source: SourceName;
  rows: number;
  bytes: number;
  /** ms from the file's first chunk sent to its answer (it overlaps the next file's, unless `sequential`). */
  oursMs: number;
  baselineMs: [number, number];
  /** CPU ms of PostgreSQL during the baseline run before ours. */
  baselinePostgresCpu: number;
  /** ms of ours' PostgreSQL part alone: the same `SourceLoad` (table of the file, COPY CSV, attach with the index build) fed the file's lines from this process, no gRPC and no check. */
  databaseOnlyMs: number;
}

/** Ours for all eight files: wall ms, and CPU ms of this process (the client), the registry process, PostgreSQL (every process of the server). */
interface OursRun {
  ms: number;
  cpu: { client: number; registry: number; postgres: number };
}

/** CPU ms (user + system) a process has used, with its reaped children when `children` is set; 0 once gone. */
function cpuMs(pid: number, children = false): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/** CPU ms of the whole PostgreSQL server: the postmaster with its reaped children, and every live child. */
function postgresCpuMs(pgDataDir: string): number {
  const postmaster = Number(fs.readFileSync(path.join(pgDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const out = spawnSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' }).stdout;
  return cpuMs(postmaster, true) + out.split('\n').filter((l) => l.trim()).reduce((n, l) => n + cpuMs(Number(l.trim())), 0);
}

const clientCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const rate = (rows: number, ms: number) => rows / (ms / 1000);
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

export async function runImportBench(o: ImportBenchOptions): Promise<string> {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const seed = o.seed ?? 11;
  const fixture = await cityFixture({ households: o.households, seed, today: o.today, log });
  log(`extracts: ${fixture.dir}${fixture.cached ? ' (reused)' : ''}`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wuhai-bench-import-'));
  fs.chmodSync(dataDir, 0o755); // embedded PostgreSQL runs as the postgres user when we are root
  const pgDir = path.join(dataDir, 'pg');
  const pg = await startPostgres({ dataDir: pgDir, persistent: false });
  const nats = await startNats({ storeDir: path.join(dataDir, 'nats'), persistent: false });
  let registry: ChildProcess | undefined;
  try {
    await createDatabase(pg.adminUrl, 'bench_registry');
    await createDatabase(pg.adminUrl, 'bench_raw');
    const jwtSecret = 'bench-import-secret-0123456789abcdef';
    const port = await getPort({ host: '127.0.0.1' });
    const address = `127.0.0.1:${port}`;
    registry = startRegistry({
      env: {
        ...process.env,
        SERVICE_NAME: 'registry',
        GRPC_PORT: String(port),
        DATABASE_URL: databaseUrl(pg.adminUrl, 'bench_registry'),
        NATS_URL: nats.url,
        JWT_SECRET: jwtSecret,
        LOG_LEVEL: 'warn',
        DEMO_MODE: 'false',
      },
      logFile: path.join(dataDir, 'registry.log'),
      cpuProfDir: o.registryCpuProfDir,
    });
    await waitServing(address, registry, path.join(dataDir, 'registry.log'));

    const rawDb = new Client({ connectionString: databaseUrl(pg.adminUrl, 'bench_raw') });
    rawDb.on('error', () => undefined);
    await rawDb.connect();
    const registryDb = new Client({ connectionString: databaseUrl(pg.adminUrl, 'bench_registry') });
    registryDb.on('error', () => undefined);
    await registryDb.connect();
    for (const source of SOURCE_NAMES) {
      const f = SOURCE_FORMATS[source];
      await rawDb.query(`CREATE TABLE raw_${source.replace(/-/g, '_')} (${f.columns.map((c) => `${c.sql} ${SQL_TYPES[c.value.kind]}`).join(', ')})`);
    }

    // ours' database part alone, on the registry's database, through the registry's own SourceLoad
    const databaseOnlyDs = await openDataSource({ url: databaseUrl(pg.adminUrl, 'bench_registry'), entities: sourceEntities, migrations: [], logger: createLogger('bench', 'silent'), poolSize: 2 });
    const token = signStaffToken({ staffId: 'bench', username: 'bench', department: 'system', area: '*', role: 'system' }, jwtSecret, 3600);
    const client = createSourceImportClient(address);
    const metadata = { authorization: `Bearer ${token}` };
    const results: FileResult[] = [];
    let ours: OursRun;
    try {
      // the baseline before ours, file by file
      const before = new Map<SourceName, { ms: number; postgresCpu: number }>();
      for (const source of SOURCE_NAMES) {
        const pgCpu0 = postgresCpuMs(pgDir);
        const copied = await rawCopy(rawDb, source, fixture.files[source]);
        before.set(source, { ms: copied.ms, postgresCpu: postgresCpuMs(pgDir) - pgCpu0 });
        if (copied.rows !== fixture.rows[source]) throw new Error(`baseline ${source}: COPY stored ${copied.rows} rows, the file has ${fixture.rows[source]}`);
      }
      await rawDb.query('CHECKPOINT'); // ours starts with no dirty pages of the baseline
      // ours: the eight files as `pnpm sources:import` sends them (each its own call and
      // transaction; the next file sent while the registry finishes the one before), or one
      // after the other's answer when `sequential`
      // the client's own CPU is read last before and first after, so that reading the others' (ps) is not counted in it
      const cpu0 = { postgres: postgresCpuMs(pgDir), registry: cpuMs(registry.pid!), client: clientCpuMs() };
      const usage0 = process.cpuUsage();
      const t = performance.now();
      const spans = await inTurn(SOURCE_NAMES, async (source, onSent) => {
        const t0 = performance.now();
        const result = await client.importFile(fixture.files[source], source, { metadata, onSent: o.sequential ? undefined : onSent });
        return { source, result, ms: performance.now() - t0 };
      });
      const oursMs = performance.now() - t;
      const usage = process.cpuUsage(usage0);
      const cpu = { client: clientCpuMs() - cpu0.client, registry: cpuMs(registry.pid!) - cpu0.registry, postgres: postgresCpuMs(pgDir) - cpu0.postgres };
      ours = { ms: oursMs, cpu };
      log(
        `ours, all eight: ${(oursMs / 1000).toFixed(2)} s (CPU s: client ${(cpu.client / 1000).toFixed(2)}, registry ${(cpu.registry / 1000).toFixed(2)}, PostgreSQL ${(cpu.postgres / 1000).toFixed(2)}; client user ${(usage.user / 1e6).toFixed(2)} + system ${(usage.system / 1e6).toFixed(2)})`,
      );
      for (const { source, result, ms } of spans) {
        const rows = fixture.rows[source];
        if (Number(result.rowsLoaded) !== rows || Number(result.rowsRejected) !== 0 || result.alreadyImported) {
          throw new Error(`${source}: the registry loaded ${result.rowsLoaded} rows and rejected ${result.rowsRejected} (already imported: ${result.alreadyImported}); the file has ${rows}`);
        }
        const stored = await registryDb.query(`SELECT count(*)::int AS n FROM ${SOURCE_FORMATS[source].table} WHERE file_id = $1`, [result.fileId]);
        if (stored.rows[0].n !== rows) throw new Error(`${source}: ${stored.rows[0].n} rows stored for file ${result.fileId}, expected ${rows}`);
        const after = await rawCopy(rawDb, source, fixture.files[source]);
        const databaseOnlyMs = await databaseOnly(databaseOnlyDs, source, fixture.files[source], rows);
        const b = before.get(source)!;
        results.push({ source, rows, bytes: fixture.bytes[source], oursMs: ms, baselineMs: [b.ms, after.ms], baselinePostgresCpu: b.postgresCpu, databaseOnlyMs });
        log(`${source}: ${thousands(rows)} rows — ours ${(ms / 1000).toFixed(2)} s from its first chunk to its answer, baseline ${(b.ms / 1000).toFixed(2)} / ${(after.ms / 1000).toFixed(2)} s (PostgreSQL CPU ${(b.postgresCpu / 1000).toFixed(2)} s)`);
      }
    } finally {
      client.close();
    }

    // the CLI on the same folder: every file is already imported, nothing is added
    const countAll = async () => (await registryDb.query('SELECT count(*)::int AS n FROM source_files')).rows[0].n as number;
    const filesBefore = await countAll();
    const t = performance.now();
    const cli = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'sources', 'import.cli.ts'), fixture.dir], {
      cwd: ROOT,
      env: { ...process.env, REGISTRY_ADDR: address, JWT_SECRET: jwtSecret },
      encoding: 'utf8',
    });
    const cliMs = performance.now() - t;
    const already = cli.stdout.split('\n').filter((l) => l.includes('already imported')).length;
    if (cli.status !== 0 || already !== SOURCE_NAMES.length || (await countAll()) !== filesBefore) {
      throw new Error(`pnpm sources:import again: exit ${cli.status}, ${already} files already imported\n${cli.stdout}${cli.stderr}`);
    }
    await rawDb.end();
    await registryDb.end();
    await databaseOnlyDs.destroy();
    return report(o.households, seed, fixture.today, results, ours, cliMs, o.sequential === true);
  } finally {
    if (registry) await stopChild(registry);
    await nats.stop();
    await pg.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Loads the file's data lines through `SourceLoad` as the registry does for lines that pass the
 * quick check (the header lists the contract's columns in order, so each line's bytes go as they
 * came), but read here from the file and not checked: what ours costs PostgreSQL, without the transfer and the
 * checks. Stored as a file of its own (another SHA-256), so the real import's rows are untouched.
 */
async function databaseOnly(ds: Awaited<ReturnType<typeof openDataSource>>, source: SourceName, file: string, rows: number): Promise<number> {
  const bytes = fs.readFileSync(file);
  await ds.query('CHECKPOINT');
  const t = performance.now();
  const load = await SourceLoad.open(ds, source);
  let line = 1;
  let at = bytes.indexOf(0x0a) + 1; // after the header
  while (at < bytes.length) {
    const end = bytes.indexOf(0x0a, at);
    const pending = load.addLineBytes(++line, bytes, at, end < 0 ? bytes.length : end);
    if (pending) await pending;
    at = end < 0 ? bytes.length : end + 1;
  }
  const outcome = await load.finish({ sha256: createHash('sha256').update(`database-only ${file}`).digest('hex'), fileName: path.basename(file), importedBy: 'bench' });
  const ms = performance.now() - t;
  if (!outcome.stored || outcome.file.rowsLoaded !== rows) throw new Error(`${source}: the database-only load stored ${outcome.stored ? outcome.file.rowsLoaded : 'nothing'}, expected ${rows}`);
  return ms;
}

/** TRUNCATEs the plain table and COPYs the file's bytes into it, as psql's `\copy … csv header` would. */
async function rawCopy(db: Client, source: SourceName, file: string): Promise<{ ms: number; rows: number }> {
  const table = `raw_${source.replace(/-/g, '_')}`;
  const columns = SOURCE_FORMATS[source].columns.map((c) => c.sql).join(', ');
  await db.query(`TRUNCATE ${table}`);
  await db.query('CHECKPOINT');
  const t = performance.now();
  const copy = db.query(copyFrom(`COPY ${table} (${columns}) FROM STDIN (FORMAT csv, HEADER true)`));
  await pipeline(createReadStream(file, { highWaterMark: 64 * 1024 }), copy);
  const ms = performance.now() - t;
  return { ms, rows: Number(copy.rowCount) };
}

function startRegistry(o: { env: NodeJS.ProcessEnv; logFile: string; cpuProfDir?: string }): ChildProcess {
  const out = fs.openSync(o.logFile, 'a');
  const prof = o.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(o.cpuProfDir)}`] : [];
  const proc = spawn(process.execPath, [...prof, '--import', 'tsx', path.join(ROOT, 'services', 'registry', 'src', 'main.ts')], {
    cwd: ROOT,
    env: o.env,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  return proc;
}

async function waitServing(address: string, proc: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`the registry exited with code ${proc.exitCode}:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    if ((await checkHealth(address, 500)) === 'SERVING') return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the registry did not report SERVING within 120 s:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
}

async function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

function report(households: number, seed: number, today: string, results: FileResult[], ours: OursRun, cliMs: number, sequential: boolean): string {
  const lines = [
    `source import, ${households.toLocaleString('en-US')} households (seed ${seed}, ${today}); ours = pnpm sources:import client → gRPC → registry process, ` +
      (sequential ? 'each file sent once the one before was answered' : 'the next file sent while the registry finishes the one before (as pnpm sources:import does)') +
      '; baseline = COPY FROM STDIN (csv) of the same file into a plain table, file after file, mean of a run before and one after ours',
    '',
    `| file | rows | MB | baseline rows/s | ours: s from the file's first chunk to its answer${sequential ? '' : ' (overlapping)'} | baseline s ÷ ours s | ours, database part alone: rows/s (ratio) | CPU s, baseline: PostgreSQL |`,
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  let rows = 0;
  let bytes = 0;
  let base = 0;
  let dbOnly = 0;
  for (const r of results) {
    dbOnly += r.databaseOnlyMs;
    const baseMs = (r.baselineMs[0] + r.baselineMs[1]) / 2;
    rows += r.rows;
    bytes += r.bytes;
    base += baseMs;
    lines.push(
      `| ${r.source}.csv | ${thousands(r.rows)} | ${(r.bytes / 1e6).toFixed(1)} | ${thousands(rate(r.rows, baseMs))} | ${(r.oursMs / 1000).toFixed(2)} | ${(baseMs / r.oursMs).toFixed(2)} | ` +
        `${thousands(rate(r.rows, r.databaseOnlyMs))} (${(baseMs / r.databaseOnlyMs).toFixed(2)}) | ${(r.baselinePostgresCpu / 1000).toFixed(2)} |`,
    );
  }
  const sum = (f: (r: FileResult) => number) => (results.reduce((n, r) => n + f(r), 0) / 1000).toFixed(2);
  lines.push(
    `| **all eight** | ${thousands(rows)} | ${(bytes / 1e6).toFixed(1)} | ${thousands(rate(rows, base))} | ${(ours.ms / 1000).toFixed(2)} (${thousands(rate(rows, ours.ms))} rows/s) | **${(base / ours.ms).toFixed(2)}** | ` +
      `${thousands(rate(rows, dbOnly))} (${(base / dbOnly).toFixed(2)}) | ${sum((r) => r.baselinePostgresCpu)} |`,
  );
  lines.push(
    '',
    `ours ${(ours.ms / 1000).toFixed(2)} s for all eight, baseline ${(base / 1000).toFixed(2)} s: **ratio ${(base / ours.ms).toFixed(2)}**`,
    `CPU s, ours: client ${(ours.cpu.client / 1000).toFixed(2)}, registry ${(ours.cpu.registry / 1000).toFixed(2)}, PostgreSQL ${(ours.cpu.postgres / 1000).toFixed(2)}; baseline: PostgreSQL ${sum((r) => r.baselinePostgresCpu)}`,
    `re-import of the folder with pnpm sources:import (a new process; all ${results.length} files already imported, nothing added): ${(cliMs / 1000).toFixed(1)} s`,
  );
  return lines.join('\n');
}
