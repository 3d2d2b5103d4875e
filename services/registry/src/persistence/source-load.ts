import { finished } from 'node:stream/promises';
import type { DataSource, QueryRunner } from 'typeorm';
import type { PoolClient } from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import { SOURCE_FORMATS, type SourceName } from '../domain/verification-sources';
import { SourceFileEntity, SourceFileErrorEntity, type SourceFileRow } from './source-tables.entities';

/** Characters of COPY text gathered before they are written (one write per batch). */
const BATCH_CHARS = 256 * 1024;
/** Bytes COPY may hold before the reader waits: enough for PostgreSQL to work while the next rows are checked. */
const COPY_BUFFER_BYTES = 1 << 20;
/** Bad lines held before they are written (COPY is paused for it). */
const ERROR_BATCH = 1000;
/** Memory for building the file's indexes after the load (in one sort, not spilled to disk). */
const INDEX_BUILD_MEMORY = '256MB';

/** What a finished load stored, or the file that already had the same SHA-256. */
export type LoadOutcome = { stored: true; file: SourceFileRow } | { stored: false; existing: SourceFileRow };

/** The table one file's rows are loaded into: the source's table with `_f` and the file id. */
export function filePartitionName(source: SourceName, fileId: string): string {
  return `${SOURCE_FORMATS[source].table}_f${fileId}`;
}

/**
 * One file's load, in one transaction on one connection of its own
 * (docs/decisions/0016-source-partitions-per-file.md):
 *
 * 1. a table of its own is created for the file's rows (`source_tax_f42`: the source table's
 *    columns, defaults and generated columns, plus `CHECK (file_id = 42)`), with no index;
 * 2. good rows go to it with `COPY … FROM STDIN (FORMAT csv, FREEZE)` in batches, honouring the
 *    stream's backpressure; bad lines go to `source_file_errors`;
 * 3. at the end the file's row is written to `source_files` — a file whose SHA-256 is already
 *    stored (even by a concurrent import that committed first) rolls everything back — and the
 *    table is attached to the source table as the partition of this file id: PostgreSQL builds its
 *    indexes then, each in one sort, and skips the scan of the partition bound thanks to the check.
 *
 * Building an index once over the loaded rows costs a fraction of maintaining it row by row (the
 * ID numbers of an extract come in no order), and it never touches earlier files' indexes.
 * Memory stays bounded by the batch sizes whatever the file's size.
 *
 * Rows are COPY CSV: a line of the extract that passed its check as it is (no quote, no comma
 * inside a value, no line break) is sent as it came, after `fileId,lineNo,`; other rows are
 * encoded value by value ({@link addRow}). An empty unquoted value is NULL.
 */
export class SourceLoad {
  private batch = '';
  private errors: { line: number; reason: string }[] = [];
  private copy: CopyStreamQuery | undefined;
  private copyDone: Promise<void> | undefined;
  private loaded = 0;
  private rejected = 0;
  private closed = false;
  private readonly copySql: string;
  private readonly prefix: string;
  readonly partition: string;

  private constructor(
    private readonly qr: QueryRunner,
    private readonly client: PoolClient,
    readonly source: SourceName,
    readonly fileId: string,
  ) {
    const format = SOURCE_FORMATS[source];
    this.partition = filePartitionName(source, fileId);
    this.copySql = `COPY ${this.partition} (file_id, line_no, ${format.columns.map((c) => c.sql).join(', ')}) FROM STDIN (FORMAT csv, FREEZE)`;
    this.prefix = `${fileId},`;
  }

  /**
   * Opens a connection, begins the transaction, reserves the file's id and creates its table.
   * @throws whatever PostgreSQL throws; the connection is released then
   */
  static async open(ds: DataSource, source: SourceName): Promise<SourceLoad> {
    const qr = ds.createQueryRunner();
    try {
      const client = (await qr.connect()) as PoolClient;
      await qr.startTransaction();
      const [row] = (await qr.query("SELECT nextval(pg_get_serial_sequence('source_files', 'id'))::text AS id")) as { id: string }[];
      const load = new SourceLoad(qr, client, source, row!.id);
      const table = SOURCE_FORMATS[source].table;
      await qr.query(
        `CREATE TABLE ${load.partition} (LIKE ${table} INCLUDING DEFAULTS INCLUDING GENERATED, CHECK (file_id = ${load.fileId}))`,
      );
      return load;
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      await qr.release();
      throw err;
    }
  }

  /** Rows loaded so far (written to COPY or waiting in the batch). */
  get rowsLoaded(): number {
    return this.loaded;
  }

  /** Bad lines recorded so far. */
  get rowsRejected(): number {
    return this.rejected;
  }

  /**
   * Adds a good line as it came: `csv` is the values of the source's columns in order, joined by
   * commas, none holding a quote, comma, line break or other control character (an empty value is
   * NULL). Returns a promise only when a batch was written and the caller must wait.
   */
  addLine(line: number, csv: string): Promise<void> | undefined {
    this.batch += `${this.prefix}${line},${csv}\n`;
    this.loaded++;
    return this.batch.length >= BATCH_CHARS ? this.writeRows() : undefined;
  }

