import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The eight source tables (City §18; shared/contracts/verification-sources.md). */
const TABLES = ['source_hukou', 'source_tax', 'source_social_insurance', 'source_real_estate', 'source_business', 'source_housing_fund', 'source_vehicles', 'source_banks'];

/**
 * Each verification-source table becomes a table partitioned by file
 * (docs/decisions/0016-source-partitions-per-file.md): `PARTITION BY RANGE (file_id)`, the same
 * columns (NOT NULL as before) and indexes, without the primary key `(file_id, line_no)` (a
 * partition holds one file, and the import numbers its lines once each) and without the CHECKs
 * of values (kinds, enumerations, amounts ≥ 0: the import checks each value before any row is
 * written, and checking them again per row cost about half of a plain COPY). An import loads a file
 * into a table of its own and attaches it as the partition `[id, id + 1)`, so the file's indexes are
 * built once over its rows instead of being maintained row by row, and earlier files are not
 * touched.
 *
 * The rows already stored stay where they are: the old table becomes the partition of every file
 * id issued so far (`MINVALUE` up to the next id of `source_files`), or is dropped when empty. The
 * columns, checks and index definitions are read from the old table, so whatever earlier
 * migrations added (e.g. the generated `period`) is kept.
 */
export class PartitionSourceTables1764900000100 implements MigrationInterface {
  name = 'PartitionSourceTables1764900000100';

  async up(q: QueryRunner): Promise<void> {
    const [{ next }] = (await q.query(
      `SELECT greatest((SELECT coalesce(max(id), 0) FROM source_files), (SELECT last_value FROM ${await sequenceOf(q)})) + 1 AS next`,
    )) as [{ next: string }];
    for (const table of TABLES) {
      const old = `${table}_until_f${next}`;
      const indexes = (await q.query(
        `SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS def, c.conname AS constraint_name, pg_get_constraintdef(c.oid) AS constraint_def
           FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
           LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid
          WHERE x.indrelid = $1::regclass ORDER BY i.relname`,
        [table],
      )) as { name: string; def: string; constraint_name: string | null; constraint_def: string | null }[];
      for (const ix of indexes) {
        if (ix.constraint_name) await q.query(`ALTER TABLE ${table} RENAME CONSTRAINT ${ix.constraint_name} TO ${ix.constraint_name}_until_f${next}`);
        else await q.query(`ALTER INDEX ${ix.name} RENAME TO ${ix.name}_until_f${next}`);
      }
      await q.query(`ALTER TABLE ${table} RENAME TO ${old}`);
      // no CHECK of values: the import (the only writer) checks every value first, and evaluating
      // them again for every row cost PostgreSQL about half as much as the COPY itself
      await q.query(`CREATE TABLE ${table} (LIKE ${old} INCLUDING DEFAULTS INCLUDING GENERATED) PARTITION BY RANGE (file_id)`);
      for (const ix of indexes) {
        // the primary key (file_id, line_no) is not kept: a partition holds one file, whose line numbers the import gives once each
        if (ix.constraint_name) await q.query(`ALTER TABLE ${old} DROP CONSTRAINT ${ix.constraint_name}_until_f${next}`);
        else await q.query(ix.def.replace(/ ON (?:ONLY )?(?:public\.)?\S+ USING /, ` ON ${table} USING `));
      }
      const [{ any }] = (await q.query(`SELECT EXISTS (SELECT 1 FROM ${old}) AS any`)) as [{ any: boolean }];
      if (any) await q.query(`ALTER TABLE ${table} ATTACH PARTITION ${old} FOR VALUES FROM (MINVALUE) TO (${next})`);
      else await q.query(`DROP TABLE ${old}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) {
      const plain = `${table}_unpartitioned`;
      await q.query(`CREATE TABLE ${plain} (LIKE ${table} INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
      const columns = (await q.query(
        `SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS list FROM pg_attribute
          WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''`,
        [table],
      )) as { list: string }[];
      await q.query(`INSERT INTO ${plain} (${columns[0]!.list}) SELECT ${columns[0]!.list} FROM ${table}`);
      await q.query(`DROP TABLE ${table}`);
      await q.query(`ALTER TABLE ${plain} RENAME TO ${table}`);
      await q.query(`ALTER TABLE ${table} ADD PRIMARY KEY (file_id, line_no)`);
    }
  }
}

async function sequenceOf(q: QueryRunner): Promise<string> {
  const [{ seq }] = (await q.query("SELECT pg_get_serial_sequence('source_files', 'id') AS seq")) as [{ seq: string }];
  return seq;
}
