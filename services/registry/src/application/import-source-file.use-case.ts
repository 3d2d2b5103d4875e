import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { DataSource } from 'typeorm';
import { parse, type CsvError, type Options as CsvOptions } from 'csv-parse';
import { cityDate, requireDepartment, type Caller, type Clock } from '@wuhai/service-kit';
import { headerIndexes, isSourceName, sourceRecordCheck, type SourceName } from '../domain/verification-sources';
import { checksumMismatch, emptyFile, recordTooLong, unknownSource, unreadableCsv } from '../domain/source-import.errors';
import { SourceLoad } from '../persistence/source-load';
import { SourceFileEntity, SourceFileErrorEntity, type SourceFileRow } from '../persistence/source-tables.entities';

/** Bad lines returned with the result; all of them are stored in `source_file_errors`. */
export const ERRORS_RETURNED = 100;
/** A record longer than this is an unclosed quote swallowing the file: refused, never buffered. */
const MAX_RECORD_BYTES = 1 << 20;

export interface ImportSourceFileCommand {
  source: string;
  fileName: string;
  /** The file's bytes, in order; read once, never held whole. */
  data: AsyncIterable<Uint8Array>;
  /** SHA-256 (hex) the sender announced, if any: answered at once when already imported, checked otherwise. */
  sha256?: string;
}

export interface ImportSourceFileResult {
  fileId: string;
  source: SourceName;
  fileName: string;
  sha256: string;
  rowsLoaded: number;
  rowsRejected: number;
  /** True: this file (same SHA-256) was imported before and nothing was loaded now. */
  alreadyImported: boolean;
  /** The first {@link ERRORS_RETURNED} bad lines, by line number (the header is line 1). */
  errors: { line: number; reason: string }[];
  importedAt: Date;
  importedBy: string;
}

/**
 * Imports one verification-source extract (City §18; shared/contracts/verification-sources.md):
 * streams the CSV through csv-parse, checks the header names every column of the contract (extra
 * columns ignored), checks each record (ID number with its GB 11643 check character, whole fen
 * ≥ 0, `YYYY-MM` months, `YYYY-MM-DD` dates, the enumerations), loads the good rows with COPY and
 * records each bad line with its number and reason — all in one transaction. A file whose SHA-256
 * was imported before is not loaded again: the result says so and repeats the first import's
 * counts. Memory does not grow with the file.
 *
 * One record per line: a quoted value running over several lines is refused line by line.
 *
 * @throws DomainError `AUTH.WRONG_DEPARTMENT` (forbidden) unless the caller is registry staff or
 *   `system`; `SOURCES.UNKNOWN_SOURCE`, `SOURCES.EMPTY_FILE`, `SOURCES.MISSING_COLUMNS`,
 *   `SOURCES.DUPLICATE_COLUMNS`, `SOURCES.RECORD_TOO_LONG`, `SOURCES.UNREADABLE_CSV`,
 *   `SOURCES.CHECKSUM_MISMATCH` (invalid) — the file is then not stored at all
 */
