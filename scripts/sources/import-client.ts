/**
 * A small client for the registry's client-streaming `ImportSourceFile` (the generic typed client
 * of @wuhai/contracts handles unary calls only): sends one extract in chunks, honouring the
 * stream's backpressure, with a deadline, and stops sending as soon as the registry has answered
 * (a file already imported is answered after its first chunk).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { clientConstructor, type ImportSourceChunkMsg, type ImportSourceResultMsg } from '@wuhai/contracts';

/**
 * Bytes per chunk: far below gRPC's 4 MB message limit, large enough to keep the stream busy. (256
 * KiB cut the transfer's CPU by about a third, but gRPC holds up to 16 messages in flight at each
 * end, so the memory held during an import grew by several MB: the large-file test's bound.)
 */
export const CHUNK_BYTES = 64 * 1024;
/** Bytes read at a time when hashing a file. */
const HASH_READ_BYTES = 1 << 20;

export interface SourceImportClient {
  /**
   * Streams `data` as the file `fileName` of `source`.
   * @param sha256 the file's SHA-256 (hex) when known: a file already imported is answered at once
   * @returns the registry's result (rows loaded / rejected, already imported, first bad lines)
   * @throws the gRPC ServiceError of a refused file (INVALID_ARGUMENT with `x-error-code`,
   *   PERMISSION_DENIED, …) or DEADLINE_EXCEEDED after `timeoutMs`
   */
  importStream(
    request: { source: string; fileName: string; data: AsyncIterable<Uint8Array>; sha256?: string },
    options: { metadata: Record<string, string>; timeoutMs?: number },
  ): Promise<ImportSourceResultMsg>;
  /** Hashes the file (a first streaming read), then streams it (a second one). */
  importFile(
    filePath: string,
    source: string,
    options: { metadata: Record<string, string>; timeoutMs?: number },
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
      let wakeWriter: (() => void) | undefined;
      const call = method.call(raw, md, { deadline: new Date(Date.now() + (options.timeoutMs ?? 600_000)) }, (err: grpc.ServiceError | null, res: ImportSourceResultMsg) => {
        answered = true;
        wakeWriter?.();
        if (err) reject(err);
        else resolve(res);
      });
      /** Resolves on 'drain', or when the call has been answered (then no 'drain' may come). */
      const drained = () =>
        new Promise<void>((resolveDrain) => {
          const done = () => {
            call.off('drain', done);
            wakeWriter = undefined;
            resolveDrain();
          };
          wakeWriter = done;
          call.on('drain', done);
          if (answered) done();
        });
      void (async () => {
        let first = true;
        const head = { fileName: request.fileName, source: request.source, sha256: request.sha256 ?? '' };
        for await (const piece of rechunk(request.data)) {
          if (answered) return;
          const msg: ImportSourceChunkMsg = first ? { ...head, data: piece, last: false } : { fileName: '', source: '', sha256: '', data: piece, last: false };
          first = false;
          if (!call.write(msg)) await drained();
        }
        if (answered) return;
        // the final chunk says the file is complete (an empty file still names itself in it)
        call.write(first ? { ...head, data: Buffer.alloc(0), last: true } : { fileName: '', source: '', sha256: '', data: Buffer.alloc(0), last: true });
        call.end();
      })().catch((err: unknown) => {
        // the data could not be read: cancel the call, so the registry stores nothing
        call.cancel();
        if (!answered) {
          answered = true;
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
    });

  return {
    importStream,
    async importFile(filePath, source, options) {
      const sha256 = await sha256OfFile(filePath);
      return importStream(
        { source, fileName: path.basename(filePath), sha256, data: createReadStream(filePath, { highWaterMark: CHUNK_BYTES }) },
        options,
      );
    },
    close: () => raw.close(),
  };
}

/** SHA-256 (hex) of a file, read 1 MiB at a time into one buffer. */
export async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(HASH_READ_BYTES);
  const file = await open(filePath, 'r');
  try {
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

/** Cuts or passes pieces so that none is larger than {@link CHUNK_BYTES}. */
async function* rechunk(data: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const piece of data) {
    const buf = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
    for (let at = 0; at < buf.length; at += CHUNK_BYTES) yield buf.subarray(at, at + CHUNK_BYTES);
  }
}
