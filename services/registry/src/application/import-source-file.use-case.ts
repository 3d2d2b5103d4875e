import { isAscii, isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { DataSource } from 'typeorm';
import { parse, type CsvError, type Options as CsvOptions } from 'csv-parse';
import { cityDate, requireDepartment, type Caller, type Clock } from '@wuhai/service-kit';
import { headerIndexes, isSourceName, sourceRecordCheck, type SourceName } from '../domain/verification-sources';
import { checksumMismatch, emptyFile, recordTooLong, unknownSource, unreadableCsv } from '../domain/source-import.errors';
import { SourceLoad } from '../persistence/source-load';
import { fastLineBytesCheck, fastLineCheck, fastRecordCheck } from '../domain/source-fast-check';
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
  /** SHA-256 (hex) the sender announced before the data, if any: answered at once when already imported, checked otherwise. */
  sha256?: string;
  /**
   * The SHA-256 (hex) the sender announced with the end of the data, if any (read once `data` is
   * done): checked before anything is stored.
   */
  sha256AtEnd?: () => string | undefined;
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
 * counts. That is decided at once when the sender announced the SHA-256 before the data, otherwise
 * at the commit, once the file's bytes have been hashed (its load is then rolled back). Memory
 * does not grow with the file.
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

  const today = cityDate(deps.clock.now());
  const check = sourceRecordCheck(source, today);
  const quick = fastRecordCheck(source, today);
  const quickLine = fastLineCheck(source, today);
  const quickBytes = fastLineBytesCheck(source, today);
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
    /** The header lists exactly the contract's columns in its order: a good line goes to COPY as it came. */
    let asIs = false;
    /** The line the next record starts on (csv-parse's own count is off after a CRLF inside quotes). */
    let line = 1;

    /** One record: the header, an empty line, or a data record (checked, then loaded or reported). */
    const onRecord = (record: string[], breaks: number): Promise<void> | undefined => {
      const start = line;
      line += 1 + breaks;
      if (record.length === 1 && record[0] === '') return undefined; // an empty line (every source has 3+ columns)
      if (!indexes) {
        indexes = headerIndexes(source, record);
        headerWidth = record.length;
        asIs = headerWidth === indexes.length && indexes.every((at, i) => at === i);
        return undefined;
      }
      if (breaks > 0) {
        return rejectSpan(reject, start, start + breaks, '引号内的值跨行（引号未闭合？）/ a quoted value runs over several lines (an unclosed quote?)');
      }
      if (record.length !== headerWidth) {
        return reject(start, `有 ${record.length} 个字段，表头有 ${headerWidth} 个 / has ${record.length} fields, the header has ${headerWidth}`);
      }
      const checked = check(pick(record, indexes));
      return checked.ok ? load.addRow(start, checked.values) : reject(start, checked.reason);
    };

    /**
     * A plain line (no quote, no line break, not too long): split at the commas. A good line whose
     * values are stored as written goes to COPY as it came (its bytes, when given); any other goes
     * through `onRecord`.
     */
    const onPlainLine: PlainLineHandler = (given, bytes, start, end) => {
      if (asIs && indexes && bytes && quickBytes(bytes, start, end)) return load.addLineBytes(line++, bytes, start, end);
      const text = given ?? bytes!.toString('utf8', start, end);
      if (indexes && text !== '') {
        if (asIs) {
          // (a line whose bytes were checked is not good as it stands: the text would not be either)
          return !bytes && quickLine(text) ? load.addLine(line++, text) : onRecord(text.split(','), 0);
        }
        const values = text.split(',');
        if (values.length === headerWidth) {
          const picked = pick(values, indexes);
          if (quick(picked)) return load.addLine(line++, picked.join(','));
        }
        return onRecord(values, 0);
      }
      return onRecord(text.split(','), 0);
    };

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
    const bytes = hashed(command.data, hash)[Symbol.asyncIterator]();
    const rest = await readPlainLines(bytes, onPlainLine);
    /** The file's line where csv-parse starts (its own line numbers count from there). */
    const parsedFrom = line;
    if (rest) {
      // from the first line that is not plain, csv-parse reads the rest of the file
      // the delimiter csv-parse would have found: passed on once a line was read with it outside quotes
      const options: CsvOptions = { ...csvOptions, bom: rest.atStart, ...(rest.delimiter && !rest.atStart ? { record_delimiter: rest.delimiter } : {}) };
      await pipeline(remainder(rest.head, bytes), parse(options), async (records: AsyncIterable<string[]>) => {
        for await (const record of records) {
          const breaks = record.length === 1 && record[0] === '' ? 0 : lineBreaksIn(record);
          const pending = onRecord(record, breaks);
          if (pending) await pending;
        }
      });
    }

    for (const skip of skips) {
      if (skip.code === 'CSV_QUOTE_NOT_CLOSED' && indexes) {
        // only at the end of the file: every line from the last record on belongs to the open value
        const last = typeof skip.lines === 'number' ? Math.max(skip.lines + parsedFrom - 1, line) : line;
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
    const atEnd = command.sha256AtEnd?.();
    if (atEnd && atEnd !== sha256) throw checksumMismatch();
    const outcome = await load.finish({ sha256, fileName: command.fileName, importedBy: caller.username });
    if (!outcome.stored) return alreadyImported(deps.ds, outcome.existing);
    return { ...fileResult(outcome.file), alreadyImported: false, errors: firstErrors };
  } catch (err) {
    await load.abort();
    throw err;
  }
}

/**
 * Receives a plain line: its bytes `bytes[start, end)` when the block it came in is valid UTF-8
 * (else undefined, and start and end are 0), and its text unless it is made only on demand
 * (undefined: decode the bytes). At least one of the two is given.
 */
type PlainLineHandler = (text: string | undefined, bytes: Buffer | undefined, start: number, end: number) => Promise<void> | undefined;

/** Longest line read without csv-parse; a longer one (or one near csv-parse's record limit) goes to it. */
const MAX_PLAIN_LINE = 64 * 1024;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Where csv-parse takes over: the bytes from the first line that is not plain, and what was seen before it. */
interface Remainder {
  head: Buffer[];
  /** The record delimiter found so far (csv-parse's own discovery: the first CRLF, LF or CR). */
  delimiter: string | undefined;
  /** Nothing was read as plain lines yet (csv-parse then also looks for a byte-order mark). */
  atStart: boolean;
}

/**
 * Reads the file line by line for as long as every line is plain — no quote, no line break other
 * than the file's record delimiter, at most {@link MAX_PLAIN_LINE} characters — handing each line
 * (without its delimiter) to `onLine`. CSV without quotes is one record per line, values between
 * the commas, so this reads exactly what csv-parse would (same delimiter discovery, a UTF-8
 * byte-order mark skipped), only faster. At the first line that is not plain it stops and returns
 * the bytes from there, for csv-parse to read the rest exactly as it always did; returns undefined
 * when the whole file was read.
 */
async function readPlainLines(bytes: AsyncIterator<Uint8Array>, onLine: PlainLineHandler): Promise<Remainder | undefined> {
  let carry: Buffer = Buffer.alloc(0);
  let delimiter: string | undefined;
  let started = false;
  let atStart = true;
  for (;;) {
    const next = await bytes.next();
    const done = next.done === true;
    let buf: Buffer = done ? carry : carry.length ? Buffer.concat([carry, next.value]) : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    if (!started) {
      if (buf.length < 3 && !done) {
        carry = buf;
        continue;
      }
      started = true;
      if (buf.subarray(0, 3).equals(UTF8_BOM)) buf = buf.subarray(3);
      else if (buf[0] === 0xff || buf[0] === 0xfe) return { head: [buf], delimiter, atStart: true }; // another encoding's mark: csv-parse's
    }
    if (delimiter === undefined) {
      const lf = buf.indexOf(0x0a);
      const cr = buf.indexOf(0x0d);
      const first = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
      // a CR at the very end: CRLF or CR depends on the next byte
      if (first >= 0 && !(buf[first] === 0x0d && first === buf.length - 1 && !done)) {
        delimiter = buf[first] === 0x0a ? '\n' : buf[first + 1] === 0x0a ? '\r\n' : '\r';
      }
    }
    // whole lines only are decoded (a delimiter is ASCII, so no character is cut in two)
    const lastEnd = delimiter === undefined ? -1 : buf.lastIndexOf(delimiter);
    const cut = done ? buf.length : lastEnd < 0 ? 0 : lastEnd + delimiter!.length;
    if (cut <= 0 && !done) {
      if (buf.length > MAX_PLAIN_LINE) return { head: [buf], delimiter, atStart };
      carry = buf;
      continue;
    }
    const block = buf.subarray(0, cut);
    carry = buf.subarray(cut);
    // lines are handed on as bytes when they decode to their text exactly: valid UTF-8 (invalid
    // bytes decode to U+FFFD, and only the text is handed on then)
    const valid = isUtf8(block);
    if (valid && delimiter === '\n' && block.indexOf(0x22) < 0 && block.indexOf(0x0d) < 0) {
      // an LF block without a quote or CR (the common case): every line is plain unless too long,
      // and is read on its bytes (a line break is one byte, never part of a character)
      let at = 0;
      while (at < cut) {
        const found = block.indexOf(0x0a, at);
        const end = found < 0 ? cut : found;
        // a line's characters are at most its bytes
        if (end - at > MAX_PLAIN_LINE && buf.toString('utf8', at, end).length > MAX_PLAIN_LINE) {
          return { head: [buf.subarray(at, cut), carry], delimiter, atStart: atStart && at === 0 };
        }
        const pending = onLine(undefined, buf, at, end);
        if (pending) await pending;
        atStart = false;
        at = found < 0 ? cut : end + 1;
      }
    } else {
      const text = buf.toString('utf8', 0, cut);
      const plainBlock = delimiter === '\n' && !text.includes('"') && !text.includes('\r');
      const ascii = valid && isAscii(block);
      let pos = 0;
      let bytePos = 0;
      while (pos < text.length) {
        // every line of `text` ends with the delimiter, except the file's last line
        const found = delimiter === undefined ? -1 : text.indexOf(delimiter, pos);
        const end = found < 0 ? text.length : found;
        const lineText = text.slice(pos, end);
        // where the line's bytes end: at the same offset in ASCII, else at the same line break
        let byteEnd = 0;
        if (valid) {
          const at = ascii || found < 0 ? -1 : buf.indexOf(delimiter!, bytePos);
          byteEnd = ascii ? end : at < 0 || at > cut ? cut : at;
        }
        if (
          lineText.length > MAX_PLAIN_LINE ||
          (!plainBlock && (lineText.includes('"') || (delimiter !== '\n' && lineText.includes('\n')) || (delimiter !== '\r' && lineText.includes('\r'))))
        ) {
          return { head: [Buffer.from(text.slice(pos), 'utf8'), carry], delimiter, atStart: atStart && pos === 0 };
        }
        const pending = valid ? onLine(lineText, buf, bytePos, byteEnd) : onLine(lineText, undefined, 0, 0);
        if (pending) await pending;
        atStart = false;
        pos = found < 0 ? text.length : end + delimiter!.length;
        bytePos = byteEnd + (delimiter?.length ?? 0);
      }
    }
    if (done) return undefined;
  }
}

/** The bytes csv-parse reads: what the plain reading stopped at, then the rest of the stream. */
async function* remainder(head: Buffer[], bytes: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  for (const b of head) if (b.length) yield b;
  for (;;) {
    const next = await bytes.next();
    if (next.done) return;
    yield next.value;
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
