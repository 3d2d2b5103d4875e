import * as grpc from '@grpc/grpc-js';
import { clientConstructor, type ServiceName } from './proto';
import type { ServerStreamingMethods, ServiceMethods } from './messages';
import { ERROR_CODE_KEY, ERROR_FIELDS_KEY } from './errors';
import type { FieldError } from './validation';

/** Per-call options: every call has a deadline (DESIGN.md §12). */
export interface CallOptions {
  /** Milliseconds until the deadline; default 5000. */
  timeoutMs?: number;
  /** Metadata to send, e.g. the caller's identity (`authorization`, `x-correlation-id`). */
  metadata?: Record<string, string>;
}

/** Options of a server-streaming call. */
export interface StreamCallOptions {
  /** Milliseconds until the deadline; default 600 000 (a stream may run for minutes). */
  timeoutMs?: number;
  /** An absolute deadline (epoch ms or Date), e.g. the deadline of the call being served; wins over `timeoutMs`. */
  deadline?: number | Date;
  /** Metadata to send, e.g. the caller's identity (`authorization`, `x-correlation-id`). */
  metadata?: Record<string, string>;
  /** Cancels the call when aborted (e.g. whoever reads the results has gone). */
  signal?: AbortSignal;
}

/** Default deadline of a server-streaming call. */
export const STREAM_TIMEOUT_MS = 600_000;

type ServerStreamingOf<S extends ServiceName> = S extends keyof ServerStreamingMethods ? ServerStreamingMethods[S] : Record<never, never>;

/** The server-streaming methods of a typed client: each returns the responses as an async generator. */
export type ServerStreamingClient<S extends ServiceName> = {
  [M in keyof ServerStreamingOf<S>]: ServerStreamingOf<S>[M] extends [infer Req, infer Res]
    ? (request: Req, options?: StreamCallOptions) => AsyncGenerator<Res, void, undefined>
    : never;
};

export type TypedClient<S extends ServiceName> = {
  [M in keyof ServiceMethods[S]]: ServiceMethods[S][M] extends [infer Req, infer Res]
    ? (request: Req, options?: CallOptions) => Promise<Res>
    : never;
} & ServerStreamingClient<S> & { close(): void; raw: grpc.Client };

/**
 * A promise-based, typed client for one platform service.
 * @param name the service (`registry`, `civil-affairs`, …)
 * @param address `host:port`
 * @returns methods that reject with the gRPC `ServiceError` (code, details, metadata) on failure;
 *   server-streaming methods (see {@link ServerStreamingMethods}) return an async generator of the
 *   responses instead (see {@link serverStreamingCall})
 */
export function createClient<S extends ServiceName>(name: S, address: string): TypedClient<S> {
  const Ctor = clientConstructor(name);
  const raw = new Ctor(address, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': 16 * 1024 * 1024,
  });
  const typed: Record<string, unknown> = { raw, close: () => raw.close() };
  for (const method of Object.keys(Ctor.service)) {
    const def = Ctor.service[method]!;
    if (def.responseStream && !def.requestStream) {
      typed[method] = (request: unknown, options: StreamCallOptions = {}) => serverStreamingCall(raw, method, def, request, options);
      continue;
    }
    typed[method] = (request: unknown, options: CallOptions = {}) =>
      new Promise((resolve, reject) => {
        const altered = alteredBySerialization(request, def.requestDeserialize(def.requestSerialize(request)));
        if (altered.length) return reject(notWholeNumbers(altered));
        const md = new grpc.Metadata();
        for (const [k, v] of Object.entries(options.metadata ?? {})) md.set(k, v);
        const deadline = new Date(Date.now() + (options.timeoutMs ?? 5000));
        const fn = (raw as unknown as Record<string, (...args: unknown[]) => void>)[method]!;
        fn.call(raw, request, md, { deadline }, (err: grpc.ServiceError | null, res: unknown) =>
          err ? reject(err) : resolve(res),
        );
      });
  }
  return typed as TypedClient<S>;
}

