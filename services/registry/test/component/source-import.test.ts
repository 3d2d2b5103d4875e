/**
 * Component test of the verification-source import (City §18; shared/contracts/verification-sources.md):
 * the registry runs in-process on port 0 against its own PostgreSQL database and a private
 * nats-server; files are streamed through the real client-streaming gRPC call.
 */
import { createHash } from 'node:crypto';
import { createClient, makeIdNumber, type ImportSourceResultMsg, type TypedClient } from '@wuhai/contracts';
import { signStaffToken, startService, type RunningService } from '@wuhai/service-kit';
import { useTestDatabase, useTestNats } from '@wuhai/testing';
import { registryService } from '../../src/registry.service';
import type { RegistryConfig } from '../../src/config';
import { SOURCE_FORMATS, SOURCES, type SourceName } from '../../src/domain/verification-sources';
import { BankSourceEntity, HukouSourceEntity, RealEstateSourceEntity, TaxSourceEntity } from '../../src/persistence/source-tables.entities';
import { createSourceImportClient, type SourceImportClient } from '../../../../scripts/sources/import-client';
import { failureOf, GRPC, JWT_SECRET, serviceConfig, staff } from '../support/fixtures';

let registry: RunningService<RegistryConfig> | undefined;
let importer: SourceImportClient | undefined;
let client: TypedClient<'registry'> | undefined;

afterAll(async () => {
  importer?.close();
  client?.close();
  await registry?.stop();
});

const natsUrl = useTestNats();
const registryDb = useTestDatabase('registry_sources');

beforeAll(async () => {
  registry = await startService(registryService(serviceConfig('registry', registryDb(), natsUrl())));
  importer = createSourceImportClient(registry.address);
  client = createClient('registry', registry.address);
});

const registryClerk = staff('registry');

/** Streams `text` as the file `fileName` of `source`, cut into pieces of `chunkBytes`. */
function importText(
  source: string,
  text: string,
  options: { fileName?: string; chunkBytes?: number; as?: { metadata: Record<string, string> }; sha256?: string } = {},
): Promise<ImportSourceResultMsg> {
  const bytes = Buffer.from(text, 'utf8');
  const size = options.chunkBytes ?? 64 * 1024;
  async function* pieces() {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  }
  return importer!.importStream(
    { source, fileName: options.fileName ?? `${source}.csv`, data: pieces(), sha256: options.sha256 },
    { ...(options.as ?? registryClerk), timeoutMs: 30_000 },
  );
}

const csv = (header: string, lines: string[]) => `${[header, ...lines].join('\n')}\n`;
const headerOf = (source: SourceName) => SOURCE_FORMATS[source].columns.map((c) => c.name).join(',');

async function rowCount(table: string): Promise<number> {
  const [row] = await registry!.ds.query(`SELECT count(*)::int AS n FROM ${table}`);
  return (row as { n: number }).n;
}
async function fileCount(): Promise<number> {
  return rowCount('source_files');
}

// ID numbers of this file: area 150302, distinct sequences.
const A = makeIdNumber('150302', '1961-04-12', 11, 'M');
const B = makeIdNumber('150302', '1963-09-30', 12, 'F');
const C = makeIdNumber('150303', '1990-01-15', 13, 'M');
/** A valid number whose check character is X (written lower-case in the file below). */
const X = (() => {
  for (let seq = 1; seq < 1000; seq++) {
    const id = makeIdNumber('150304', '1985-07-08', seq, 'F');
    if (id.endsWith('X')) return id;
  }
  throw new Error('no ID number ending in X');
})();
/** A's number with a wrong check character. */
const BAD_CHECK = A.slice(0, 17) + (A[17] === '1' ? '2' : '1');

interface Case {
  source: SourceName;
  good: string[];
  bad: { line: string; reason: RegExp }[];
}

