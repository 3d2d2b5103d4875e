import * as grpc from '@grpc/grpc-js';
import { HealthImplementation } from 'grpc-health-check';
import { randomUUID } from 'node:crypto';
import { serviceDefinition, type ClientStreamingMethods, type ServerStreamingMethods, type ServiceMethods, type ServiceName } from '@wuhai/contracts';
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
  /**
   * Aborted when the call is cancelled (the client went away) or, for server-streaming calls, its
   * deadline passed; the reason is a DomainError `GRPC.CANCELLED` / `GRPC.DEADLINE_EXCEEDED`. Pass
   * it to work that outlives a message (e.g. a stream read from another service).
   */
  signal: AbortSignal;
  /** The call's deadline, epoch ms (`Infinity` when the client set none): give calls made for it no later one. */
  deadline: number;
}

export type Handlers<S extends ServiceName> = {
  [M in keyof ServiceMethods[S]]: ServiceMethods[S][M] extends [infer Req, infer Res]
    ? (request: Req, ctx: CallContext) => Promise<Res>
    : never;
} & ClientStreamingHandlers<S> & ServerStreamingHandlers<S>;

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

type ServerStreamingOf<S extends ServiceName> = S extends keyof ServerStreamingMethods ? ServerStreamingMethods[S] : Record<never, never>;

/**
 * Handlers of a service's server-streaming methods: they return the responses as an async iterable
 * (an `async function*` is the usual form). The server pulls the next response only when the
 * previous one was accepted by the transport (`write()` true, or after 'drain'), so a slow reader
 * slows the handler down instead of filling memory. When the call is cancelled or its deadline
 * passes, the server stops pulling and calls the iterator's `return()` (an async generator's
 * `finally` blocks run); `ctx.signal` is aborted at the same moment. An error thrown by the
 * iterable ends the stream with the mapped status, after the responses already sent.
 */
