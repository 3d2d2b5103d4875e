import { finished } from 'node:stream/promises';
import type { DataSource, QueryRunner } from 'typeorm';
import type { PoolClient } from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import { SOURCE_FORMATS, type SourceName } from '../domain/verification-sources';
import { SourceFileEntity, SourceFileErrorEntity, type SourceFileRow } from './source-tables.entities';

/** Rows encoded and written to COPY at a time. */
const ROW_BATCH = 2000;
/** Bytes COPY may hold before the reader waits: enough for PostgreSQL to work while the next rows are checked. */
const COPY_BUFFER_BYTES = 1 << 20;
/** Bad lines held before they are written (COPY is paused for it). */
const ERROR_BATCH = 1000;

/** What a finished load stored, or the file that already had the same SHA-256. */
export type LoadOutcome = { stored: true; file: SourceFileRow } | { stored: false; existing: SourceFileRow };

/**
 * One file's load into its source table, in one transaction on one connection of its own: good
 * rows go to PostgreSQL with `COPY … FROM STDIN` in batches, honouring the stream's backpressure;
 * bad lines go to `source_file_errors`. Memory stays bounded by the batch sizes whatever the
 * file's size.
 *
 * The rows are sent in COPY's text format, not CSV: every value has passed its check, so none
 * holds a tab, a newline or any other control character, and only a backslash (possible in free
 * text) needs escaping. Encoding that is a join; encoding CSV through csv-stringify cost more
 * than PostgreSQL's whole COPY (measured: 0.45 s against 0.08 s for 200 000 hukou rows). The file's row is written last, when its
 * SHA-256 is known: a file whose SHA-256 is already stored (even by a concurrent import that
 * committed first) makes {@link finish} roll everything back.
 */
export class SourceLoad {
  private batch = '';
  private batchRows = 0;
  private errors: { line: number; reason: string }[] = [];
  private copy: CopyStreamQuery | undefined;
  private copyDone: Promise<void> | undefined;
  private loaded = 0;
  private rejected = 0;
  private closed = false;
  private readonly copySql: string;
  /** Columns of free text, the only ones that may hold a backslash. */
  private readonly freeText: boolean[];

  private constructor(
    private readonly qr: QueryRunner,
    private readonly client: PoolClient,
    readonly source: SourceName,
    readonly fileId: string,
  ) {
    const format = SOURCE_FORMATS[source];
    this.copySql = `COPY ${format.table} (file_id, line_no, ${format.columns.map((c) => c.sql).join(', ')}) FROM STDIN`;
    this.freeText = format.columns.map((c) => c.value.kind === 'text');
  }

  /**
   * Opens a connection, begins the transaction and reserves the file's id.
   * @throws whatever PostgreSQL throws; the connection is released then
   */
  static async open(ds: DataSource, source: SourceName): Promise<SourceLoad> {
    const qr = ds.createQueryRunner();
    try {
      const client = (await qr.connect()) as PoolClient;
      await qr.startTransaction();
      const [row] = (await qr.query("SELECT nextval(pg_get_serial_sequence('source_files', 'id'))::text AS id")) as { id: string }[];
      return new SourceLoad(qr, client, source, row!.id);
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
   * Adds a good row: `values` in the source's column order (strings as checked, null for an empty
   * optional value). Returns a promise only when a batch was written and the caller must wait.
   */
  addRow(line: number, values: readonly (string | null)[]): Promise<void> | undefined {
    let text = `${this.fileId}\t${line}`;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      text += v === null || v === undefined ? '\t\\N' : `\t${this.freeText[i] && v.includes('\\') ? v.replace(/\\/g, '\\\\') : v}`;
    }
    this.batch += `${text}\n`;
    this.batchRows++;
    this.loaded++;
    return this.batchRows >= ROW_BATCH ? this.writeRows() : undefined;
  }

  /** Records a bad line; returns a promise only when a batch of them was written. */
  addError(line: number, reason: string): Promise<void> | undefined {
    this.errors.push({ line, reason });
    this.rejected++;
    return this.errors.length >= ERROR_BATCH ? this.writeErrors() : undefined;
  }

  /**
   * Writes what is left and the file's row, then commits; or, when a file with this SHA-256 is
   * already stored, rolls back and returns that file. Releases the connection either way.
   */
  async finish(meta: { sha256: string; fileName: string; importedBy: string }): Promise<LoadOutcome> {
    try {
      await this.writeRows();
      await this.endCopy();
      await this.writeErrors();
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
      await this.qr.commitTransaction();
      return { stored: true, file: await this.qr.manager.getRepository(SourceFileEntity).findOneByOrFail({ id: this.fileId }) };
    } catch (err) {
      await this.abortQuietly();
      throw err;
    } finally {
      await this.release();
    }
  }

  /** Rolls back everything of this file and releases the connection (idempotent). */
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
    if (this.batchRows === 0) return;
    const text = this.batch;
    this.batch = '';
    this.batchRows = 0;
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
