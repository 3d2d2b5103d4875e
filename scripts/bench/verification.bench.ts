/**
 * Benchmark of verifying a whole city (核对; City §18), in one run:
 *  - a synthetic city (default 100 000 households) and its eight extracts from the shared city
 *    fixture (written once, kept in the temp dir); the registry runs in this process on port 0
 *    (embedded PostgreSQL, nats-server), on a clock at the city's date;
 *  - the households registered through the registry's gRPC API (`seedCity`), the extracts imported
 *    through the real streaming import (`importFolder`), then every member's signed authorisation
 *    to verify recorded (setup, not timed: one INSERT … SELECT over the persons, as if each adult
 *    had signed at application) and the source tables ANALYZEd;
 *  - ours: `VerifyHouseholds` page by page over every household (`all`, `limit` per call, one
 *    transaction per page: set-based reads of members, signatures and the sources, the comparison
 *    in process, every report inserted and announced with one statement each);
 *  - the raw baseline, on the same pages and the same server: only the SQL that selects the same
 *    rows — the page's members, then each source table's rows of those members from the files the
 *    run reads — and nothing else (no comparison, no report, no transaction). Run before and after
 *    ours; the mean of the two counts.
 * The reports must find every planted discrepancy and no mismatch in a household where nothing was
 * planted, and list exactly the planted annual figures as inquiries, or the benchmark fails.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createClient, type VerifyHouseholdsResponseMsg } from '@wuhai/contracts';
import { cityDate, ManualClock, signStaffToken, startService } from '@wuhai/service-kit';
import { createDatabase, databaseUrl } from '@wuhai/testing';
import { registryService } from '../../services/registry/src/registry.service';
import { verificationMonths } from '../../services/registry/src/domain/verification.rules';
import { SourceMonthCoverage, selectSourceFiles } from '../../services/registry/src/persistence/source-reader';
import { SOURCE_FORMATS } from '../../services/registry/src/domain/verification-sources';
import { cityFixture } from './city-fixture';
import { withBenchServers } from './servers';
import { seedCity } from '../seed/seed';
import { importFolder } from '../sources/import-folder';
import { PLANTED_KINDS } from '../seed/extracts';

export interface VerificationBenchOptions {
  /** Households of the synthetic city (default 100 000). */
  households: number;
  seed?: number;
  /** Households per `VerifyHouseholds` call (default 1 000). */
  pageSize?: number;
  log?: (line: string) => void;
}

const JWT_SECRET = 'verification-bench-secret-of-32-chars!';

/** CPU ms (user + system) of a process, with its reaped children when `children` is set; 0 once gone. */
function cpuMs(pid: number, children = false): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0)) * 1000) / 100; // USER_HZ 100
  } catch {
    return 0;
  }
}