/**
 * Calls a server-streaming method of `raw` (any grpc-js client; `def` its method definition) and
 * yields its responses in order. The call starts on the first
 * `next()`; responses are read only as fast as the generator is consumed (grpc-js asks the
 * server for the next message only when its buffer has room, so HTTP/2 flow control slows the
 * server down). Leaving the loop early (break, throw, `return()`) or aborting `options.signal`
 * cancels the call.
 * @throws the gRPC `ServiceError` the stream ended with (after the responses before it were
 *   yielded); INVALID_ARGUMENT `VALIDATION.NOT_A_WHOLE_NUMBER` locally, before any call, when
 *   serialization would change a number of the request
 */
export async function* serverStreamingCall(
  raw: grpc.Client,
  method: string,
  def: grpc.MethodDefinition<unknown, unknown>,
  request: unknown,
  options: StreamCallOptions,
): AsyncGenerator<unknown, void, undefined> {
  const altered = alteredBySerialization(request, def.requestDeserialize(def.requestSerialize(request)));
  if (altered.length) throw notWholeNumbers(altered);
  const md = new grpc.Metadata();
  for (const [k, v] of Object.entries(options.metadata ?? {})) md.set(k, v);
  const deadline = options.deadline ?? Date.now() + (options.timeoutMs ?? STREAM_TIMEOUT_MS);
  const fn = (raw as unknown as Record<string, (...args: unknown[]) => grpc.ClientReadableStream<unknown>>)[method]!;
  const call = fn.call(raw, request, md, { deadline });
  // grpc-js emits the final status as 'error' even after the reader has left (e.g. CANCELLED after
  // our own cancel): without a listener of its own that emit would be an uncaught exception
  call.on('error', () => undefined);
  const cancel = () => call.cancel();
  options.signal?.addEventListener('abort', cancel, { once: true });
  if (options.signal?.aborted) call.cancel();
  let complete = false;
  try {
    for await (const message of call) yield message;
    complete = true;
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    if (!complete) call.cancel();
  }
}

/**
 * Paths of the numbers in `sent` that serialization changed. protobufjs silently truncates a value
 * it writes to an integer field (`12.5` fen → `12`, `"abc"` → `0`, beyond int64 → clamped); a
 * caller's number must reach the service as given or not at all. Compares each numeric leaf (a
 * number, or a string that a proto integer field would parse) with its decoded round trip.
 */
function alteredBySerialization(sent: unknown, decoded: unknown, path: string[] = []): string[] {
  if (Array.isArray(sent)) {
    const back = Array.isArray(decoded) ? decoded : [];
    return sent.flatMap((v, i) => alteredBySerialization(v, back[i], [...path, String(i)]));
  }
  if (sent !== null && typeof sent === 'object') {
    const back = (decoded ?? {}) as Record<string, unknown>;
    return Object.entries(sent).flatMap(([k, v]) => alteredBySerialization(v, back[k], [...path, k]));
  }
  const numericOut = typeof decoded === 'number' || (typeof decoded === 'string' && /^-?\d+$/.test(decoded));
  if (!numericOut || (typeof sent !== 'number' && typeof sent !== 'string')) return [];
  return Number(sent) === Number(decoded) ? [] : [path.join('.')];
}

/** The INVALID_ARGUMENT a call fails with, locally, when serialization would change its numbers. */
function notWholeNumbers(paths: string[]): grpc.ServiceError {
  const fields: FieldError[] = paths.map((path) => ({
    path,
    code: 'VALIDATION.NOT_A_WHOLE_NUMBER',
    message: '必须为整数（金额为整数分，不能有小数）/ must be a whole number (money is whole fen, no fractions)',
  }));
  const metadata = new grpc.Metadata();
  metadata.set(ERROR_CODE_KEY, 'VALIDATION.NOT_A_WHOLE_NUMBER');
  metadata.set(ERROR_FIELDS_KEY, Buffer.from(JSON.stringify(fields)));
  const details = `请求中的数值必须为整数 / whole numbers required: ${paths.join(', ')}`;
  return Object.assign(new Error(`${grpc.status.INVALID_ARGUMENT} INVALID_ARGUMENT: ${details}`), {
    code: grpc.status.INVALID_ARGUMENT,
    details,
    metadata,
  });
}
