/**
 * The import reads plain lines itself and hands the rest of a file to csv-parse at the first line
 * that needs it (docs/decisions/0016-source-partitions-per-file.md): whatever the line ends, the
 * chunking of the stream or where a quote first appears, every line is loaded or reported exactly
 * as csv-parse alone read it. The registry runs in-process; files go through the real gRPC call.
 */
import { makeIdNumber, type ImportSourceResultMsg } from '@wuhai/contracts';
import { startService, type RunningService } from '@wuhai/service-kit';
import { useTestDatabase, useTestNats } from '@wuhai/testing';
import { registryService } from '../../src/registry.service';
import type { RegistryConfig } from '../../src/config';
import { createSourceImportClient, type SourceImportClient } from '../../../../scripts/sources/import-client';
import { serviceConfig, staff } from '../support/fixtures';

let registry: RunningService<RegistryConfig> | undefined;
let importer: SourceImportClient | undefined;

afterAll(async () => {
  importer?.close();
  await registry?.stop();
});

const natsUrl = useTestNats();
const registryDb = useTestDatabase('registry_plain_lines');

beforeAll(async () => {
  registry = await startService(registryService(serviceConfig('registry', registryDb(), natsUrl())));
  importer = createSourceImportClient(registry.address);
});

const A = makeIdNumber('150302', '1961-04-12', 11, 'M');
const B = makeIdNumber('150302', '1963-09-30', 12, 'F');
const C = makeIdNumber('150303', '1990-01-15', 13, 'M');
let nonce = 0;

/** Imports `text` as a tax file cut into pieces of `chunkBytes` (a comment line of its own keeps every file new). */
async function importTax(text: string, chunkBytes = 64 * 1024): Promise<ImportSourceResultMsg> {
  const bytes = Buffer.from(text, 'utf8');
  async function* pieces() {
    for (let at = 0; at < bytes.length; at += chunkBytes) yield bytes.subarray(at, at + chunkBytes);
  }
  return importer!.importStream({ source: 'tax', fileName: `tax-${++nonce}.csv`, data: pieces() }, { ...staff('registry'), timeoutMs: 30_000 });
}

/** The stored rows of a file: line, ID number, month, fen. */
async function rowsOf(fileId: string): Promise<[number, string, string, number][]> {
  const rows = (await registry!.ds.query(
    'SELECT line_no, trim(id_number) AS id, month, taxable_income_fen::int AS fen FROM source_tax WHERE file_id = $1 ORDER BY line_no',
    [fileId],
  )) as { line_no: number; id: string; month: string; fen: number }[];
  return rows.map((r) => [r.line_no, r.id, r.month, r.fen]);
}

const errorsOf = (r: ImportSourceResultMsg) => r.errors.map((e) => e.line);

test('when the last line has no line break, then it is loaded like the others', async () => {
  const r = await importTax(`idNumber,month,taxableIncomeFen\n${A},2015-01,100\n${B},2015-01,200`);
  expect(r).toMatchObject({ rowsLoaded: '2', rowsRejected: '0' });
  expect(await rowsOf(r.fileId)).toEqual([
    [2, A, '2015-01', 100],
    [3, B, '2015-01', 200],
  ]);
});

test.each([
  ['LF', '\n'],
  ['CRLF', '\r\n'],
  ['CR', '\r'],
])('when lines end with %s and the stream comes a byte, 7 bytes or all at once, then the same rows are stored with the same line numbers', async (_name, eol) => {
  const text = ['idNumber,month,taxableIncomeFen', `${A},2015-01,100`, '', `${B},2015-02,200`, `${C},2015-13,300`, `${C},2015-03,300`].join(eol) + eol;
  for (const [k, chunk] of [1, 7, 1 << 16].entries()) {
    // k empty lines more at the end make each file new (the same bytes would be "already imported")
    const r = await importTax(text + eol.repeat(k), chunk);
    expect(r).toMatchObject({ rowsLoaded: '3', rowsRejected: '1', alreadyImported: false });
    expect(errorsOf(r)).toEqual([5]);
    expect(await rowsOf(r.fileId)).toEqual([
      [2, A, '2015-01', 100],
      [4, B, '2015-02', 200],
      [6, C, '2015-03', 300],
    ]);
  }
});

test('when a quoted value first appears after plain lines, then it and the lines after it are read by csv-parse with their own line numbers', async () => {
  const text = [
    'idNumber,month,taxableIncomeFen',
    `${A},2015-01,100`,
    `"${B}","2015-02","200"`, // quoted values, good
    `${C},"2015-03`, // a quoted value running over the next line
    `x",400`,
    `${A},2015-05,500`,
  ].join('\n');
  const r = await importTax(`${text}\n`, 5);
  expect(r).toMatchObject({ rowsLoaded: '3', rowsRejected: '2' });
  expect(errorsOf(r)).toEqual([4, 5]);
  expect(r.errors[0]!.reason).toMatch(/runs over several lines/);
  expect(await rowsOf(r.fileId)).toEqual([
    [2, A, '2015-01', 100],
    [3, B, '2015-02', 200],
    [6, A, '2015-05', 500],
  ]);
});