/** Per source: good lines and bad lines with the reason each must be reported with. */
const CASES: Case[] = [
  {
    source: 'hukou',
    good: [
      `${A},王建国,M,1961-04-12,150302000000001,head,150302,urban,alive,`,
      `${B},李秀兰,F,1963-09-30,150302000000001,spouse,150302,urban,deceased,2015-03-02`,
      `${X.toLowerCase()},"张,小红",F,1985-07-08,150304000000009,head,150304,rural,alive,`,
    ],
    bad: [
      { line: `${BAD_CHECK},王建国,M,1961-04-12,150302000000001,head,150302,urban,alive,`, reason: /^idNumber: .*check character/ },
      { line: `${C},赵六,M,1990-01-15,150303000000002,head,150303,urban,dead,`, reason: /^status: .*must be one of alive, deceased/ },
      { line: `${C},赵六,M,1990-01-15,150303000000002,head,150303,urban,deceased,`, reason: /^deathDate: .*deceased person needs a death date/ },
      { line: `${C},赵六,X,1990-02-30,150303000000002,cousin,1503,urban,alive,`, reason: /sex: .*M or F.*; birthDate: .*real YYYY-MM-DD date.*; relation: .*; area: .*6-digit/ },
      { line: `${C},,M,1990-01-15,150303000000002,head,150303,urban,alive,`, reason: /^name: .*is empty/ },
    ],
  },
  {
    source: 'tax',
    good: [`${A},2015-01,350000`, `${A},2015-01,50000`, `${B},2014-12,0`],
    bad: [
      { line: `${A},2015-13,350000`, reason: /^month: .*YYYY-MM month \(got "2015-13"\)/ },
      { line: `${A},2015-02,-5`, reason: /^taxableIncomeFen: .*whole number of fen ≥ 0 \(got "-5"\)/ },
      { line: `${A},2015-02,12.5`, reason: /^taxableIncomeFen: .*got "12.5"/ },
      { line: `${A.slice(0, 17)},2015-02,100`, reason: /^idNumber: .*17 digits/ },
    ],
  },
  {
    source: 'social-insurance',
    good: [`${A},2015-01,pension,230000`, `${B},2015-01,unemployment,100000`, `${C},2015-01,contribution-base,300000`],
    bad: [
      { line: `${A},2015-01,medical,1000`, reason: /^kind: .*pension, unemployment, contribution-base/ },
      { line: `${A},15-01,pension,1000`, reason: /^month: / },
    ],
  },
  {
    source: 'real-estate',
    good: [`${A},蒙(2014)乌海市不动产权第0000001号,85.5,residential`, `${A},蒙(2015)乌海市不动产权第0000002号,120.25,commercial`],
    bad: [
      { line: `${A},蒙(2015)乌海市不动产权第0000003号,85.555,residential`, reason: /^floorAreaM2: .*at most 2 decimals/ },
      { line: `${A},蒙(2015)乌海市不动产权第0000004号,90,office`, reason: /^use: .*residential, commercial/ },
    ],
  },
  {
    source: 'business',
    good: [`${A},92150302MA0N000001,5000000,active`, `${B},92150302MA0N000002,0,revoked`],
    bad: [
      { line: `${A},92150302MA0N000003,abc,active`, reason: /^registeredCapitalFen: / },
      { line: `${A},92150302MA0N000004,100,closed`, reason: /^status: .*active, revoked/ },
    ],
  },
  {
    source: 'housing-fund',
    good: [`${A},2015-01,72000,300000`, `${A},2015-02,72000,300000`],
    bad: [{ line: `${A},2015-03,72000,`, reason: /^baseFen: .*got ""/ }],
  },
  {
    source: 'vehicles',
    good: [`${A},蒙C12345,car,8000000`, `${B},蒙C54321,disability-mobility,600000`],
    bad: [
      { line: `${A},蒙C99999,bus,8000000`, reason: /^kind: .*car, truck, motorcycle, disability-mobility/ },
      { line: `${A},,car,8000000`, reason: /^plate: .*is empty/ },
    ],
  },
  {
    source: 'banks',
    good: [`${A},中国工商银行乌海分行,deposit,12345600,2015-05-31`, `${B},国泰君安证券,securities,0,2015-05-31`],
    bad: [
      { line: `${A},乌海银行,deposit,100,2015-02-30`, reason: /^asOf: .*real YYYY-MM-DD date/ },
      { line: `${A},乌海银行,loan,100,2015-05-31`, reason: /^kind: .*deposit, securities, insurance/ },
    ],
  },
];

