/**
 * A small client for the registry's client-streaming `ImportSourceFile` (the generic typed client
 * of @wuhai/contracts handles unary calls only): sends one extract in chunks, honouring the
 * stream's backpressure (and at most {@link MAX_IN_FLIGHT} chunks ahead), with a deadline, hashing the bytes as they go: the file's SHA-256 goes
 * with the final chunk, and the registry refuses the file if what it received hashes otherwise.
 * The file is read once. Whether it was imported before is decided by the registry at the commit
 * (its SHA-256 is then known): the load is rolled back and the first import's result returned.
 * Sending stops as soon as the registry has answered (a file announced with the SHA-256 of one
 * already imported is answered after its first chunk).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { clientConstructor, type ImportSourceChunkMsg, type ImportSourceResultMsg } from '@wuhai/contracts';

/**
 * Bytes per chunk (and per read of the file): far below the 4 MiB gRPC allows a message by default
 * (the registry's server accepts 16 MiB), and large enough that the framing of each message costs
 * little (measured with the client that hashed first: 256 KiB cut the transfer's CPU by about a
 * third against 64 KiB). The registry's gRPC stream holds up to 16 received chunks: with
 * 256 KiB (no faster in the import benchmark at 30 000 households) the large-file test's bound on
 * the memory held was exceeded under load, with 128 KiB it holds.
 */
export const CHUNK_BYTES = 128 * 1024;
/**
 * Chunks handed to gRPC and not yet written out (its writes complete as the registry takes the
 * data, by HTTP/2 flow control): 512 KiB ahead of the registry at most, where gRPC alone would
 * hold 16 chunks.
 */
const MAX_IN_FLIGHT = 4;

export interface ImportOptions {
  /** Sent with the call (the `authorization` bearer token). */
  metadata: Record<string, string>;
  /** Deadline of the call, ms; default 10 minutes. */
  timeoutMs?: number;
  /** Called once nothing more will be sent: the final chunk was handed to gRPC, or the call ended before. */
  onSent?: () => void;
}

export interface SourceImportClient {
  /**
   * Streams `data` as the file `fileName` of `source`, and the SHA-256 of what it sent with the
   * final chunk (the registry checks it).
   * @param sha256 the file's SHA-256 (hex) when known beforehand: sent with the first chunk, so a
   *   file already imported is answered at once
   * @returns the registry's result (rows loaded / rejected, already imported, first bad lines)
   * @throws the gRPC ServiceError of a refused file (INVALID_ARGUMENT with `x-error-code`,
   *   PERMISSION_DENIED, …) or DEADLINE_EXCEEDED after `timeoutMs`
   */
  importStream(
    request: { source: string; fileName: string; data: AsyncIterable<Uint8Array>; sha256?: string },
    options: ImportOptions,
  ): Promise<ImportSourceResultMsg>;
  /** Streams the file, read once in {@link CHUNK_BYTES} pieces. */
  importFile(
    filePath: string,
    source: string,
    options: ImportOptions,
  ): Promise<ImportSourceResultMsg>;
  close(): void;
}

/** Opens a client of the registry at `address` (`host:port`). Default deadline: 10 minutes per file. */
export function createSourceImportClient(address: string): SourceImportClient {
  const Ctor = clientConstructor('registry');
  const raw = new Ctor(address, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': 16 * 1024 * 1024 });
  const method = (raw as unknown as Record<string, (...args: unknown[]) => grpc.ClientWritableStream<ImportSourceChunkMsg>>).ImportSourceFile!;

  const importStream: SourceImportClient['importStream'] = (request, options) =>
    new Promise<ImportSourceResultMsg>((resolve, reject) => {
      const md = new grpc.Metadata();
      for (const [k, v] of Object.entries(options.metadata)) md.set(k, v);
      let answered = false;
      /** Chunks given to the call whose write has not completed yet (gRPC still holds them). */
      let inFlight = 0;
      let wakeWriter: (() => void) | undefined;
      const wake = () => {
        const w = wakeWriter;
        wakeWriter = undefined;
        w?.();
      };
      const call = method.call(raw, md, { deadline: new Date(Date.now() + (options.timeoutMs ?? 600_000)) }, (err: grpc.ServiceError | null, res: ImportSourceResultMsg) => {
        answered = true;
        wake();
        if (err) reject(err);
        else resolve(res);
      });
      call.on('drain', wake);
      const written = () => {
        inFlight--;
        wake();
      };
      /**
       * Resolves once the call takes more: at most {@link MAX_IN_FLIGHT} chunks held and no 'drain'
       * awaited, or the call has been answered (then no write may complete).
       */
      const room = async () => {
        while (!answered && (inFlight >= MAX_IN_FLIGHT || call.writableNeedDrain)) await new Promise<void>((r) => (wakeWriter = r));
      };
      void (async () => {
        let first = true;
        const head = { fileName: request.fileName, source: request.source, sha256: request.sha256 ?? '' };
        const hash = createHash('sha256');
        for await (const piece of rechunk(request.data)) {
          if (answered) return;
          hash.update(piece);
          const msg: ImportSourceChunkMsg = first ? { ...head, data: piece, last: false } : { fileName: '', source: '', sha256: '', data: piece, last: false };
          first = false;
          inFlight++;
          call.write(msg, written);
          await room();
        }
        if (answered) return;
        // the final chunk says the file is complete, with the SHA-256 of all that was sent (an
        // empty file still names itself in it)
        const sha256 = hash.digest('hex');
        call.write(first ? { ...head, sha256: head.sha256 || sha256, data: Buffer.alloc(0), last: true } : { fileName: '', source: '', sha256, data: Buffer.alloc(0), last: true });
        call.end();
      })()
        .catch((err: unknown) => {
          // the data could not be read: cancel the call, so the registry stores nothing
          call.cancel();
          if (!answered) {
            answered = true;
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        })
        .finally(() => options.onSent?.());
    });

  return {
    importStream,
    importFile: (filePath, source, options) =>
      importStream({ source, fileName: path.basename(filePath), data: createReadStream(filePath, { highWaterMark: CHUNK_BYTES }) }, options),
    close: () => raw.close(),
  };
}

/** Cuts or passes pieces so that none is larger than {@link CHUNK_BYTES}. */
async function* rechunk(data: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const piece of data) {
    const buf = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
    for (let at = 0; at < buf.length; at += CHUNK_BYTES) yield buf.subarray(at, at + CHUNK_BYTES);
  }
}