/** CPU ms of the whole PostgreSQL server (postmaster, its reaped children, every live child) and of this process. */
function cpuNow(pgDataDir: string): { postgres: number; node: number } {
  const postmaster = Number(fs.readFileSync(path.join(pgDataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' }).stdout;
  const postgres = cpuMs(postmaster, true) + children.split('\n').filter((l) => l.trim()).reduce((n, l) => n + cpuMs(Number(l.trim())), 0);
  const u = process.cpuUsage();
  return { postgres, node: (u.user + u.system) / 1000 };
}
const cpuSince = (pgDataDir: string, from: { postgres: number; node: number }) => {
  const now = cpuNow(pgDataDir);
  return { postgres: now.postgres - from.postgres, node: now.node - from.node };
};
const seconds = (ms: number) => (ms / 1000).toFixed(1);

export async function runVerificationBench(opts: VerificationBenchOptions): Promise<string> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`[verification] ${line}\n`));
  const seed = opts.seed ?? 11;
  const pageSize = opts.pageSize ?? 1000;
  const today = cityDate(new Date());
  const fixture = await cityFixture({ households: opts.households, seed, today, log });
  log(`extracts of ${opts.households} households (seed ${seed}, ${today})${fixture.cached ? ', reused' : ''}: ${fixture.dir}`);

  const lines: string[] = [];
  await withBenchServers('wuhai-bench-verify-', async ({ dataDir, pg, nats }) => {
  await createDatabase(pg.adminUrl, 'wuhai_registry');
  const url = databaseUrl(pg.adminUrl, 'wuhai_registry');
  const registry = await startService(
    registryService(
      { SERVICE_NAME: 'registry', GRPC_PORT: 0, GRPC_HOST: '127.0.0.1', DATABASE_URL: url, NATS_URL: nats.url, JWT_SECRET, LOG_LEVEL: 'warn', DEMO_MODE: false },
      new ManualClock(new Date(`${today}T02:00:00Z`)),
    ),
  );
  const db = new Client({ connectionString: url });
  db.on('error', () => undefined);
  await db.connect();
  try {
    let t = performance.now();
    const seeded = await seedCity({ registryAddress: registry.address, jwtSecret: JWT_SECRET, households: opts.households, seed, today, progress: false, concurrency: 16 });
    log(`registered ${seeded.households} households, ${seeded.persons} persons in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    const outcomes = await importFolder({ folder: fixture.dir, registryAddress: registry.address, jwtSecret: JWT_SECRET, out: () => undefined, timeoutMs: 3_600_000 });
    for (const o of outcomes) if (!o.ok || o.result.rowsRejected !== '0') throw new Error(`import of ${o.file} failed: ${JSON.stringify(o)}`);
    const rows = Object.values(fixture.rows).reduce((a, b) => a + b, 0);
    log(`imported ${rows} rows of 8 extracts in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    await db.query(`INSERT INTO verification_authorisations (household_id, person_id, signed_at, recorded_by)
                    SELECT household_id, id, $1::date, 'bench' FROM persons WHERE household_id IS NOT NULL`, [today]);
    await db.query('ANALYZE');

    const client = createClient('registry', registry.address);
    const metadata = { authorization: `Bearer ${signStaffToken({ staffId: 'bench', username: 'bench', department: 'registry', area: '*', role: 'clerk' }, JWT_SECRET, 6 * 3600)}` };

    // the pages, in the order the bulk path walks them (ascending household id)
    const ids = ((await db.query('SELECT id FROM households ORDER BY id')).rows as { id: string }[]).map((r) => r.id);
    const pages: string[][] = [];
    for (let i = 0; i < ids.length; i += pageSize) pages.push(ids.slice(i, i + pageSize));

    // the files a run reads, as the run chooses them
    const months = verificationMonths(today);
    const selection = await registry.ds.transaction((m) => selectSourceFiles(m, new SourceMonthCoverage(), months));
    const periods = selection.periods;
    const files = Object.fromEntries(selection.used.map((u) => [u.source, u.fileIds])) as Record<string, string[]>;
    const pgDir = path.join(dataDir, 'pg');
    const baseline = async (): Promise<{ ms: number; rows: number; cpu: { postgres: number; node: number } }> => {
      const cpu0 = cpuNow(pgDir);
      const started = performance.now();
      let n = 0;
      for (const page of pages) {
        const members = (await db.query('SELECT id_number FROM persons WHERE household_id = ANY($1::uuid[])', [page])).rows as { id_number: string }[];
        const people = members.map((m) => m.id_number);
        for (const [source, format] of Object.entries(SOURCE_FORMATS)) {
          const monthly = format.columns.some((c) => c.name === 'month');
          // by the key of the ID number, as the registry reads them (its index; docs/decisions/0018-source-index-by-id-key.md)
          const keys = people.map((p) => p.slice(0, 17));
          const r = await db.query(
            `SELECT * FROM ${format.table} WHERE id_key = ANY($1::bigint[]) AND id_number = ANY($2) AND file_id = ANY($3::bigint[])${monthly ? ' AND month = ANY($4)' : ''}`,
            monthly ? [keys, people, files[source] ?? [], periods] : [keys, people, files[source] ?? []],
          );
          n += r.rowCount ?? 0;
        }
      }
      const ms = performance.now() - started;
      return { ms, rows: n, cpu: cpuSince(pgDir, cpu0) };
    };

    const loadBefore = os.loadavg()[0]!;
    const before = await baseline();
    log(`baseline (select only): ${(before.ms / 1000).toFixed(1)} s, ${before.rows} rows`);

    let verified = 0;
    let notAuthorised = 0;
    let mismatches = 0;
    let withMismatches = 0;
    let inquiries = 0;
    const found = new Set<string>();
    const oursCpu0 = cpuNow(pgDir);
    const started = performance.now();
    let after = '';
    let calls = 0;
    for (;;) {
      const r: VerifyHouseholdsResponseMsg = await client.VerifyHouseholds({ householdIds: [], all: true, after, limit: pageSize, runKey: '' }, { metadata, timeoutMs: 600_000 });
      calls++;
      verified += r.verified;
      notAuthorised += r.notAuthorised;
      for (const o of r.outcomes) {
        if (!o.report) continue;
        mismatches += o.report.mismatchCount;
        inquiries += o.report.inquiryCount;
        if (o.report.mismatchCount > 0) withMismatches++;
        for (const m of o.report.mismatches) found.add(`${o.report.householdNo} ${m.kind} ${m.source}`);
      }
      after = r.nextAfter;
      if (!after) break;
    }
    const oursMs = performance.now() - started;
    const oursCpu = cpuSince(pgDir, oursCpu0);
    log(`ours: ${verified} verified in ${(oursMs / 1000).toFixed(1)} s (${calls} calls)`);
    const again = await baseline();
    log(`baseline again: ${(again.ms / 1000).toFixed(1)} s`);
    const baseMs = (before.ms + again.ms) / 2;
    const loadAfter = os.loadavg()[0]!;
    const baseCpu = { postgres: (before.cpu.postgres + again.cpu.postgres) / 2, node: (before.cpu.node + again.cpu.node) / 2 };

    // every planted discrepancy found, the planted annual figures listed as inquiries
    const missed = fixture.planted.filter((p) => ![...found].some((f) => f.startsWith(`${p.householdNo} `) && f.endsWith(` ${PLANTED_KINDS[p.kind as keyof typeof PLANTED_KINDS]}`)));
    if (missed.length) throw new Error(`${missed.length} planted discrepancies not reported, e.g. ${JSON.stringify(missed[0])}`);
    // inquiries.json is written with the extracts (the fixture passes on planted and benign only)
    const plantedInquiries = (JSON.parse(fs.readFileSync(path.join(fixture.dir, 'inquiries.json'), 'utf8')) as unknown[]).length;
    if (inquiries !== plantedInquiries) throw new Error(`${inquiries} inquiries reported, ${plantedInquiries} planted`);
    if (verified !== ids.length) throw new Error(`${verified} of ${ids.length} households verified (${notAuthorised} not authorised)`);
    const [{ n: stored }] = (await db.query('SELECT count(*)::int AS n FROM verification_reports')).rows as [{ n: number }];
    const [{ n: events }] = (await db.query("SELECT count(*)::int AS n FROM outbox WHERE subject = 'wuhai.registry.verification.completed.v1'")).rows as [{ n: number }];
    const plantedHouseholds = new Set(fixture.planted.map((p) => p.householdNo));
    const strays = [...found].filter((f) => !plantedHouseholds.has(f.split(' ')[0]!));
    if (strays.length) throw new Error(`${strays.length} mismatches where nothing was planted, e.g. ${strays[0]}`);

    lines.push(
      `## Verifying a whole city (VerifyHouseholds) — ${today}`,
      '',
      `${ids.length} households, ${seeded.persons} persons, ${rows} source rows (seed ${seed}); pages of ${pageSize} households; node ${process.version}, ${os.cpus().length} cores; ` +
        `load average ${loadBefore.toFixed(2)} before the timed phases and ${loadAfter.toFixed(2)} after them.`,
      '',
      '| what | time | households/s | CPU s: this process (client + registry) / PostgreSQL |',
      '|---|---|---|---|',
      `| ours: every household verified, ${stored} reports stored and ${events} events written (${calls} calls) | ${seconds(oursMs)} s | **${Math.round(ids.length / (oursMs / 1000))}** | ${seconds(oursCpu.node)} / ${seconds(oursCpu.postgres)} |`,
      `| raw baseline: only the SELECTs of the same members' source rows, same pages (mean of ${seconds(before.ms)} s before and ${seconds(again.ms)} s after) | ${seconds(baseMs)} s | ${Math.round(ids.length / (baseMs / 1000))} | ${seconds(baseCpu.node)} / ${seconds(baseCpu.postgres)} |`,
      `| **ratio ours / baseline** | **${(oursMs / baseMs).toFixed(2)}×** | | ${((oursCpu.node + oursCpu.postgres) / (baseCpu.node + baseCpu.postgres)).toFixed(2)}× (CPU) |`,
      '',
      `Found: ${withMismatches} households with ${mismatches} mismatches — every one of the ${fixture.planted.length} planted discrepancies, none elsewhere — and ${inquiries} inquiries (the ${plantedInquiries} planted annual figures).`,
    );
    client.close();
  } finally {
    await db.end();
    await registry.stop();
  }
  });
  return lines.join('\n');
}
