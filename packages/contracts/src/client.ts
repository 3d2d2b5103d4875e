import * as grpc from '@grpc/grpc-js';
import { clientConstructor, type ServiceName } from './proto';
import type { ServiceMethods } from './messages';

/** Per-call options: every call has a deadline (DESIGN.md §12). */
export interface CallOptions {
  /** Milliseconds until the deadline; default 5000. */
  timeoutMs?: number;
  /** Metadata to send, e.g. the caller's identity (`authorization`, `x-correlation-id`). */
  metadata?: Record<string, string>;
}

export type TypedClient<S extends ServiceName> = {
  [M in keyof ServiceMethods[S]]: ServiceMethods[S][M] extends [infer Req, infer Res]
    ? (request: Req, options?: CallOptions) => Promise<Res>
    : never;
} & { close(): void; raw: grpc.Client };

/**
 * A promise-based, typed client for one platform service.
 * @param name the service (`registry`, `civil-affairs`, …)
 * @param address `host:port`
 * @returns methods that reject with the gRPC `ServiceError` (code, details, metadata) on failure
 */
export function createClient<S extends ServiceName>(name: S, address: string): TypedClient<S> {
  const Ctor = clientConstructor(name);
  const raw = new Ctor(address, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': 16 * 1024 * 1024,
  });
  const typed: Record<string, unknown> = { raw, close: () => raw.close() };
  for (const method of Object.keys(Ctor.service)) {
    typed[method] = (request: unknown, options: CallOptions = {}) =>
      new Promise((resolve, reject) => {
        const md = new grpc.Metadata();
        for (const [k, v] of Object.entries(options.metadata ?? {})) md.set(k, v);
        const deadline = new Date(Date.now() + (options.timeoutMs ?? 5000));
        const fn = (raw as unknown as Record<string, Function>)[method]!;
        fn.call(raw, request, md, { deadline }, (err: grpc.ServiceError | null, res: unknown) =>
          err ? reject(err) : resolve(res),
        );
      });
  }
  return typed as TypedClient<S>;
}
