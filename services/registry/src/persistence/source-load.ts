import { finished } from 'node:stream/promises';
import type { DataSource, QueryRunner } from 'typeorm';
import type { PoolClient } from 'pg';
import { from as copyFrom, type CopyStreamQuery } from 'pg-copy-streams';
import { SOURCE_FORMATS, type SourceName } from '../domain/verification-sources';
import { SourceFileEntity, SourceFileErrorEntity, type SourceFileRow } from './source-tables.entities';

/** Bytes of COPY data gathered before they are written (one write per batch). */
const BATCH_BYTES = 256 * 1024;
/** Longest decimal line number, and the bytes a row adds around its line: `lineNo,idKey,` … `,month` and the line break. */
const ROW_OVERHEAD = 10 + 1 + 17 + 1 + 6 + 1;
/** Bytes COPY may hold before the reader waits: enough for PostgreSQL to work while the next rows are checked. */
const COPY_BUFFER_BYTES = 1 << 20;
/** Bad lines held before they are written (COPY is paused for it). */
const ERROR_BATCH = 1000;
/** Memory for building the file's indexes after the load (in one sort, not spilled to disk). */
const INDEX_BUILD_MEMORY = '256MB';

/** Digits of the ID number that make its key (`id_key`): all but the check character. */
const KEY_DIGITS = 17;

/** Lines up to this many bytes are copied byte by byte into the batch, longer ones with `Buffer.copy`. */
const SHORT_COPY = 96;
/** `,year` and `,month`: a monthly source's period after the row's values. */
const YEAR = Buffer.from(',year', 'latin1');
const MONTH = Buffer.from(',month', 'latin1');

/** Where a monthly source's `month` starts in a line: after the ID number (18 characters) and its comma. */
const MONTH_AT = 19;

for (const [source, format] of Object.entries(SOURCE_FORMATS)) {
  // a good line's key is read from its start: every source's first column is the ID number
  if (format.columns[0]?.value.kind !== 'idNumber') throw new Error(`source ${source}: the ID number is not the first column`);
  // and a monthly source's period from its second
  if (format.columns.some((c, i) => c.value.kind === 'month' && i !== 1)) throw new Error(`source ${source}: the month is not the second column`);
}

/** What a finished load stored, or the file that already had the same SHA-256. */
export type LoadOutcome = { stored: true; file: SourceFileRow } | { stored: false; existing: SourceFileRow };

/**
 * The key of an 18-character ID number in the source tables (`id_key`, the column their index is
 * on): its first 17 digits as a decimal string (the 18th character is their GB 11643 check
 * character, so one key is one number); undefined for anything else, which no source row holds.
 */
export function sourceIdKey(idNumber: string): string | undefined {
  return /^\d{17}[\dX]$/.test(idNumber) ? idNumber.slice(0, KEY_DIGITS) : undefined;
}

/** The table one file's rows are loaded into: the source's table with `_f` and the file id. */
export function filePartitionName(source: SourceName, fileId: string): string {
  return `${SOURCE_FORMATS[source].table}_f${fileId}`;
}

/**
 * One file's load, in one transaction on one connection of its own
 * (docs/decisions/0016-source-partitions-per-file.md):
 *
 * 1. a table of its own is created for the file's rows (`source_tax_f42`: the source table's
 *    columns and defaults, `file_id` defaulting to the file's id, plus `CHECK (file_id = 42)`),
 *    with no index;
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
 * inside a value, no line break) is sent as it came, after `lineNo,idKey,` (and, for a monthly
 * source, followed by `,month` or `,year`: the period); other rows are encoded value by value
 * ({@link addRow}). An empty unquoted value is NULL. `idKey` is the first 17 digits of the row's
 * (checked, canonical) ID number: the table's index is on it ({@link sourceIdKey}). `file_id` is not
 * sent: it is the default of the file's table (docs/decisions/0018-source-index-by-id-key.md).
 */
export class SourceLoad {
  /** The batch being filled: COPY data, `length` bytes of it written. */
  private batch: Buffer = Buffer.alloc(0);
  private length = 0;
  /** Full batches not written yet. */
  private full: Buffer[] = [];
  private errors: { line: number; reason: string }[] = [];
  private copy: CopyStreamQuery | undefined;
  private copyDone: Promise<void> | undefined;
  private loaded = 0;
  private rejected = 0;
  private closed = false;
  private readonly copySql: string;
  /** The source has a `month` (second column) and a `period` written with it. */
  private readonly monthly: boolean;
  readonly partition: string;

