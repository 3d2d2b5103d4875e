/**
 * Server-streaming calls of the kit's gRPC server (`serviceImplementation`): the caller checked
 * before the handler runs, responses pulled one at a time with backpressure, cancellation and
 * deadlines stopping the handler, errors mapped to statuses after the responses already sent, one
 * log line per call. A real grpc-js server and client on a loopback port; the service is defined
 * here (JSON messages) so the kit is tested apart from any platform proto.
 */
import * as grpc from '@grpc/grpc-js';
import pino from 'pino';
import { DomainError, ERROR_CODE_KEY, ERROR_FIELDS_KEY, serverStreamingCall } from '@wuhai/contracts';
import { serviceImplementation, signStaffToken, type CallContext } from '../src';

const SECRET = 'kit-streaming-test-secret-0123456789';
const token = signStaffToken({ staffId: 's1', username: 'clerk', department: 'civil-affairs', area: '*', role: 'clerk' }, SECRET);
const auth = { authorization: `Bearer ${token}` };

interface CountRequest {
  n: number;
  payloadBytes?: number;
  /** Throw this kind of error instead of yielding message `failAt`. */
  failAt?: number;
  failWith?: 'domain' | 'bug';
  /** After this many messages, wait until the call is aborted. */
  stallAfter?: number;
}
interface CountItem {
  index: number;
  payload: string;
}

const json = {
  serialize: (v: unknown) => Buffer.from(JSON.stringify(v)),
  deserialize: (b: Buffer) => JSON.parse(b.toString('utf8')) as unknown,
};
const definition: grpc.ServiceDefinition = {
  Count: {
    path: '/wuhai.kit_test.v1.StreamingTestService/Count',
    requestStream: false,
    responseStream: true,
    requestSerialize: json.serialize,
    requestDeserialize: json.deserialize,
    responseSerialize: json.serialize,
    responseDeserialize: json.deserialize,
    originalName: 'count',
  },
};

/** What the handler saw of each call, by the request's `n` (each test uses its own). */
interface Observed {
  pulled: number;
  finished: boolean;
  signalReason?: string;
  deadline?: number;
  department?: string;
}
const observed = new Map<number, Observed>();
const logLines: Record<string, unknown>[] = [];

const handlers = {
  Count: async function* (req: CountRequest, ctx: CallContext): AsyncGenerator<CountItem> {
    const seen: Observed = { pulled: 0, finished: false, deadline: ctx.deadline, department: ctx.caller().department };
    observed.set(req.n, seen);
    ctx.signal.addEventListener('abort', () => {
      seen.signalReason = (ctx.signal.reason as DomainError).code;
    });
    const payload = 'x'.repeat(req.payloadBytes ?? 0);
    try {
      for (let index = 0; index < req.n; index++) {
        if (req.stallAfter !== undefined && index === req.stallAfter) {
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
        }
        if (index === req.failAt) {
          if (req.failWith === 'bug') throw new Error('secret internal detail');
          throw new DomainError('TEST.STOPPED', 'precondition', '测试中止', 'stopped by the test', [{ path: 'n', code: 'TEST.STOPPED', message: '中止 / stopped' }]);
        }
        seen.pulled++;
        yield { index, payload };
      }
    } finally {
      seen.finished = true;
    }
  },
};

let server: grpc.Server;
let client: grpc.Client;

beforeAll(async () => {
  const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(JSON.parse(line) as Record<string, unknown>) });
  server = new grpc.Server();
  server.addService(definition, serviceImplementation(definition, handlers, SECRET, logger));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  const Client = grpc.makeGenericClientConstructor(definition, 'StreamingTestService');
  client = new Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

afterAll(async () => {
  client.close();
  await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
});

function count(req: CountRequest, options: { metadata?: Record<string, string>; timeoutMs?: number; signal?: AbortSignal } = {}) {
  return serverStreamingCall(client, 'Count', definition.Count as grpc.MethodDefinition<unknown, unknown>, req, {
    metadata: options.metadata ?? auth,
    timeoutMs: options.timeoutMs ?? 10_000,
    signal: options.signal,
  }) as AsyncGenerator<CountItem, void, undefined>;
}

/** Reads the whole stream: the messages, then the error it ended with (or null). */
async function drain(stream: AsyncIterable<CountItem>): Promise<{ items: CountItem[]; error: grpc.ServiceError | null }> {
  const items: CountItem[] = [];
  try {
    for await (const item of stream) items.push(item);
    return { items, error: null };
  } catch (err) {
    return { items, error: err as grpc.ServiceError };
  }
}

/** Polls until `probe` is true, for at most `ms`. */
async function until(what: string, probe: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until `value()` has not changed for `quietMs`. */
async function settled(value: () => number, quietMs = 300, ms = 5000): Promise<number> {
  const end = Date.now() + ms;
  let last = value();
  let since = Date.now();
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 25));
    const now = value();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return now;
  }
  throw new Error('the value kept changing');
}

