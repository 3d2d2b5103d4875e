/** Errors of importing a verification-source extract; each refuses the whole file (nothing is stored). */
import { DomainError } from '@wuhai/contracts';

/** The source named is none of the eight (invalid). */
export const unknownSource = (source: string) =>
  new DomainError('SOURCES.UNKNOWN_SOURCE', 'invalid', `未知的核对数据来源「${source}」`, `unknown verification source "${source}"`, [
    {
      path: 'source',
      code: 'SOURCES.UNKNOWN_SOURCE',
      message: '须为 hukou, tax, social-insurance, real-estate, business, housing-fund, vehicles, banks 之一 / must be one of the eight sources',
    },
  ]);

/** The header lacks contract columns; names each (invalid, fields `header.<column>`). */
export const missingColumns = (source: string, columns: string[]) =>
  new DomainError(
    'SOURCES.MISSING_COLUMNS',
    'invalid',
    `${source} 文件的表头缺少列：${columns.join(', ')}`,
    `the header of the ${source} file lacks the column(s) ${columns.join(', ')}; nothing was imported`,
    columns.map((c) => ({ path: `header.${c}`, code: 'SOURCES.MISSING_COLUMNS', message: `缺少列 ${c} / column ${c} is missing` })),
  );

/** The header names a contract column twice (invalid). */
export const duplicateColumns = (source: string, columns: string[]) =>
  new DomainError(
    'SOURCES.DUPLICATE_COLUMNS',
    'invalid',
    `${source} 文件的表头有重复列：${columns.join(', ')}`,
    `the header of the ${source} file names ${columns.join(', ')} more than once; nothing was imported`,
    columns.map((c) => ({ path: `header.${c}`, code: 'SOURCES.DUPLICATE_COLUMNS', message: `列 ${c} 重复 / column ${c} appears twice` })),
  );

/** The file has no header row (invalid). */
export const emptyFile = () =>
  new DomainError('SOURCES.EMPTY_FILE', 'invalid', '文件为空（没有表头行）', 'the file is empty: it has no header row; nothing was imported');

/** A record over 1 MiB: an unclosed quote swallowing the file (invalid). */
export const recordTooLong = (line: number) =>
  new DomainError(
    'SOURCES.RECORD_TOO_LONG',
    'invalid',
    `第 ${line} 行附近的记录过长（引号未闭合？），文件未导入`,
    `the record near line ${line} is longer than 1 MiB (an unclosed quote?); nothing was imported`,
  );

/** csv-parse gave up on a line in a way that would lose later lines (invalid). */
export const unreadableCsv = (line: number, detail: string) =>
  new DomainError('SOURCES.UNREADABLE_CSV', 'invalid', `第 ${line} 行无法解析，文件未导入`, `line ${line} cannot be read as CSV (${detail}); nothing was imported`);

/** The bytes received do not hash to the SHA-256 announced (invalid). */
export const checksumMismatch = () =>
  new DomainError(
    'SOURCES.CHECKSUM_MISMATCH',
    'invalid',
    '收到的文件与声明的 SHA-256 不符，文件未导入',
    'the bytes received do not have the SHA-256 announced with them; nothing was imported',
    [{ path: 'sha256', code: 'SOURCES.CHECKSUM_MISMATCH', message: 'SHA-256 不符 / SHA-256 does not match' }],
  );

/** The gRPC stream ended without the chunk marked `last`: the file was cut off (invalid). */
export const incompleteStream = () =>
  new DomainError(
    'SOURCES.INCOMPLETE_FILE',
    'invalid',
    '文件流在最后一块之前结束（被中断？），文件未导入',
    'the stream ended before its final chunk (last = true): the file was cut off; nothing was imported',
  );

/** Chunks came after the one marked `last` (invalid). */
export const dataAfterLast = () =>
  new DomainError('SOURCES.DATA_AFTER_LAST', 'invalid', '最后一块之后还有数据，文件未导入', 'chunks came after the final chunk (last = true); nothing was imported');