export async function importSourceFile(
  deps: { ds: DataSource; clock: Clock },
  command: ImportSourceFileCommand,
  caller: Caller,
): Promise<ImportSourceFileResult> {
  requireDepartment(caller, 'registry');
  if (!isSourceName(command.source)) throw unknownSource(command.source);
  const source = command.source;
  if (command.sha256) {
    const existing = await deps.ds.getRepository(SourceFileEntity).findOneBy({ sha256: command.sha256 });
    if (existing) return alreadyImported(deps.ds, existing);
  }

  const check = sourceRecordCheck(source, cityDate(deps.clock.now()));
  const hash = createHash('sha256');
  const skips: CsvError[] = [];
  const firstErrors: { line: number; reason: string }[] = [];
  const load = await SourceLoad.open(deps.ds, source);
  const reject = (line: number, reason: string) => {
    if (firstErrors.length < ERRORS_RETURNED) firstErrors.push({ line, reason });
    return load.addError(line, reason);
  };

  try {
    let indexes: number[] | undefined;
    let headerWidth = 0;
    /** The line the next record starts on (csv-parse's own count is off after a CRLF inside quotes). */
    let line = 1;

    const csvOptions: CsvOptions = {
      bom: true,
      relax_column_count: true, // a short or long record is one bad line, not the end of the file
      relax_quotes: true, // a stray quote stays in its value (and fails its check) instead of swallowing lines
      skip_empty_lines: false, // an empty line comes as [''] and is counted here, so line numbers stay exact
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_BYTES,
      on_skip: (err) => {
        if (err) skips.push(err);
        return undefined;
      },
    };
    await pipeline(hashed(command.data, hash), parse(csvOptions), async (records: AsyncIterable<string[]>) => {
      for await (const record of records) {
        const start = line;
        const breaks = record.length === 1 && record[0] === '' ? 0 : lineBreaksIn(record);
        line += 1 + breaks;
        if (record.length === 1 && record[0] === '') continue; // an empty line (every source has 3+ columns)
        if (!indexes) {
          indexes = headerIndexes(source, record);
          headerWidth = record.length;
          continue;
        }
        let pending: Promise<void> | undefined;
        if (breaks > 0) {
          await rejectSpan(reject, start, start + breaks, '引号内的值跨行（引号未闭合？）/ a quoted value runs over several lines (an unclosed quote?)');
        } else if (record.length !== headerWidth) {
          pending = reject(start, `有 ${record.length} 个字段，表头有 ${headerWidth} 个 / has ${record.length} fields, the header has ${headerWidth}`);
        } else {
          const checked = check(pick(record, indexes));
          pending = checked.ok ? load.addRow(start, checked.values) : reject(start, checked.reason);
        }
        if (pending) await pending;
      }
    });

    for (const skip of skips) {
      if (skip.code === 'CSV_QUOTE_NOT_CLOSED' && indexes) {
        // only at the end of the file: every line from the last record on belongs to the open value
        const last = typeof skip.lines === 'number' ? Math.max(skip.lines, line) : line;
        await rejectSpan(reject, line, last, '引号未闭合，直到文件结束 / a quote is not closed before the end of the file');
      } else if (skip.code === 'CSV_MAX_RECORD_SIZE') {
        throw recordTooLong(line);
      } else {
        throw unreadableCsv(line, skip.message);
      }
    }
    if (!indexes) throw emptyFile();

    const sha256 = hash.digest('hex');
    if (command.sha256 && command.sha256 !== sha256) throw checksumMismatch();
    const outcome = await load.finish({ sha256, fileName: command.fileName, importedBy: caller.username });
    if (!outcome.stored) return alreadyImported(deps.ds, outcome.existing);
    return { ...fileResult(outcome.file), alreadyImported: false, errors: firstErrors };
  } catch (err) {
    await load.abort();
    throw err;
  }
}

/** Passes the bytes through while hashing them. */
async function* hashed(data: AsyncIterable<Uint8Array>, hash: ReturnType<typeof createHash>): AsyncGenerator<Uint8Array> {
  for await (const chunk of data) {
    if (chunk.length === 0) continue;
    hash.update(chunk);
    yield chunk;
  }
}

/** Line breaks inside a record's values (only quoted values can hold them); CRLF counts once. */
function lineBreaksIn(record: readonly string[]): number {
  let breaks = 0;
  for (const value of record) {
    if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) continue;
    breaks += (value.match(/\r\n|\r|\n/g) ?? []).length;
  }
  return breaks;
}

/** The values at `indexes`, in that order. */
function pick(record: readonly string[], indexes: readonly number[]): string[] {
  const out = new Array<string>(indexes.length);
  for (let i = 0; i < indexes.length; i++) out[i] = record[indexes[i]!]!;
  return out;
}

/** Rejects lines `start`–`end`: the first with `reason`, the others as part of it. */
async function rejectSpan(
  reject: (line: number, reason: string) => Promise<void> | undefined,
  start: number,
  end: number,
  reason: string,
): Promise<void> {
  for (let line = start; line <= end; line++) {
    const pending = reject(line, line === start ? `${reason}: lines ${start}–${end}` : `属于第 ${start} 行开始的记录 / part of the record that starts at line ${start}`);
    if (pending) await pending;
  }
}

function fileResult(f: SourceFileRow): Omit<ImportSourceFileResult, 'alreadyImported' | 'errors'> {
  return {
    fileId: f.id,
    source: f.source as SourceName,
    fileName: f.fileName,
    sha256: f.sha256,
    rowsLoaded: f.rowsLoaded,
    rowsRejected: f.rowsRejected,
    importedAt: f.importedAt,
    importedBy: f.importedBy,
  };
}

/** The result for a file imported before: its first import's counts and first bad lines. */
async function alreadyImported(ds: DataSource, f: SourceFileRow): Promise<ImportSourceFileResult> {
  const errors = await ds
    .getRepository(SourceFileErrorEntity)
    .find({ where: { fileId: f.id }, order: { lineNo: 'ASC' }, take: ERRORS_RETURNED });
  return { ...fileResult(f), alreadyImported: true, errors: errors.map((e) => ({ line: e.lineNo, reason: e.reason })) };
}