describe('importing each of the eight extracts', () => {
  test('when every source is listed, then the cases cover all eight', () => {
    expect(CASES.map((c) => c.source)).toEqual([...SOURCES]);
  });

  test.each(CASES.map((c) => [c.source, c] as const))(
    'when a %s file with good and bad lines is imported, then the good rows are loaded and each bad line is reported with its line number and reason',
    async (source, c) => {
      // bad lines interleaved with good ones: line 1 is the header
      const lines: string[] = [];
      const expectedBad: { line: number; reason: RegExp }[] = [];
      const expectedGoodLines: number[] = [];
      const max = Math.max(c.good.length, c.bad.length);
      for (let i = 0; i < max; i++) {
        if (c.good[i]) {
          lines.push(c.good[i]!);
          expectedGoodLines.push(lines.length + 1);
        }
        if (c.bad[i]) {
          lines.push(c.bad[i]!.line);
          expectedBad.push({ line: lines.length + 1, reason: c.bad[i]!.reason });
        }
      }
      const table = SOURCE_FORMATS[source].table;

      const result = await importText(source, csv(headerOf(source), lines));

      expect(result).toMatchObject({
        source,
        fileName: `${source}.csv`,
        rowsLoaded: String(c.good.length),
        rowsRejected: String(c.bad.length),
        alreadyImported: false,
        importedBy: 'registry.clerk',
      });
      expect(result.sha256).toBe(createHash('sha256').update(csv(headerOf(source), lines)).digest('hex'));
      expect(result.errors.map((e) => e.line)).toEqual(expectedBad.map((b) => b.line));
      result.errors.forEach((e, i) => expect(e.reason).toMatch(expectedBad[i]!.reason));

      const stored = (await registry!.ds.query(`SELECT line_no FROM ${table} WHERE file_id = $1 ORDER BY line_no`, [result.fileId])) as { line_no: number }[];
      expect(stored.map((r) => r.line_no)).toEqual(expectedGoodLines);
      const errors = (await registry!.ds.query('SELECT line_no, reason FROM source_file_errors WHERE file_id = $1 ORDER BY line_no', [result.fileId])) as {
        line_no: number;
        reason: string;
      }[];
      expect(errors.map((e) => e.line_no)).toEqual(expectedBad.map((b) => b.line));
      expect(errors.map((e) => e.reason)).toEqual(result.errors.map((e) => e.reason));
    },
  );

  test('when the hukou, tax, real-estate and banks rows are read through TypeORM, then ID numbers are upper-case, money is fen numbers, dates are YYYY-MM-DD and areas are m² numbers', async () => {
    const hukou = await registry!.ds.getRepository(HukouSourceEntity).findOneByOrFail({ idNumber: X });
    expect(hukou).toMatchObject({ name: '张,小红', sex: 'F', birthDate: '1985-07-08', householdNo: '150304000000009', hukouType: 'rural', status: 'alive', deathDate: null });
    const deceased = await registry!.ds.getRepository(HukouSourceEntity).findOneByOrFail({ idNumber: B });
    expect(deceased).toMatchObject({ status: 'deceased', deathDate: '2015-03-02' });

    const tax = await registry!.ds.getRepository(TaxSourceEntity).find({ where: { idNumber: A, month: '2015-01' }, order: { lineNo: 'ASC' } });
    // two pay dates in one month are two rows, never merged or averaged
    expect(tax.map((t) => t.taxableIncomeFen)).toEqual([350000, 50000]);

    const homes = await registry!.ds.getRepository(RealEstateSourceEntity).find({ where: { idNumber: A }, order: { lineNo: 'ASC' } });
    expect(homes.map((h) => [h.floorAreaM2, h.use])).toEqual([
      [85.5, 'residential'],
      [120.25, 'commercial'],
    ]);
    const bank = await registry!.ds.getRepository(BankSourceEntity).findOneByOrFail({ idNumber: A });
    expect(bank).toMatchObject({ institution: '中国工商银行乌海分行', kind: 'deposit', balanceFen: 12345600, asOf: '2015-05-31' });
  });
});