  /**
   * Adds a good row: `values` in the source's column order (strings as checked, null for an empty
   * optional value). Returns a promise only when a batch was written and the caller must wait.
   */
  addRow(line: number, values: readonly (string | null)[]): Promise<void> | undefined {
    let text = `${this.prefix}${line}`;
    for (const v of values) text += v === null || v === undefined ? ',' : `,${csvValue(v)}`;
    this.batch += `${text}\n`;
    this.loaded++;
    return this.batch.length >= BATCH_CHARS ? this.writeRows() : undefined;
  }

  /** Records a bad line; returns a promise only when a batch of them was written. */
  addError(line: number, reason: string): Promise<void> | undefined {
    this.errors.push({ line, reason });
    this.rejected++;
    return this.errors.length >= ERROR_BATCH ? this.writeErrors() : undefined;
  }

  /**
   * Writes what is left and the file's row, attaches the file's table (building its indexes), then
   * commits; or, when a file with this SHA-256 is already stored, rolls back and returns that
   * file. Releases the connection either way.
   */
  async finish(meta: { sha256: string; fileName: string; importedBy: string }): Promise<LoadOutcome> {
    try {
      await this.writeRows();
      await this.endCopy();
      await this.writeErrors();
      // first the file's row: a concurrent import of the same file waits here, then finds it stored
      const inserted = (await this.qr.query(
        `INSERT INTO source_files (id, source, file_name, sha256, imported_by, rows_loaded, rows_rejected)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING RETURNING id`,
        [this.fileId, this.source, meta.fileName, meta.sha256, meta.importedBy, this.loaded, this.rejected],
      )) as unknown[];
      if (inserted.length === 0) {
        await this.qr.rollbackTransaction();
        const existing = await this.qr.manager.getRepository(SourceFileEntity).findOneByOrFail({ sha256: meta.sha256 });
        return { stored: false, existing };
      }
      await this.qr.query(`SET LOCAL maintenance_work_mem = '${INDEX_BUILD_MEMORY}'`);
      await this.qr.query(
        `ALTER TABLE ${SOURCE_FORMATS[this.source].table} ATTACH PARTITION ${this.partition} FOR VALUES FROM (${this.fileId}) TO (${BigInt(this.fileId) + 1n})`,
      );
      await this.qr.commitTransaction();
      return { stored: true, file: await this.qr.manager.getRepository(SourceFileEntity).findOneByOrFail({ id: this.fileId }) };
    } catch (err) {
      await this.abortQuietly();
      throw err;
    } finally {
      await this.release();
    }
  }

  /** Rolls back everything of this file (its table too) and releases the connection (idempotent). */
  async abort(): Promise<void> {
    await this.abortQuietly();
    await this.release();
  }

  private async abortQuietly(): Promise<void> {
    if (this.copy && !this.copy.destroyed) this.copy.destroy();
    await this.copyDone?.catch(() => undefined);
    this.copy = undefined;
    if (this.qr.isTransactionActive) await this.qr.rollbackTransaction().catch(() => undefined);
  }

  private async release(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.qr.release();
  }

  private async writeRows(): Promise<void> {
    if (this.batch.length === 0) return;
    const text = this.batch;
    this.batch = '';
    if (!this.copy) {
      const copy = this.client.query(copyFrom(this.copySql, { highWaterMark: COPY_BUFFER_BYTES }));
      this.copy = copy;
      // 'finish' comes once PostgreSQL has confirmed the COPY; an error rejects it
      this.copyDone = finished(copy);
      this.copyDone.catch(() => undefined); // observed in endCopy/abort; never an unhandled rejection
    }
    if (!this.copy.write(text)) await waitForDrain(this.copy, this.copyDone!);
  }

  private async endCopy(): Promise<void> {
    if (!this.copy) return;
    const done = this.copyDone!;
    this.copy.end();
    await done;
    this.copy = undefined;
    this.copyDone = undefined;
  }

  private async writeErrors(): Promise<void> {
    if (this.errors.length === 0) return;
    // a COPY in progress owns the connection: finish it, write the errors, the next rows start a new one
    await this.writeRows();
    await this.endCopy();
    const batch = this.errors;
    this.errors = [];
    await this.qr.manager
      .createQueryBuilder()
      .insert()
      .into(SourceFileErrorEntity)
      .values(batch.map((e) => ({ fileId: this.fileId, lineNo: e.line, reason: e.reason })))
      .execute();
  }
}

/** A value in COPY CSV: quoted (quotes doubled) when it holds a quote, comma or line break, or is empty. */
function csvValue(v: string): string {
  return v === '' || /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Waits for 'drain', or fails with the COPY's error if it fails first. */
function waitForDrain(copy: CopyStreamQuery, done: Promise<void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onDrain = () => resolve();
    copy.once('drain', onDrain);
    done.then(
      () => resolve(),
      (err: unknown) => {
        copy.off('drain', onDrain);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
