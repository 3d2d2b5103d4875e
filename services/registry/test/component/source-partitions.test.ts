/**
 * The verification-source tables partitioned by file (docs/decisions/0016-source-partitions-per-file.md):
 * a database holding rows from before the change keeps them, readable as before, and every import
 * after it becomes a partition of its own with the source's index and no primary key. The index is
 * on the key of the ID number (docs/decisions/0018-source-index-by-id-key.md), rows from before
 * included.
 */
import { makeIdNumber } from '@wuhai/contracts';
import { createLogger, openDataSource, startService, type RunningService } from '@wuhai/service-kit';
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
const registryDb = useTestDatabase('registry_source_partitions');
const A = makeIdNumber('150302', '1970-03-04', 21, 'M');
const B = makeIdNumber('150303', '1982-11-30', 42, 'F');

beforeAll(async () => {
  // the database as it was before the change: every migration but the partitioning, and one tax file stored
  const definition = registryService(serviceConfig('registry', registryDb(), natsUrl()));
  const before = await openDataSource({
    url: registryDb(),
    entities: [],
    migrations: (definition.migrations as { name: string }[]).filter((m) => !['PartitionSourceTables1764900000100', 'SourceIdKey1765000000100'].includes(m.name)) as never,
    logger: createLogger('test', 'silent'),
  });
  await before.query(
    `INSERT INTO source_files (id, source, file_name, sha256, imported_by, rows_loaded, rows_rejected) VALUES (7, 'tax', 'tax.csv', repeat('a', 64), 'test', 2, 0)`,
  );
  await before.query(`SELECT setval(pg_get_serial_sequence('source_files', 'id'), 7)`);
  await before.query(`INSERT INTO source_tax (file_id, line_no, id_number, month, taxable_income_fen) VALUES (7, 2, $1, '2015-01', 180000), (7, 3, $2, '2015-01', 90000)`, [A, B]);
  await before.destroy();

  registry = await startService(registryService(serviceConfig('registry', registryDb(), natsUrl())));
  importer = createSourceImportClient(registry.address);
});

async function indexesOf(table: string): Promise<string[]> {
  const rows = (await registry!.ds.query('SELECT indexdef FROM pg_indexes WHERE tablename = $1 ORDER BY indexname', [table])) as { indexdef: string }[];
  return rows.map((r) => r.indexdef.replace(/^CREATE (UNIQUE )?INDEX \S+ ON (?:ONLY )?\S+ /, '$1'));
}

test('when the registry starts on a database with rows from before, then they stay readable as the partition of the earlier files, and empty tables are replaced', async () => {
  const partitions = (await registry!.ds.query(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'source_tax'::regclass`,
  )) as { name: string; bound: string }[];
  expect(partitions).toEqual([{ name: 'source_tax_until_f8', bound: 'FOR VALUES FROM (MINVALUE) TO (\'8\')' }]);
  const rows = await registry!.ds.query(`SELECT line_no, trim(id_number) AS id, id_key::text AS key, taxable_income_fen::int AS fen, period FROM source_tax WHERE file_id = 7 ORDER BY line_no`);
  // the rows from before got the key of their ID number (its first 17 digits), and are indexed by it
  expect(rows).toEqual([
    { line_no: 2, id: A, key: A.slice(0, 17), fen: 180000, period: 'month' },
    { line_no: 3, id: B, key: B.slice(0, 17), fen: 90000, period: 'month' },
  ]);
  expect(await indexesOf('source_tax_until_f8')).toEqual(['USING btree (id_key)']);
  expect(await indexesOf('source_tax')).toEqual(['USING btree (id_key)']);
  expect(await indexesOf('source_hukou')).toEqual(['USING btree (id_key)']);
  const [{ n }] = (await registry!.ds.query(`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'source_banks'::regclass`)) as [{ n: number }];
  expect(n).toBe(0);
  expect(await registry!.ds.query(`SELECT 1 FROM pg_class WHERE relname LIKE 'source_banks_until_%'`)).toEqual([]);
});

test('when a file is imported, then its rows are a partition of their own, indexed by the key of the ID number, without a primary key', async () => {
  const text = `idNumber,month,taxableIncomeFen\n${A},2015-02,181000\n${B},2015-02,91000\n${B},2014,1200000\n`;
  const r = await importer!.importStream(
    { source: 'tax', fileName: 'tax.csv', data: (async function* () { yield Buffer.from(text); })() },
    { ...staff('registry'), timeoutMs: 30_000 },
  );
  expect(r).toMatchObject({ rowsLoaded: '3', rowsRejected: '0', alreadyImported: false });
  const partition = `source_tax_f${r.fileId}`;
  const [bound] = (await registry!.ds.query(`SELECT pg_get_expr(relpartbound, oid) AS bound FROM pg_class WHERE relname = $1`, [partition])) as { bound: string }[];
  expect(bound).toEqual({ bound: `FOR VALUES FROM ('${r.fileId}') TO ('${Number(r.fileId) + 1}')` });
  expect(await indexesOf(partition)).toEqual(['USING btree (id_key)']);
  const rows = await registry!.ds.query(`SELECT file_id::text AS f, line_no, trim(id_number) AS id, id_key::text AS key, month, period FROM source_tax WHERE file_id = $1 ORDER BY line_no`, [r.fileId]);
  expect(rows).toEqual([
    { f: r.fileId, line_no: 2, id: A, key: A.slice(0, 17), month: '2015-02', period: 'month' },
    { f: r.fileId, line_no: 3, id: B, key: B.slice(0, 17), month: '2015-02', period: 'month' },
    { f: r.fileId, line_no: 4, id: B, key: B.slice(0, 17), month: '2014', period: 'year' },
  ]);
});

test('when an import fails part-way, then no table of it is left behind', async () => {
  const text = `idNumber,month,taxableIncomeFen\n${A},2015-03,181000\n`;
  await expect(
    importer!.importStream({ source: 'tax', fileName: 'tax.csv', sha256: 'b'.repeat(64), data: (async function* () { yield Buffer.from(text); })() }, { ...staff('registry'), timeoutMs: 30_000 }),
  ).rejects.toMatchObject({ code: 3 });
  const [{ n }] = (await registry!.ds.query(`SELECT count(*)::int AS n FROM pg_class WHERE relname LIKE 'source_tax_f%' AND relkind = 'r'`)) as [{ n: number }];
  expect(n).toBe(1); // the one file imported above
});