test('when values need their full check (a lower-case x, a year, spaces) or the header has other columns in another order, then they are stored as the full check stores them', async () => {
  const lower = makeIdNumber('150304', '1985-07-08', 1, 'F');
  const withX = (() => {
    for (let seq = 1; seq < 1000; seq++) {
      const id = makeIdNumber('150304', '1985-07-08', seq, 'F');
      if (id.endsWith('X')) return id;
    }
    throw new Error('no ID number ending in X');
  })();
  const r = await importTax(`note,taxableIncomeFen,month,idNumber\nx,100,2015-01,${withX.toLowerCase()}\ny,200,2014, ${A} \nz,300,2015-02,${lower}\n`);
  expect(r).toMatchObject({ rowsLoaded: '3', rowsRejected: '0' });
  expect(await rowsOf(r.fileId)).toEqual([
    [2, withX, '2015-01', 100],
    [3, A, '2014', 200],
    [4, lower, '2015-02', 300],
  ]);
});

/** Imports `bytes` as a hukou file cut into pieces of `chunkBytes`; returns the result and the stored rows (line, ID number, key, name). */
async function importHukou(bytes: Buffer, chunkBytes: number): Promise<{ r: ImportSourceResultMsg; rows: [number, string, string, string][] }> {
  async function* pieces() {
    for (let at = 0; at < bytes.length; at += chunkBytes) yield bytes.subarray(at, at + chunkBytes);
  }
  const r = await importer!.importStream({ source: 'hukou', fileName: `hukou-${++nonce}.csv`, data: pieces() }, { ...staff('registry'), timeoutMs: 30_000 });
  const rows = (await registry!.ds.query('SELECT line_no, trim(id_number) AS id, id_key::text AS key, name FROM source_hukou WHERE file_id = $1 ORDER BY line_no', [
    r.fileId,
  ])) as { line_no: number; id: string; key: string; name: string }[];
  return { r, rows: rows.map((x) => [x.line_no, x.id, x.key, x.name]) };
}

test('when plain lines hold Chinese names, with LF or CRLF and in pieces that cut characters, then each is stored with the name it holds and the key of its ID number', async () => {
  const names = ['欧阳娜仁花', '王建国', '包𠀀特尔']; // the last with a character outside the BMP (4 bytes in UTF-8)
  const ids = [A, B, C];
  const expected = ids.map((id, i) => [i + 2, id, id.slice(0, 17), names[i]!] as [number, string, string, string]);
  for (const eol of ['\n', '\r\n']) {
    const lines = ['idNumber,name,sex,birthDate,householdNo,relation,area,hukouType,status,deathDate'];
    ids.forEach((id, i) => lines.push(`${id},${names[i]},${i === 1 ? 'F' : 'M'},${['1961-04-12', '1963-09-30', '1990-01-15'][i]},150302000000001,${i === 0 ? 'head' : 'spouse'},150302,urban,alive,`));
    const bytes = Buffer.from(`${lines.join(eol)}${eol}`, 'utf8');
    for (const chunkBytes of [5, 64 * 1024]) {
      // each import must be a new file: empty lines at the end (skipped) make it one
      const file = Buffer.concat([bytes, Buffer.from(eol.repeat(++nonce))]);
      const { r, rows } = await importHukou(file, chunkBytes);
      expect(r).toMatchObject({ rowsLoaded: '3', rowsRejected: '0' });
      expect(rows).toEqual(expected);
    }
  }
});

test('when a plain line holds bytes that are not UTF-8, then it is read as their decoding (U+FFFD), as before', async () => {
  const head = Buffer.from('idNumber,name,sex,birthDate,householdNo,relation,area,hukouType,status,deathDate\n', 'utf8');
  const bad = Buffer.concat([Buffer.from(`${A},王`, 'utf8'), Buffer.from([0xff]), Buffer.from('明,M,1961-04-12,150302000000002,head,150302,urban,alive,\n', 'utf8')]);
  const good = Buffer.from(`${B},李秀兰,F,1963-09-30,150302000000002,spouse,150302,urban,alive,\n`, 'utf8');
  const { r, rows } = await importHukou(Buffer.concat([head, bad, good]), 64 * 1024);
  expect(r).toMatchObject({ rowsLoaded: '2', rowsRejected: '0' });
  expect(rows).toEqual([
    [2, A, A.slice(0, 17), '王\uFFFD明'],
    [3, B, B.slice(0, 17), '李秀兰'],
  ]);
});
