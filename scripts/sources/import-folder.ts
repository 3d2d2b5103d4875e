/**
 * Imports every verification-source extract of a folder into the registry (the work of
 * `pnpm sources:import <folder>`), one file after the other, and describes each outcome. Each file
 * is one call, loaded and committed on its own; the next file is sent while the registry finishes
 * the one before ({@link inTurn}).
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { fromGrpcError, signStaffToken } from '@wuhai/service-kit';
import type { ImportSourceResultMsg } from '@wuhai/contracts';
import { createSourceImportClient } from './import-client';
import { SOURCE_FILES, SOURCE_NAMES, type SourceName } from './formats';

export interface ImportFolderOptions {
  folder: string;
  registryAddress: string;
  jwtSecret: string;
  /** Receives each line of the report. */
  out: (line: string) => void;
  /** Bad lines shown per file (all are stored); default 10. */
  showErrors?: number;
  /** Deadline per file, ms; default 10 minutes. */
  timeoutMs?: number;
}

/** What happened to one file: the registry's result, or why it refused the file. */
export type FileOutcome =
  | { file: string; source: SourceName; ok: true; result: ImportSourceResultMsg; ms: number }
  | { file: string; source: SourceName; ok: false; code: string; message: string };

/**
 * Finds the folder's files named as the contract names them (`hukou.csv`, `tax.csv`, …; other
 * files are ignored), streams each to the registry's `ImportSourceFile` as a `system` caller, and
 * reports rows loaded / rejected / already imported and the first bad lines.
 * @returns one outcome per file found, in the contract's order (empty when none is there)
 * @throws Error when the folder cannot be read
 */
export async function importFolder(o: ImportFolderOptions): Promise<FileOutcome[]> {
  const present = new Set(fs.readdirSync(o.folder));
  const found = SOURCE_NAMES.filter((s) => present.has(SOURCE_FILES[s].file));
  const token = signStaffToken({ staffId: 'sources-import', username: 'sources-import', department: 'system', area: '*', role: 'system' }, o.jwtSecret, 3600);
  const metadata = { authorization: `Bearer ${token}` };
  const client = createSourceImportClient(o.registryAddress);
  try {
    return await inTurn(
      found,
      async (source, onSent): Promise<FileOutcome> => {
        const file = SOURCE_FILES[source].file;
        const started = Date.now();
        try {
          const result = await client.importFile(path.join(o.folder, file), source, { metadata, timeoutMs: o.timeoutMs, onSent });
          return { file, source, ok: true, result, ms: Date.now() - started };
        } catch (err) {
          const e = err as grpc.ServiceError;
          const { code, message } = typeof e.code === 'number' && e.metadata ? fromGrpcError(e) : { code: 'ERROR', message: String(err) };
          return { file, source, ok: false, code, message };
        }
      },
      (outcome) => {
        if (outcome.ok) describe(o, outcome.file, outcome.result, outcome.ms);
        else o.out(`${outcome.file}: refused — ${outcome.code}: ${outcome.message}`);
      },
    );
  } finally {
    client.close();
  }
}

/**
 * Runs `start` for each item in order, each to its end on its own (for a file: its own call and
 * transaction), but starts the next item as soon as the one before has called `sent` (for a file:
 * all its bytes are handed to gRPC) instead of when it has finished: while the registry and
 * PostgreSQL finish a file (its last rows, the build of its index, the commit), the next one is
 * already being sent and checked. At most two items run at once. `onDone` receives each result in
 * the order of `items`, as soon as it and those before it are done.
 * @returns the results, in the order of `items`
 * @throws what `start` throws (it should turn a failure into a result; the items after are not started then)
 */
export async function inTurn<T, R>(items: readonly T[], start: (item: T, sent: () => void) => Promise<R>, onDone?: (result: R) => void): Promise<R[]> {
  const running: Promise<R>[] = [];
  let reported: Promise<unknown> = Promise.resolve();
  for (const item of items) {
    // at most two at once: the one before this one's predecessor has finished
    if (running.length >= 2) await running[running.length - 2];
    let sent!: () => void;
    const whenSent = new Promise<void>((resolve) => (sent = resolve));
    const result = start(item, sent);
    running.push(result);
    reported = reported.then(() => result).then((r) => onDone?.(r));
    await Promise.race([whenSent, result]);
  }
  await reported;
  return Promise.all(running);
}

function describe(o: ImportFolderOptions, file: string, r: ImportSourceResultMsg, ms: number): void {
  const n = (v: string) => Number(v).toLocaleString('en-US');
  if (r.alreadyImported) {
    o.out(`${file}: already imported (file ${r.fileId}, ${r.importedAt} by ${r.importedBy}: ${n(r.rowsLoaded)} rows loaded, ${n(r.rowsRejected)} rejected) — nothing loaded`);
  } else {
    const rate = ms > 0 ? `, ${Math.round((Number(r.rowsLoaded) + Number(r.rowsRejected)) / (ms / 1000)).toLocaleString('en-US')} rows/s` : '';
    o.out(`${file}: ${n(r.rowsLoaded)} rows loaded, ${n(r.rowsRejected)} rejected (file ${r.fileId}, ${(ms / 1000).toFixed(1)} s${rate})`);
  }
  const shown = r.errors.slice(0, o.showErrors ?? 10);
  for (const e of shown) o.out(`  line ${e.line}: ${e.reason}`);
  const more = Number(r.rowsRejected) - shown.length;
  if (more > 0) o.out(`  … and ${n(String(more))} more bad lines (all are stored with the file)`);
}
