import type { DataSource, EntityManager } from 'typeorm';
import { AckPolicy, DeliverPolicy, type JetStreamClient, type JetStreamManager, type JsMsg } from 'nats';
import type { z } from 'zod';
import { envelopeSchema, streamForSubject, STREAMS, type Envelope, type StreamOwner } from '@wuhai/contracts';
import { ensureStream } from './nats';
import type { Logger } from './logger';

/**
 * An idempotent JetStream consumer (DESIGN.md §7, §9): a durable pull consumer per (service,
 * subject); each event id is inserted into `inbox` inside the handling transaction and the message
 * is acked only after commit, so a redelivery changes nothing. A poisoned message (bad envelope or
 * payload) is recorded in `poisoned_events` and terminated, never redelivered forever.
 */
export interface ConsumerSpec<S extends z.ZodType> {
  /** Durable name, unique per service and subject, e.g. `finance-dibao-approved`. */
  durable: string;
  subject: string;
  schema: S;
  handle(data: z.infer<S>, envelope: Envelope<z.infer<S>>, manager: EntityManager): Promise<void>;
}

export interface RunningConsumer {
  stop(): Promise<void>;
}

const MAX_DELIVER = 10;

/**
 * Starts a consumer loop. Failures of the handler are retried with backoff (nak with delay) up to
 * MAX_DELIVER times, then recorded as poisoned.
 */
export async function startConsumer<S extends z.ZodType>(opts: {
  ds: DataSource;
  js: JetStreamClient;
  jsm: JetStreamManager;
  spec: ConsumerSpec<S>;
  logger: Logger;
}): Promise<RunningConsumer> {
  const { ds, js, jsm, spec, logger } = opts;
  const stream = streamForSubject(spec.subject);
  const owner = (Object.keys(STREAMS) as StreamOwner[]).find((k) => STREAMS[k].name === stream.name)!;
  await ensureStream(jsm, owner);
  try {
    await jsm.consumers.info(stream.name, spec.durable);
  } catch {
    await jsm.consumers.add(stream.name, {
      durable_name: spec.durable,
      filter_subject: spec.subject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: 30_000_000_000,
      max_deliver: MAX_DELIVER + 1,
    });
  }
  const consumer = await js.consumers.get(stream.name, spec.durable);
  const messages = await consumer.consume({ max_messages: 64 });
  let stopped = false;

  const done = (async () => {
    for await (const m of messages) {
      if (stopped) break;
      await handleOne(m);
    }
  })();

  async function poison(m: JsMsg, reason: string): Promise<void> {
    await ds.query(
      'INSERT INTO poisoned_events (consumer, subject, stream_seq, payload, reason) VALUES ($1, $2, $3, $4, $5)',
      [spec.durable, m.subject, m.seq, new TextDecoder().decode(m.data), reason],
    );
    m.term();
    logger.error({ consumer: spec.durable, subject: m.subject, seq: m.seq, reason }, 'poisoned event terminated');
  }

  async function handleOne(m: JsMsg): Promise<void> {
    let envelope: Envelope<z.infer<S>>;
    try {
      const raw = envelopeSchema.parse(JSON.parse(new TextDecoder().decode(m.data)));
      const data = spec.schema.parse(raw.data);
      envelope = { ...raw, data };
    } catch (err) {
      await poison(m, `invalid event: ${err instanceof Error ? err.message : String(err)}`).catch((e) =>
        logger.error({ err: e }, 'could not record poisoned event'),
      );
      return;
    }
    try {
      await ds.transaction(async (manager) => {
        const inserted: unknown[] = await manager.query(
          'INSERT INTO inbox (event_id, consumer, subject) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id',
          [envelope.id, spec.durable, m.subject],
        );
        if (inserted.length === 0) return; // seen before: changes nothing
        await spec.handle(envelope.data, envelope, manager);
      });
      m.ack();
    } catch (err) {
      if (m.info.deliveryCount >= MAX_DELIVER) {
        await poison(m, `handler failed ${m.info.deliveryCount} times: ${String(err)}`).catch(() => m.term());
      } else {
        logger.warn({ err, consumer: spec.durable, eventId: envelope.id }, 'event handling failed; will be redelivered');
        m.nak(Math.min(30_000, 500 * 2 ** m.info.deliveryCount));
      }
    }
  }

  return {
    async stop() {
      stopped = true;
      await messages.close();
      await done.catch(() => undefined);
    },
  };
}