describe('re-imports, refused files and callers', () => {
  const text = csv(headerOf('tax'), [`${C},2015-03,420000`, `${C},2015-04,oops`, `${C},2015-05,420000`]);

  test('when the same file is imported again (under another name), then nothing is loaded and the result says it was already imported, with the first import’s counts and bad lines', async () => {
    const first = await importText('tax', text, { fileName: 'tax-march.csv' });
    const rowsBefore = await rowCount('source_tax');
    const filesBefore = await fileCount();

    const again = await importText('tax', text, { fileName: 'tax-copy.csv' });

    expect(again).toMatchObject({
      alreadyImported: true,
      fileId: first.fileId,
      fileName: 'tax-march.csv',
      rowsLoaded: '2',
      rowsRejected: '1',
      sha256: first.sha256,
    });
    expect(again.errors).toEqual(first.errors);
    expect(await rowCount('source_tax')).toBe(rowsBefore);
    expect(await fileCount()).toBe(filesBefore);
  });

  test('when a file already imported is announced with its SHA-256, then the registry answers without loading it', async () => {
    const sha256 = createHash('sha256').update(text).digest('hex');
    const again = await importText('tax', text, { sha256, chunkBytes: 8 });
    expect(again).toMatchObject({ alreadyImported: true, rowsLoaded: '2', sha256 });
  });

  test('when the bytes received do not match the SHA-256 announced, then the file is refused and nothing is stored', async () => {
    const filesBefore = await fileCount();
    const f = await failureOf(importText('tax', csv(headerOf('tax'), [`${C},2015-06,1`]), { sha256: 'a'.repeat(64) }));
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'SOURCES.CHECKSUM_MISMATCH' });
    expect(await fileCount()).toBe(filesBefore);
  });

  test('when two imports of the same new file run at the same time, then exactly one loads it and the other reports it already imported', async () => {
    const same = csv(headerOf('vehicles'), [`${C},蒙C77777,truck,15000000`]);
    const before = await rowCount('source_vehicles');
    const results = await Promise.all([importText('vehicles', same), importText('vehicles', same)]);
    expect(results.map((r) => r.alreadyImported).sort()).toEqual([false, true]);
    expect(new Set(results.map((r) => r.fileId)).size).toBe(1);
    expect(await rowCount('source_vehicles')).toBe(before + 1);
  });

  test('when a file lacks required columns, then it is refused with INVALID_ARGUMENT naming them and nothing is stored', async () => {
    const filesBefore = await fileCount();
    const rowsBefore = await rowCount('source_banks');
    const f = await failureOf(importText('banks', csv('idNumber,institution,kind,balance', [`${A},乌海银行,deposit,100`])));
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'SOURCES.MISSING_COLUMNS' });
    expect(f.message).toMatch(/balanceFen, asOf/);
    expect(f.fields.map((x) => x.path)).toEqual(['header.balanceFen', 'header.asOf']);
    expect(await fileCount()).toBe(filesBefore);
    expect(await rowCount('source_banks')).toBe(rowsBefore);
    expect(await rowCount('source_file_errors')).toBeGreaterThan(0); // earlier files' errors are still there
  });

  test('when a file is empty, names an unknown source or names a column twice, then it is refused and nothing is stored', async () => {
    const filesBefore = await fileCount();
    expect(await failureOf(importText('tax', ''))).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'SOURCES.EMPTY_FILE' });
    expect(await failureOf(importText('pets', csv('idNumber', [A])))).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'SOURCES.UNKNOWN_SOURCE' });
    expect(await failureOf(importText('tax', csv('idNumber,month,month,taxableIncomeFen', [`${A},2015-01,2015-01,1`])))).toMatchObject({
      code: 'SOURCES.DUPLICATE_COLUMNS',
    });
    expect(await fileCount()).toBe(filesBefore);
  });

  test('when a civil-affairs clerk imports a file, then PERMISSION_DENIED and nothing is stored; without a token, UNAUTHENTICATED', async () => {
    const filesBefore = await fileCount();
    const denied = await failureOf(importText('tax', csv(headerOf('tax'), [`${A},2015-07,1`]), { as: staff('civil-affairs') }));
    expect(denied).toMatchObject({ status: GRPC.PERMISSION_DENIED, code: 'AUTH.WRONG_DEPARTMENT' });
    const anonymous = await failureOf(importText('tax', csv(headerOf('tax'), [`${A},2015-07,1`]), { as: { metadata: {} } }));
    expect(anonymous).toMatchObject({ status: GRPC.UNAUTHENTICATED });
    expect(await fileCount()).toBe(filesBefore);
  });

  test('when the system (pnpm sources:import) imports a file, then it is accepted and recorded as imported by it', async () => {
    const token = signStaffToken({ staffId: 'job', username: 'sources-import', department: 'system', area: '*', role: 'system' }, JWT_SECRET);
    const r = await importText('tax', csv(headerOf('tax'), [`${A},2015-08,1`]), { as: { metadata: { authorization: `Bearer ${token}` } } });
    expect(r).toMatchObject({ rowsLoaded: '1', importedBy: 'sources-import' });
  });

  test('when the call is cut off in the middle of a file (its deadline passes), then nothing of it is stored', async () => {
    const filesBefore = await fileCount();
    const rowsBefore = await rowCount('source_tax');
    const line = `${C},2015-09,100\n`;
    let sent = 0;
    let cancel: () => void = () => undefined;
    const cancelled = new Promise<void>((r) => (cancel = r));
    async function* endless() {
      yield Buffer.from(`${headerOf('tax')}\n`);
      for (;;) {
        yield Buffer.from(line.repeat(1000));
        sent += 1000;
        if (sent === 20_000) cancel();
        if (sent >= 20_000) await new Promise((r) => setTimeout(r, 50));
      }
    }
    const call = importer!.importStream({ source: 'tax', fileName: 'cut.csv', data: endless() }, { ...registryClerk, timeoutMs: 1000 });
    await cancelled;
    const f = await failureOf(call);
    expect([GRPC.DEADLINE_EXCEEDED, GRPC.CANCELLED]).toContain(f.status);
    // the server rolls back once it notices; give it a moment
    await new Promise((r) => setTimeout(r, 1500));
    expect(await fileCount()).toBe(filesBefore);
    expect(await rowCount('source_tax')).toBe(rowsBefore);
  });
});

