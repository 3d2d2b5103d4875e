import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { randomUUID } from 'node:crypto';
import { serviceDefinition, type ClientStreamingMethods, type ServiceMethods, type ServiceName } from '@wuhai/contracts';
import { DomainError, toGrpcError } from './errors';
import { callerFromMetadata, type Caller } from './identity';
import type { Logger } from './logger';

/** What a handler knows about its call. */
export interface CallContext {
  metadata: grpc.Metadata;
  correlationId: string;
  /** The verified caller; throws `AUTH.*` (unauthenticated) when the call carries no valid token. */
  caller(): Caller;
  /** Metadata to forward identity and correlation to another service. */
  forward(): Record<string, string>;
}

export type Handlers<S extends ServiceName> = {
  [M in keyof ServiceMethods[S]]: ServiceMethods[S][M] extends [infer Req, infer Res]
    ? (request: Req, ctx: CallContext) => Promise<Res>
    : never;
} & ClientStreamingHandlers<S>;

type ClientStreamingOf<S extends ServiceName> = S extends keyof ClientStreamingMethods ? ClientStreamingMethods[S] : Record<never, never>;

/**
 * Handlers of a service's client-streaming methods: they read the request messages as an async
 * iterable (in order, with backpressure) and answer once. The iterable throws `GRPC.CANCELLED`
 * when it sees the call cancelled or timed out; but grpc-js can also deliver a cancelled call's end
 * as an ordinary end of stream, so a protocol whose messages must arrive complete marks its last
 * message (as ImportSourceFile's `last` does) instead of trusting the end of the stream.
 */
export type ClientStreamingHandlers<S extends ServiceName> = {
  [M in keyof ClientStreamingOf<S>]: ClientStreamingOf<S>[M] extends [infer Req, infer Res]
    ? (requests: AsyncIterable<Req>, ctx: CallContext) => Promise<Res>
    : never;
};

export interface GrpcServerHandle {
  server: grpc.Server;
  port: number;
  health: HealthImplementation;
  /** Reports SERVING / NOT_SERVING for the whole server and the named service. */
  setServing(serving: boolean): void;
  /** NOT_SERVING, then `tryShutdown`, then `forceShutdown` after `graceMs` (DESIGN.md pitfalls). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a gRPC server with `grpc.health.v1` (NOT_SERVING until `setServing(true)`), wrapping each
 * handler so that errors map to statuses (DomainError kinds, zod → INVALID_ARGUMENT, else INTERNAL)
 * and every call is logged with its duration and correlation id. A method the proto declares as
 * client-streaming gets the same mapping and logging; its caller is verified before any message is
 * read (UNAUTHENTICATED without a valid token), see {@link ClientStreamingHandlers}.
 * @param port 0 picks a free port; the bound port is returned
 */
export async function startGrpcServer<S extends ServiceName>(opts: {
  name: S;
  handlers: Handlers<S>;
  host: string;
  port: number;
  jwtSecret: string;
  logger: Logger;
}): Promise<GrpcServerHandle> {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 16 * 1024 * 1024 });
  const health = new HealthImplementation({ '': 'NOT_SERVING', [opts.name]: 'NOT_SERVING' });
  health.addToServer(server);

  const impl: grpc.UntypedServiceImplementation = {};
  const definition = serviceDefinition(opts.name);
  for (const [method, handler] of Object.entries(opts.handlers as Record<string, (req: unknown, ctx: CallContext) => Promise<unknown>>)) {
    if (definition[method]?.requestStream) {
      impl[method] = clientStreamingImpl(method, handler, opts.jwtSecret, opts.logger);
      continue;
    }
    impl[method] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      const { ctx, finish } = beginCall(method, call.metadata, opts.jwtSecret, opts.logger);
      finish(Promise.resolve().then(() => handler(call.request, ctx)), callback);
    };
  }
  server.addService(definition, impl);

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${opts.host}:${opts.port}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );

  const setServing = (serving: boolean) => {
    const s = serving ? 'SERVING' : 'NOT_SERVING';
    health.setStatus('', s);
    health.setStatus(opts.name, s);
  };

  return {
    server,
    port,
    health,
    setServing,
    stop: (graceMs = 5000) =>
      new Promise<void>((resolve) => {
        setServing(false);
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}

/**
 * Wraps a client-streaming handler like the unary ones (context, error mapping, logging). The
 * caller is checked first; the handler then reads the messages from an iterable that fails with
 * `GRPC.CANCELLED` (kind unavailable) when grpc-js reports the call cancelled or timed out.
 */
function clientStreamingImpl(
  method: string,
  handler: (requests: AsyncIterable<unknown>, ctx: CallContext) => Promise<unknown>,
  jwtSecret: string,
  logger: Logger,
): grpc.handleClientStreamingCall<unknown, unknown> {
  return (call, callback) => {
    const { ctx, finish } = beginCall(method, call.metadata, jwtSecret, logger);
    const cancelled = () => new DomainError('GRPC.CANCELLED', 'unavailable', '调用已取消或已超时', 'the call was cancelled or timed out');
    async function* requests(): AsyncGenerator<unknown> {
      try {
        for await (const message of call) yield message;
      } catch (err) {
        throw call.cancelled ? cancelled() : err;
      }
      if (call.cancelled) throw cancelled();
    }
    finish(
      Promise.resolve().then(() => {
        ctx.caller();
        return handler(requests(), ctx);
      }),
      callback,
    );
  };
}

/**
 * What every call shares, unary or streaming: its context (correlation id, lazily verified caller,
 * identity to forward) and its completion (error mapping, one log line with the duration).
 */
function beginCall(method: string, metadata: grpc.Metadata, jwtSecret: string, logger: Logger) {
  const started = process.hrtime.bigint();
  const corr = metadata.get('x-correlation-id')[0];
  const correlationId = typeof corr === 'string' && corr ? corr : randomUUID();
  let cached: Caller | undefined;
  const ctx: CallContext = {
    metadata,
    correlationId,
    caller: () => (cached ??= callerFromMetadata(metadata, jwtSecret)),
    forward: () => {
      const out: Record<string, string> = { 'x-correlation-id': correlationId };
      const auth = metadata.get('authorization')[0];
      if (typeof auth === 'string') out.authorization = auth;
      return out;
    },
  };
  const log = (outcome: string, error?: unknown) => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const entry = { method, outcome, ms: Math.round(ms * 10) / 10, correlationId, err: error };
    if (error) logger.error(entry, 'grpc call failed');
    else logger.debug(entry, 'grpc call');
  };
  const finish = (result: Promise<unknown>, callback: grpc.sendUnaryData<unknown>) => {
    result.then(
      (res) => {
        log('ok');
        callback(null, res);
      },
      (err: unknown) => {
        const mapped = toGrpcError(err);
        log(grpc.status[mapped.code] ?? 'error', mapped.code === grpc.status.INTERNAL ? err : undefined);
        callback(mapped as grpc.ServiceError, null);
      },
    );
  };
  return { ctx, finish };
}