export type ServerStreamingHandlers<S extends ServiceName> = {
  [M in keyof ServerStreamingOf<S>]: ServerStreamingOf<S>[M] extends [infer Req, infer Res]
    ? (request: Req, ctx: CallContext) => AsyncIterable<Res>
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
 * read (UNAUTHENTICATED without a valid token), see {@link ClientStreamingHandlers}. A
 * server-streaming method likewise, its caller verified before the handler runs, see
 * {@link ServerStreamingHandlers}.
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

  const definition = serviceDefinition(opts.name);
  server.addService(definition, serviceImplementation(definition, opts.handlers as Record<string, AnyHandler>, opts.jwtSecret, opts.logger));

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

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyHandler = (request: any, ctx: CallContext) => any;

/**
 * The implementation object of one service for `server.addService`: every handler wrapped by the
 * kind of method the proto declares (unary, client-streaming, server-streaming) with the call
 * context, error mapping and logging of {@link startGrpcServer}. Exported for servers of other
 * definitions (tests of the kit itself).
 * @throws Error for a handler of a method the definition lacks, or of a bidirectional one
 */
export function serviceImplementation(
  definition: grpc.ServiceDefinition,
  handlers: Record<string, AnyHandler>,
  jwtSecret: string,
  logger: Logger,
): grpc.UntypedServiceImplementation {
  const impl: grpc.UntypedServiceImplementation = {};
  for (const [method, handler] of Object.entries(handlers)) {
    const def = definition[method];
    if (!def) throw new Error(`no method ${method} in the service definition`);
    if (def.requestStream && def.responseStream) throw new Error(`${method}: bidirectional streaming is not supported`);
    if (def.requestStream) {
      impl[method] = clientStreamingImpl(method, handler, jwtSecret, logger);
    } else if (def.responseStream) {
      impl[method] = serverStreamingImpl(method, handler, jwtSecret, logger);
    } else {
      impl[method] = (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        const { ctx, finish } = beginCall(method, call, jwtSecret, logger);
        finish(Promise.resolve().then(() => handler(call.request, ctx) as Promise<unknown>), callback);
      };
    }
  }
  return impl;
}

const cancelledError = () => new DomainError('GRPC.CANCELLED', 'unavailable', '调用已取消或已超时', 'the call was cancelled or timed out');
const deadlineError = () => new DomainError('GRPC.DEADLINE_EXCEEDED', 'unavailable', '调用已超时', 'the deadline of the call has passed');

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
    const { ctx, finish } = beginCall(method, call, jwtSecret, logger);
    const cancelled = cancelledError;
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
 * Wraps a server-streaming handler: the caller is verified before the handler runs; responses are
 * pulled from its iterable one at a time and written with backpressure (the next one only after
 * `write()` returned true or 'drain' came); cancellation or the deadline stop the pulling, abort
 * `ctx.signal` and close the iterable; an error ends the stream with the mapped status (and
 * nothing is sent once the client has gone). One log line at the end with the messages sent.
 */
function serverStreamingImpl(
  method: string,
  handler: (request: unknown, ctx: CallContext) => AsyncIterable<unknown>,
  jwtSecret: string,
  logger: Logger,
): grpc.handleServerStreamingCall<unknown, unknown> {
  return (call) => {
    const { ctx, abort, log } = beginCall(method, call, jwtSecret, logger);
    // grpc-js answers DEADLINE_EXCEEDED by itself; this stops the handler's work at the same time
    const timer = Number.isFinite(ctx.deadline) ? setTimeout(() => abort(deadlineError()), Math.max(0, ctx.deadline - Date.now())) : undefined;
    let sent = 0;
    void (async () => {
      let iterator: AsyncIterator<unknown> | undefined;
      let exhausted = false;
      try {
        ctx.caller();
        iterator = handler(call.request, ctx)[Symbol.asyncIterator]();
        for (;;) {
          const next = await untilAborted(iterator.next(), ctx.signal);
          if (next.done) {
            exhausted = true;
            break;
          }
          if (ctx.signal.aborted) throw ctx.signal.reason;
          sent++;
          if (!call.write(next.value)) await untilAborted(once(call, 'drain'), ctx.signal);
        }
        call.end();
        log('ok', undefined, { messages: sent });
      } catch (err) {
        // close the handler's iterable (its `finally` blocks release what it holds); not awaited:
        // an async generator still inside `next()` runs them when that step ends
        if (iterator && !exhausted) void Promise.resolve(iterator.return?.()).catch(() => undefined);
        if (ctx.signal.aborted) {
          const reason = ctx.signal.reason as DomainError;
          log(reason.code === 'GRPC.DEADLINE_EXCEEDED' ? 'DEADLINE_EXCEEDED' : 'CANCELLED', undefined, { messages: sent });
          return;
        }
        const mapped = toGrpcError(err);
        log(grpc.status[mapped.code] ?? 'error', mapped.code === grpc.status.INTERNAL ? err : undefined, { messages: sent });
        call.emit('error', mapped);
      } finally {
        clearTimeout(timer);
      }
    })();
  };
}

/**
 * `promise`, or the signal's reason as soon as it is aborted. Not `Promise.race` with one promise
 * that lives as long as the call: each race would leave a reaction on it holding its result (every
 * response of the stream) until the call ends.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err as Error);
      },
    );
  });
}

/** Resolves on the first `event` of `emitter`. */
function once(emitter: NodeJS.EventEmitter, event: string): Promise<void> {
  return new Promise((resolve) => emitter.once(event, () => resolve()));
}

/** The parts of a grpc-js server call (any kind) that every call uses. */
interface ServerCallLike {
  metadata: grpc.Metadata;
  getDeadline(): grpc.Deadline;
  once(event: 'cancelled', listener: () => void): unknown;
}

/**
 * What every call shares, unary or streaming: its context (correlation id, lazily verified caller,
 * identity to forward, cancellation signal, deadline) and its completion (error mapping, one log
 * line with the duration).
 */
function beginCall(method: string, call: ServerCallLike, jwtSecret: string, logger: Logger) {
  const { metadata } = call;
  const started = process.hrtime.bigint();
  const corr = metadata.get('x-correlation-id')[0];
  const correlationId = typeof corr === 'string' && corr ? corr : randomUUID();
  const controller = new AbortController();
  const abort = (reason: DomainError) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  // grpc-js also reports 'cancelled' once a call has ended normally (by then nobody listens), and
  // when the deadline passed, whichever side noticed first
  call.once('cancelled', () => abort(Date.now() >= deadlineMs ? deadlineError() : cancelledError()));
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
    signal: controller.signal,
    deadline: deadlineMs,
  };
  const log = (outcome: string, error?: unknown, extra?: Record<string, unknown>) => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const entry = { method, outcome, ms: Math.round(ms * 10) / 10, correlationId, ...extra, err: error };
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
  return { ctx, finish, abort, log };
}
