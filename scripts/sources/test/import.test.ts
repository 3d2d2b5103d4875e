/**
 * `pnpm sources:import <folder>` against the real registry running in-process: the folder import
 * (as a function and as the CLI process), and the file formats it shares with the registry.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { clientConstructor, makeIdNumber, type ImportSourceChunkMsg, type ImportSourceResultMsg } from '@wuhai/contracts';
import { fromGrpcError, signStaffToken, startService, type RunningService } from '@wuhai/service-kit';
import { useTestDatabase, useTestNats } from '@wuhai/testing';
import { registryService } from '../../../services/registry/src/registry.service';
import type { RegistryConfig } from '../../../services/registry/src/config';
import { SOURCE_FILE_NAMES, SOURCE_FORMATS, SOURCES } from '../../../services/registry/src/domain/verification-sources';
import { JWT_SECRET, serviceConfig } from '../../../services/registry/test/support/fixtures';
import { writeExtracts, type ExtractsWritten } from '../../seed/extracts';
import { importFolder, inTurn } from '../import-folder';
import { platformConnection } from '../platform-connection';
import { SOURCE_FILES, SOURCE_NAMES, sourceOfFileName } from '../formats';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..', '..');
const TSX = path.join(ROOT, 'scripts', 'node_modules', '.bin', 'tsx');
const CLI = path.join(ROOT, 'scripts', 'sources', 'import.cli.ts');

let registry: RunningService<RegistryConfig> | undefined;
let dir = '';
let city: ExtractsWritten;

afterAll(async () => {
  await registry?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});
const natsUrl = useTestNats();
const registryDb = useTestDatabase('sources_cli');

beforeAll(async () => {
  registry = await startService(registryService(serviceConfig('registry', registryDb(), natsUrl())));
  dir = await mkdtemp(path.join(os.tmpdir(), 'wuhai-sources-cli-'));
  city = await writeExtracts(path.join(dir, 'city'), { households: 150, seed: 3, today: '2015-06-01' });
  // files the import must leave alone
  await writeFile(path.join(dir, 'city', 'notes.txt'), 'not an extract\n');
  await writeFile(path.join(dir, 'city', 'tax-2014.csv'), 'idNumber,month,taxableIncomeFen\n');
});

/** Runs the CLI as `pnpm sources:import` does; resolves with its exit code and output. */
async function cli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(TSX, [CLI, ...args], { cwd: ROOT, env: { ...process.env, REGISTRY_ADDR: undefined, JWT_SECRET: undefined, ...env }, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

test('when the formats of the import and of the registry are compared, then the eight file names and columns agree', () => {
  expect(SOURCE_NAMES).toEqual([...SOURCES]);
  for (const s of SOURCES) {
    expect(SOURCE_FILES[s].file).toBe(SOURCE_FILE_NAMES[s]);
    expect([...SOURCE_FILES[s].columns]).toEqual(SOURCE_FORMATS[s].columns.map((c) => c.name));
    expect(sourceOfFileName(SOURCE_FILE_NAMES[s])).toBe(s);
  }
  expect(sourceOfFileName('tax-2014.csv')).toBeUndefined();
});

test('when a folder of extracts is imported, then each of the eight files is reported with its rows loaded and rejected, and other files are ignored', async () => {
  const out: string[] = [];
  const outcomes = await importFolder({ folder: path.join(dir, 'city'), registryAddress: registry!.address, jwtSecret: JWT_SECRET, out: (l) => out.push(l) });

  expect(outcomes.map((o) => o.file)).toEqual(SOURCE_NAMES.map((s) => SOURCE_FILES[s].file));
  expect(outcomes.every((o) => o.ok)).toBe(true);
  for (const s of SOURCE_NAMES) {
    const line = out.find((l) => l.startsWith(`${SOURCE_FILES[s].file}:`));
    expect(line).toMatch(new RegExp(`^${SOURCE_FILES[s].file}: ${city.rows[s].toLocaleString('en-US')} rows loaded, 0 rejected \\(file \\d+, `));
  }
  expect(out.join('\n')).not.toMatch(/notes\.txt|tax-2014/);
  const [files] = await registry!.ds.query('SELECT count(*)::int AS n FROM source_files');
  expect(files.n).toBe(8);
});

test('when a folder holds a file with bad lines and a file missing a column, then the bad lines are shown, the refused file is named with the reason, and the rest loads', async () => {
  const folder = path.join(dir, 'mixed');
  await mkdir(folder);
  const good = makeIdNumber('150302', '1966-11-27', 115, 'M');
  await writeFile(
    path.join(folder, 'tax.csv'),
    ['idNumber,month,taxableIncomeFen', `${good},2015-01,100`, `${good},2015-13,100`, `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'},2015-02,100`, `${good},2015-03,-1`].join('\n') + '\n',
  );
  await writeFile(path.join(folder, 'vehicles.csv'), `idNumber,plate,valueFen\n${good},蒙C00001,100\n`);
  const out: string[] = [];

  const outcomes = await importFolder({ folder, registryAddress: registry!.address, jwtSecret: JWT_SECRET, out: (l) => out.push(l), showErrors: 2 });

  expect(outcomes.map((o) => [o.file, o.ok])).toEqual([
    ['tax.csv', true],
    ['vehicles.csv', false],
  ]);
  expect(out[0]).toMatch(/^tax\.csv: 1 rows loaded, 3 rejected/);
  expect(out[1]).toMatch(/^ {2}line 3: month: .*YYYY-MM/);
  expect(out[2]).toMatch(/^ {2}line 4: idNumber: .*check character/);
  expect(out[3]).toBe('  … and 1 more bad lines (all are stored with the file)');
  expect(out[4]).toMatch(/^vehicles\.csv: refused — SOURCES\.MISSING_COLUMNS: .*lacks the column\(s\) kind/);
});

test('when the CLI runs twice on the same folder with REGISTRY_ADDR and JWT_SECRET, then the second run reports every file already imported and exits 0', async () => {
  const env = { REGISTRY_ADDR: registry!.address, JWT_SECRET };
  const r = await cli([path.join(dir, 'city')], env);
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(8);
  for (const l of lines) expect(l).toMatch(/^[a-z-]+\.csv: already imported \(file \d+, .* by sources-import: [\d,]+ rows loaded, 0 rejected\) — nothing loaded$/);
});

test('when the CLI finds no extract, or no platform to import into, then it says so and exits 2', async () => {
  const empty = path.join(dir, 'empty');
  await mkdir(empty);
  const none = await cli([empty], { REGISTRY_ADDR: registry!.address, JWT_SECRET });
  expect(none.code).toBe(2);
  expect(none.stderr).toMatch(/no extract in .*empty/);
  const noPlatform = await cli([empty, '--data-dir', path.join(dir, 'no-such-dir')], {});
  expect(noPlatform.code).toBe(2);
  expect(noPlatform.stderr).toMatch(/start the platform first/);
});

test('when REGISTRY_ADDR and JWT_SECRET are unset, then what `pnpm start` recorded in the data dir is used', async () => {
  const dataDir = path.join(dir, 'data');
  await mkdir(dataDir);
  await writeFile(path.join(dataDir, 'runtime.json'), JSON.stringify({ addresses: { registry: registry!.address } }));
  await writeFile(path.join(dataDir, 'jwt-secret'), `${JWT_SECRET}\n`);
  expect(platformConnection(dataDir, {})).toEqual({ registryAddress: registry!.address, jwtSecret: JWT_SECRET });
  expect(platformConnection(dataDir, { REGISTRY_ADDR: 'elsewhere:1', JWT_SECRET: 'other' })).toEqual({ registryAddress: 'elsewhere:1', jwtSecret: 'other' });

  const r = await cli([path.join(dir, 'city'), '--data-dir', dataDir], {});
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^hukou\.csv: already imported/);
});

/** Sends `chunks` as they are (no helper adding the final chunk) and ends the stream. */
function rawImport(chunks: ImportSourceChunkMsg[]): Promise<ImportSourceResultMsg> {
  const Ctor = clientConstructor('registry');
  const raw = new Ctor(registry!.address, grpc.credentials.createInsecure());
  const md = new grpc.Metadata();
  md.set('authorization', `Bearer ${signStaffToken({ staffId: 's', username: 'raw', department: 'registry', area: '*', role: 'clerk' }, JWT_SECRET)}`);
  return new Promise<ImportSourceResultMsg>((resolve, reject) => {
    const method = (raw as unknown as Record<string, (...args: unknown[]) => grpc.ClientWritableStream<ImportSourceChunkMsg>>).ImportSourceFile!;
    const call = method.call(raw, md, { deadline: Date.now() + 10_000 }, (err: grpc.ServiceError | null, res: ImportSourceResultMsg) => {
      raw.close();
      if (err) reject(err);
      else resolve(res);
    });
    for (const c of chunks) call.write(c);
    call.end();
  });
}

test('when a stream ends without its final chunk (last = true), then the file counts as cut off and nothing is stored; chunks after the final one are refused too', async () => {
  const [before] = await registry!.ds.query('SELECT count(*)::int AS n FROM source_files');
  const text = `idNumber,month,taxableIncomeFen\n${makeIdNumber('150302', '1970-01-01', 5, 'M')},2016-01,1\n`;
  const chunk = (data: string, last: boolean, head = false): ImportSourceChunkMsg => ({
    fileName: head ? 'tax.csv' : '',
    source: head ? 'tax' : '',
    sha256: '',
    data: Buffer.from(data),
    last,
  });

  const cut = await rawImport([chunk(text.slice(0, 40), false, true), chunk(text.slice(40), false)]).then(
    () => undefined,
    (err: grpc.ServiceError) => ({ status: err.code, ...fromGrpcError(err) }),
  );
  expect(cut).toMatchObject({ status: grpc.status.INVALID_ARGUMENT, code: 'SOURCES.INCOMPLETE_FILE' });

  const after = await rawImport([chunk(text, true, true), chunk('more', false)]).then(
    () => undefined,
    (err: grpc.ServiceError) => fromGrpcError(err).code,
  );
  expect(after).toBe('SOURCES.DATA_AFTER_LAST');
  const [now] = await registry!.ds.query('SELECT count(*)::int AS n FROM source_files');
  expect(now.n).toBe(before.n);

  const whole = await rawImport([chunk(text.slice(0, 40), false, true), chunk(text.slice(40), true)]);
  expect(whole).toMatchObject({ rowsLoaded: '1', rowsRejected: '0', importedBy: 'raw' });
});

test('when the final chunk announces a SHA-256 that the bytes sent do not have, then the file is refused with SOURCES.CHECKSUM_MISMATCH and nothing is stored; with the right one it loads', async () => {
  const [before] = await registry!.ds.query('SELECT count(*)::int AS n FROM source_files');
  const text = `idNumber,month,taxableIncomeFen\n${makeIdNumber('150302', '1971-02-03', 6, 'F')},2016-02,2\n`;
  const head = (data: string): ImportSourceChunkMsg => ({ fileName: 'tax.csv', source: 'tax', sha256: '', data: Buffer.from(data), last: false });
  const end = (sha256: string): ImportSourceChunkMsg => ({ fileName: '', source: '', sha256, data: Buffer.alloc(0), last: true });

  const wrong = await rawImport([head(text), end('b'.repeat(64))]).then(
    () => undefined,
    (err: grpc.ServiceError) => ({ status: err.code, ...fromGrpcError(err) }),
  );
  expect(wrong).toMatchObject({ status: grpc.status.INVALID_ARGUMENT, code: 'SOURCES.CHECKSUM_MISMATCH' });
  const [now] = await registry!.ds.query('SELECT count(*)::int AS n FROM source_files');
  expect(now.n).toBe(before.n);

  const right = createHash('sha256').update(text).digest('hex');
  const loaded = await rawImport([head(text), end(right)]);
  expect(loaded).toMatchObject({ rowsLoaded: '1', rowsRejected: '0', alreadyImported: false, sha256: right });
});

test('when items are run in turn, then each starts once the one before is sent, never more than two run at once, and the results come in order', async () => {
  const events: string[] = [];
  let running = 0;
  let most = 0;
  /** What the test lets each item do: be sent, then finish; and a signal when an item starts. */
  const send = new Map<number, () => void>();
  const finish = new Map<number, () => void>();
  const started = new Map<number, () => void>();
  const whenStarted = (n: number) => new Promise<void>((r) => started.set(n, r));
  const gate = (map: Map<number, () => void>, n: number) => new Promise<void>((r) => map.set(n, r));
  const done: number[] = [];
  const first = whenStarted(1);
  const second = whenStarted(2);
  const third = whenStarted(3);
  const all = inTurn(
    [1, 2, 3],
    async (n, sent) => {
      running++;
      most = Math.max(most, running);
      events.push(`start ${n}`);
      const sendGate = gate(send, n);
      const finishGate = gate(finish, n);
      started.get(n)!();
      await sendGate;
      sent();
      await finishGate;
      running--;
      events.push(`end ${n}`);
      return n * 10;
    },
    (r) => done.push(r),
  );
  /** Lets pending promise callbacks run (no timer involved). */
  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };

  await first;
  await settle();
  expect(events).toEqual(['start 1']); // 2 waits until 1 is sent
  send.get(1)!();
  await second;
  send.get(2)!();
  await settle();
  expect(events).toEqual(['start 1', 'start 2']); // 3 waits until 1 has finished: two at once at most
  finish.get(2)!();
  await settle();
  expect(events).toEqual(['start 1', 'start 2', 'end 2']);
  expect(done).toEqual([]); // 2 is done, but 1 is reported first
  finish.get(1)!();
  await third;
  expect(events).toEqual(['start 1', 'start 2', 'end 2', 'end 1', 'start 3']);
  await settle();
  expect(done).toEqual([10, 20]);
  send.get(3)!();
  finish.get(3)!();
  expect(await all).toEqual([10, 20, 30]);
  expect(done).toEqual([10, 20, 30]);
  expect(most).toBe(2);
});