describe('CSV that is malformed in places', () => {
  test('when chunks split multi-byte characters and lines, then the file imports exactly as in one piece', async () => {
    const text = csv(headerOf('hukou'), [`${C},欧阳娜仁花,M,1990-01-15,150303000000002,head,150303,urban,alive,`]);
    const r = await importText('hukou', text, { chunkBytes: 7, fileName: 'tiny-chunks.csv' });
    expect(r).toMatchObject({ rowsLoaded: '1', rowsRejected: '0' });
    const row = await registry!.ds.getRepository(HukouSourceEntity).findOneByOrFail({ fileId: r.fileId, lineNo: 2 });
    expect(row.name).toBe('欧阳娜仁花');
  });

  test('when free text holds backslashes, quotes and commas, then it is stored exactly as written', async () => {
    const text = csv(headerOf('banks'), [`${C},"乌海银行\\N ""新区"", 支行\\",deposit,1,2015-05-31`]);
    const r = await importText('banks', text);
    expect(r).toMatchObject({ rowsLoaded: '1', rowsRejected: '0' });
    const row = await registry!.ds.getRepository(BankSourceEntity).findOneByOrFail({ fileId: r.fileId, lineNo: 2 });
    expect(row.institution).toBe('乌海银行\\N "新区", 支行\\');
  });

  test('when the header has extra columns in another order, a BOM and CRLF line ends, then the contract’s columns are taken by name', async () => {
    const text = '\ufeffnote,taxableIncomeFen,idNumber,month\r\nx,1000,' + `${C},2015-10\r\n` + `y,2000,${C},2015-11\r\n`;
    const r = await importText('tax', text);
    expect(r).toMatchObject({ rowsLoaded: '2', rowsRejected: '0' });
    const rows = await registry!.ds.getRepository(TaxSourceEntity).find({ where: { fileId: r.fileId }, order: { lineNo: 'ASC' } });
    expect(rows.map((x) => [x.lineNo, x.month, x.taxableIncomeFen])).toEqual([
      [2, '2015-10', 1000],
      [3, '2015-11', 2000],
    ]);
  });

  test('when lines have too few or too many fields, a stray quote, a quoted value over two lines or an empty line, then those lines are reported and later lines keep their numbers', async () => {
    const text = [
      headerOf('tax'), // 1
      `${C},2016-01,1`, // 2 good
      `${C},2016-02`, // 3 too few
      `${C},2016-03,1,extra`, // 4 too many
      `${C},2016-"04,1`, // 5 stray quote stays in the value
      `${C},"2016-05`, // 6 quoted value over two lines …
      `",1`, // 7 … ends here
      '', // 8 empty: skipped, not an error
      `${C},2016-09,9`, // 9 good
    ].join('\n');
    const r = await importText('tax', `${text}\n`);
    expect(r).toMatchObject({ rowsLoaded: '2', rowsRejected: '5' });
    expect(r.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7]);
    expect(r.errors[0]!.reason).toMatch(/has 2 fields, the header has 3/);
    expect(r.errors[1]!.reason).toMatch(/has 4 fields, the header has 3/);
    expect(r.errors[2]!.reason).toMatch(/^month: .*got "2016-"04"/);
    expect(r.errors[3]!.reason).toMatch(/runs over several lines.*lines 6–7/);
    expect(r.errors[4]!.reason).toMatch(/part of the record that starts at line 6/);
    const rows = await registry!.ds.getRepository(TaxSourceEntity).find({ where: { fileId: r.fileId }, order: { lineNo: 'ASC' } });
    expect(rows.map((x) => [x.lineNo, x.month])).toEqual([
      [2, '2016-01'],
      [9, '2016-09'],
    ]);
  });

  test('when a quote is left open to the end of the file, then the lines from it on are reported and the earlier ones load', async () => {
    const text = [headerOf('tax'), `${C},2017-01,1`, `${C},"2017-02,1`, `${C},2017-03,1`, `${C},2017-04,1`].join('\n');
    const r = await importText('tax', `${text}\n`);
    expect(r).toMatchObject({ rowsLoaded: '1', rowsRejected: '3' });
    expect(r.errors.map((e) => e.line)).toEqual([3, 4, 5]);
    expect(r.errors[0]!.reason).toMatch(/not closed before the end of the file/);
  });

  test('when a file has more bad lines than are returned, then the first 100 come back and all are stored', async () => {
    const lines = Array.from({ length: 2500 }, (_, i) => (i % 2 ? `${C},2018-01,${i}` : `${C},2018-1,${i}`));
    const r = await importText('tax', csv(headerOf('tax'), lines));
    expect(r).toMatchObject({ rowsLoaded: '1250', rowsRejected: '1250' });
    expect(r.errors).toHaveLength(100);
    expect(r.errors[99]!.line).toBe(200);
    const [stored] = await registry!.ds.query('SELECT count(*)::int AS n, max(line_no) AS last FROM source_file_errors WHERE file_id = $1', [r.fileId]);
    expect(stored).toEqual({ n: 1250, last: 2500 });
  });
});