  private constructor(
    private readonly qr: QueryRunner,
    private readonly client: PoolClient,
    readonly source: SourceName,
    readonly fileId: string,
  ) {
    const format = SOURCE_FORMATS[source];
    this.partition = filePartitionName(source, fileId);
    this.monthly = format.columns[1]?.value.kind === 'month';
    const columns = ['line_no', 'id_key', ...format.columns.map((c) => c.sql), ...(this.monthly ? ['period'] : [])];
    this.copySql = `COPY ${this.partition} (${columns.join(', ')}) FROM STDIN (FORMAT csv, FREEZE)`;
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
        `CREATE TABLE ${load.partition} (LIKE ${table} INCLUDING DEFAULTS INCLUDING GENERATED, CHECK (file_id = ${load.fileId}));
         ALTER TABLE ${load.partition} ALTER COLUMN file_id SET DEFAULT ${load.fileId}`,
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
   * NULL), starting with the canonical 18-character ID number (for a monthly source followed by a
   * `YYYY-MM` month or a `YYYY` year). Returns a promise only when a batch was written and the
   * caller must wait.
   */
  addLine(line: number, csv: string): Promise<void> | undefined {
    this.reserve(ROW_OVERHEAD + csv.length * 3);
    let at = this.lineAndKey(line, csv);
    at += this.batch.write(csv, at, 'utf8');
    this.length = this.periodAndEnd(at, csv.charCodeAt(MONTH_AT + 4) === 44);
    this.loaded++;
    return this.full.length > 0 ? this.writeRows() : undefined;
  }

  /**
   * {@link addLine} for a line given as the bytes `bytes[start, end)`: valid UTF-8, otherwise as
   * `addLine` requires. Copied as they are (no string is made of them).
   */
  addLineBytes(line: number, bytes: Buffer, start: number, end: number): Promise<void> | undefined {
    this.reserve(ROW_OVERHEAD + end - start);
    const b = this.batch;
    let at = this.length;
    at = writeDecimal(b, at, line);
    b[at++] = 44;
    for (let i = 0; i < KEY_DIGITS; i++) b[at + i] = bytes[start + i]!;
    at += KEY_DIGITS;
    b[at++] = 44;
    if (end - start > SHORT_COPY) at += bytes.copy(b, at, start, end);
    else for (let i = start; i < end; i++) b[at++] = bytes[i]!; // a native copy costs more than a short line
    this.length = this.periodAndEnd(at, bytes[start + MONTH_AT + 4] === 44);
    this.loaded++;
    return this.full.length > 0 ? this.writeRows() : undefined;
  }

  /**
   * Adds a good row: `values` in the source's column order (strings as checked, null for an empty
   * optional value). Returns a promise only when a batch was written and the caller must wait.
   */
  addRow(line: number, values: readonly (string | null)[]): Promise<void> | undefined {
    let text = values[0]!;
    for (let i = 1; i < values.length; i++) {
      const v = values[i];
      text += v === null || v === undefined ? ',' : `,${csvValue(v)}`;
    }
    this.reserve(ROW_OVERHEAD + text.length * 3);
    let at = this.lineAndKey(line, values[0]!);
    at += this.batch.write(text, at, 'utf8');
    this.length = this.periodAndEnd(at, values[1]!.length === 4);
    this.loaded++;
    return this.full.length > 0 ? this.writeRows() : undefined;
  }

  /** Makes room for `bytes` more in the batch: a batch without it is set aside, full, for {@link writeRows}. */
  private reserve(bytes: number): void {
    if (this.length + bytes <= this.batch.length) return;
    if (this.length > 0) this.full.push(this.batch.subarray(0, this.length));
    this.batch = Buffer.allocUnsafe(Math.max(BATCH_BYTES, bytes));
    this.length = 0;
  }

  /** Writes `lineNo,idKey,` at the batch's end (the key: the first 17 characters of `idNumber`, digits); returns where it ends. */
  private lineAndKey(line: number, idNumber: string): number {
    const b = this.batch;
    let at = writeDecimal(b, this.length, line);
    b[at++] = 44;
    for (let i = 0; i < KEY_DIGITS; i++) b[at + i] = idNumber.charCodeAt(i);
    at += KEY_DIGITS;
    b[at++] = 44;
    return at;
  }

  /** Ends the row at `at`: a monthly source's period (`year` when `isYear`), then the line break; returns the batch's new length. */
  private periodAndEnd(at: number, isYear: boolean): number {
    const b = this.batch;
    if (this.monthly) {
      const period = isYear ? YEAR : MONTH;
      for (let i = 0; i < period.length; i++) b[at++] = period[i]!;
    }
    b[at] = 10;
    return at + 1;
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
    if (this.length > 0) this.full.push(this.batch.subarray(0, this.length));
    if (this.full.length === 0) return;
    const batches = this.full;
    this.full = [];
    // the part given to COPY is never written again (COPY may still hold it); the next rows go after it
    this.batch = this.batch.subarray(this.length);
    this.length = 0;
    if (!this.copy) {
      const copy = this.client.query(copyFrom(this.copySql, { highWaterMark: COPY_BUFFER_BYTES }));
      this.copy = copy;
      // 'finish' comes once PostgreSQL has confirmed the COPY; an error rejects it
      this.copyDone = finished(copy);
      this.copyDone.catch(() => undefined); // observed in endCopy/abort; never an unhandled rejection
    }
    for (const data of batches) if (!this.copy.write(data)) await waitForDrain(this.copy, this.copyDone!);
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

/** Writes `n` (a whole number ≥ 0) in decimal at `at`; returns where it ends. */
function writeDecimal(b: Buffer, at: number, n: number): number {
  let digits = 1;
  for (let p = 10; p <= n; p *= 10) digits++;
  for (let i = at + digits - 1; i >= at; i--) {
    b[i] = 48 + (n % 10);
    n = Math.floor(n / 10);
  }
  return at + digits;
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