test('when a handler yields messages, then the client receives each in order, the stream ends OK and one log line counts them', async () => {
  const { items, error } = await drain(count({ n: 25 }));
  expect(error).toBeNull();
  expect(items.map((i) => i.index)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  expect(observed.get(25)).toMatchObject({ pulled: 25, finished: true, department: 'civil-affairs' });
  await until('the log line', () => logLines.some((l) => l.method === 'Count' && l.messages === 25));
  expect(logLines.find((l) => l.method === 'Count' && l.messages === 25)).toMatchObject({ outcome: 'ok' });
});

test('when the call carries no token, then it fails UNAUTHENTICATED before the handler runs', async () => {
  const { items, error } = await drain(count({ n: 26 }, { metadata: {} }));
  expect(items).toEqual([]);
  expect(error?.code).toBe(grpc.status.UNAUTHENTICATED);
  expect(error?.metadata.get(ERROR_CODE_KEY)).toEqual(['AUTH.MISSING_TOKEN']);
  expect(observed.has(26)).toBe(false);
});

test('when the handler throws a domain error after some messages, then the client gets those messages and then its status, code and fields', async () => {
  const { items, error } = await drain(count({ n: 27, failAt: 3, failWith: 'domain' }));
  expect(items.map((i) => i.index)).toEqual([0, 1, 2]);
  expect(error?.code).toBe(grpc.status.FAILED_PRECONDITION);
  expect(error?.details).toBe('测试中止 / stopped by the test');
  expect(error?.metadata.get(ERROR_CODE_KEY)).toEqual(['TEST.STOPPED']);
  expect(JSON.parse(String(error?.metadata.get(ERROR_FIELDS_KEY)[0]))).toEqual([{ path: 'n', code: 'TEST.STOPPED', message: '中止 / stopped' }]);
  expect(observed.get(27)?.finished).toBe(true);
});

test('when the handler fails unexpectedly, then the stream ends INTERNAL without the internal detail, and the failure is logged as an error', async () => {
  const { items, error } = await drain(count({ n: 28, failAt: 1, failWith: 'bug' }));
  expect(items).toHaveLength(1);
  expect(error?.code).toBe(grpc.status.INTERNAL);
  expect(error?.details).toBe('内部错误 / internal error');
  await until('the error log line', () => logLines.some((l) => l.method === 'Count' && l.outcome === 'INTERNAL'));
  expect(logLines.find((l) => l.method === 'Count' && l.outcome === 'INTERNAL')).toMatchObject({ level: 50, messages: 1 });
});

test('when the client stops reading, then the handler is pulled only as far as the transport buffers, and resumes when reading resumes', async () => {
  const n = 1000;
  // 8 KiB per message: 1000 messages are 8 MiB; flow control must hold the handler back
  const stream = count({ n, payloadBytes: 8 * 1024 }, { timeoutMs: 60_000 });
  const first = await stream.next();
  expect(first.value).toMatchObject({ index: 0 });
  const heldAt = await settled(() => observed.get(n)?.pulled ?? 0);
  expect(heldAt).toBeGreaterThan(1);
  expect(heldAt).toBeLessThan(200);
  const { items, error } = await drain(stream);
  expect(error).toBeNull();
  expect(items).toHaveLength(n - 1);
  expect(items[items.length - 1]!.index).toBe(n - 1);
  expect(observed.get(n)).toMatchObject({ pulled: n, finished: true });
}, 90_000);

test('when the client leaves the stream early, then the call is cancelled: the handler stops being pulled, its signal is aborted and its finally runs', async () => {
  const n = 5000;
  const stream = count({ n, payloadBytes: 1024 });
  const seen: number[] = [];
  for await (const item of stream) {
    seen.push(item.index);
    if (seen.length === 3) break;
  }
  await until('the handler to be closed', () => observed.get(n)?.finished === true);
  const o = observed.get(n)!;
  expect(o.signalReason).toBe('GRPC.CANCELLED');
  expect(o.pulled).toBeLessThan(n);
  expect(await settled(() => observed.get(n)!.pulled)).toBe(o.pulled);
  await until('the log line', () => logLines.some((l) => l.method === 'Count' && l.outcome === 'CANCELLED'));
});

test('when the caller aborts its signal, then the stream fails CANCELLED on the client and the handler is closed', async () => {
  const n = 5001;
  const controller = new AbortController();
  const stream = count({ n, stallAfter: 2 }, { signal: controller.signal });
  expect((await stream.next()).value).toMatchObject({ index: 0 });
  controller.abort();
  const { error } = await drain(stream);
  expect(error?.code).toBe(grpc.status.CANCELLED);
  await until('the handler to be closed', () => observed.get(n)?.finished === true);
  expect(observed.get(n)!.signalReason).toBe('GRPC.CANCELLED');
});

test('when the deadline passes while the handler waits, then the client gets DEADLINE_EXCEEDED after the messages sent, and the handler sees its deadline and is stopped', async () => {
  const n = 29;
  const before = Date.now();
  const { items, error } = await drain(count({ n, stallAfter: 2 }, { timeoutMs: 400 }));
  expect(items.map((i) => i.index)).toEqual([0, 1]);
  expect(error?.code).toBe(grpc.status.DEADLINE_EXCEEDED);
  await until('the handler to be closed', () => observed.get(n)?.finished === true);
  const o = observed.get(n)!;
  expect(o.signalReason).toBe('GRPC.DEADLINE_EXCEEDED');
  // the step it was in when the deadline passed ends (message 2, never sent), and no further one
  expect(o.pulled).toBe(3);
  expect(await settled(() => observed.get(n)!.pulled)).toBe(3);
  // the deadline the handler saw is the client's (give or take the clock between them)
  expect(o.deadline).toBeGreaterThanOrEqual(before + 400 - 50);
  expect(o.deadline).toBeLessThanOrEqual(Date.now() + 50);
});