describe('ListSourceFiles', () => {
  test('when the files are listed, then the newest come first with their counts, and a source filter keeps only its files', async () => {
    const all = await client!.ListSourceFiles({ source: '', limit: 100, offset: 0 }, registryClerk);
    expect(Number(all.total)).toBe(await fileCount());
    const ids = all.files.map((f) => Number(f.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const banks = await client!.ListSourceFiles({ source: 'banks', limit: 0, offset: 0 }, staff('civil-affairs'));
    expect(banks.files.length).toBeGreaterThan(0);
    expect(banks.files.every((f) => f.source === 'banks')).toBe(true);
    expect(banks.files.map((f) => [f.fileName, f.rowsLoaded, f.rowsRejected, f.importedBy])).toContainEqual(['banks.csv', '2', '2', 'registry.clerk']);
  });

  test('when a finance clerk lists the files, then PERMISSION_DENIED; an unknown source filter is INVALID_ARGUMENT', async () => {
    expect(await failureOf(client!.ListSourceFiles({ source: '', limit: 10, offset: 0 }, staff('finance')))).toMatchObject({ status: GRPC.PERMISSION_DENIED });
    expect(await failureOf(client!.ListSourceFiles({ source: 'pets', limit: 10, offset: 0 }, registryClerk))).toMatchObject({ status: GRPC.INVALID_ARGUMENT });
  });
});
