import { connect, RetentionPolicy, StorageType, type NatsConnection, type JetStreamManager } from 'nats';
import { STREAMS, type StreamOwner } from '@wuhai/contracts';
import type { Logger } from './logger';

/**
 * Connects to NATS with unlimited reconnects (DESIGN.md pitfalls) and logs status changes.
 */
export async function connectNats(url: string, name: string, logger: Logger): Promise<NatsConnection> {
  const nc = await connect({ servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 500, waitOnFirstConnect: true });
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnect' || s.type === 'error') logger.warn({ status: s.type, data: String(s.data) }, 'nats status');
    }
  })();
  return nc;
}

/**
 * Ensures a platform stream exists with its fixed config (file storage, 2-minute duplicate window
 * for msgID de-duplication). Idempotent; safe to call from publishers and consumers alike.
 */
export async function ensureStream(jsm: JetStreamManager, owner: StreamOwner): Promise<void> {
  const spec = STREAMS[owner];
  const config = {
    name: spec.name,
    subjects: [...spec.subjects],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    duplicate_window: 2 * 60 * 1_000_000_000,
  };
  try {
    await jsm.streams.info(spec.name);
  } catch {
    try {
      await jsm.streams.add(config);
    } catch (err) {
      // another process created it between our info and add
      await jsm.streams.info(spec.name).catch(() => {
        throw err;
      });
    }
  }
}
