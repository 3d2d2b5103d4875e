import { z } from 'zod';
import type { ImportSourceChunkMsg, ImportSourceResultMsg, SourceFileMsg } from '@wuhai/contracts';
import { requireDepartment, systemClock, type Clock, type Handlers, type ServiceDeps } from '@wuhai/service-kit';
import type { RegistryConfig } from '../../config';
import { importSourceFile, type ImportSourceFileResult } from '../../application/import-source-file.use-case';
import { listSourceFiles } from '../../application/list-source-files.use-case';
import { dataAfterLast, emptyFile, incompleteStream } from '../../domain/source-import.errors';
import { SOURCES } from '../../domain/verification-sources';
import type { SourceFileRow } from '../../persistence/source-tables.entities';

/** What the first chunk of an import must name (later chunks only carry data). */
const sha256Schema = z.union([z.literal(''), z.string().regex(/^[0-9a-f]{64}$/)]);
const firstChunkSchema = z.object({
  fileName: z.string().trim().min(1).max(255),
  source: z.string().min(1).max(40),
  sha256: sha256Schema,
});
/** The final chunk (`last`) may announce the SHA-256 of all the file's bytes, checked before the commit. */
const lastChunkSchema = z.object({ sha256: sha256Schema });

const listRequestSchema = z.object({
  source: z.union([z.literal(''), z.enum(SOURCES)]),
  limit: z.number().int().min(0).max(100),
  offset: z.number().int().min(0),
});

/**
 * The registry's verification-source handlers: `ImportSourceFile` (client-streaming: the chunks of
 * one extract) and `ListSourceFiles`. Registered with the registry's other handlers.
 */
export function sourceImportHandlers(
  deps: ServiceDeps<RegistryConfig>,
  clock: Clock = systemClock,
): Pick<Handlers<'registry'>, 'ImportSourceFile' | 'ListSourceFiles'> {
  return {
    ImportSourceFile: async (requests, ctx) => {
      const caller = ctx.caller();
      // refuse before reading any byte of the file
      requireDepartment(caller, 'registry');
      const chunks = requests[Symbol.asyncIterator]();
      const first = await chunks.next();
      if (first.done) throw emptyFile();
      const head = firstChunkSchema.parse(first.value);
      /** The SHA-256 the final chunk announced ('' when none). */
      let announcedLast = '';
      /**
       * The file's bytes. Only a chunk marked `last` completes the file: a stream that merely ends
       * may have been cut off (grpc-js can report a cancelled call's end as a half-close), so it
       * fails here, inside the import, which then rolls back.
       */
      async function* data(): AsyncGenerator<Uint8Array> {
        let chunk = first.value as ImportSourceChunkMsg;
        for (;;) {
          if (chunk.last) announcedLast = lastChunkSchema.parse(chunk).sha256;
          yield chunk.data;
          const next = await chunks.next();
          if (chunk.last) {
            if (!next.done) throw dataAfterLast();
            return;
          }
          if (next.done) throw incompleteStream();
          chunk = next.value;
        }
      }
      const result = await importSourceFile(
        { ds: deps.ds, clock },
        { source: head.source, fileName: head.fileName, sha256: head.sha256 || undefined, data: data(), sha256AtEnd: () => announcedLast || undefined },
        caller,
      );
      return toResultMsg(result);
    },
    ListSourceFiles: async (req, ctx) => {
      const q = listRequestSchema.parse(req);
      const { files, total } = await listSourceFiles(
        deps.ds,
        { source: q.source || null, limit: q.limit || 20, offset: q.offset },
        ctx.caller(),
      );
      return { files: files.map(toSourceFileMsg), total: String(total) };
    },
  };
}

function toResultMsg(r: ImportSourceFileResult): ImportSourceResultMsg {
  return {
    fileId: r.fileId,
    source: r.source,
    fileName: r.fileName,
    rowsLoaded: String(r.rowsLoaded),
    rowsRejected: String(r.rowsRejected),
    alreadyImported: r.alreadyImported,
    errors: r.errors,
    sha256: r.sha256,
    importedAt: r.importedAt.toISOString(),
    importedBy: r.importedBy,
  };
}

function toSourceFileMsg(f: SourceFileRow): SourceFileMsg {
  return {
    id: f.id,
    source: f.source,
    fileName: f.fileName,
    sha256: f.sha256,
    importedAt: f.importedAt.toISOString(),
    importedBy: f.importedBy,
    rowsLoaded: String(f.rowsLoaded),
    rowsRejected: String(f.rowsRejected),
  };
}
