import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { headers as natsHeaders, type JetStreamClient } from 'nats';
import type { Envelope } from '@wuhai/contracts';
import type { Logger } from './logger';
import { WorkLoop } from './work-loop';

/**
 * Transactional outbox (DESIGN.md §8): events are written in the same transaction as the change,
 * and a relay publishes them to JetStream with `msgID = id`, keeping each row until its PubAck.
 */

export interface NewEvent<T> {
  subject: string;
  data: T;
  source: string;
  correlationId: string;
  causationId?: string | null;
}

/**
 * Writes an event to the outbox inside the caller's transaction.
 * @returns the envelope as it will be published
 */
export async function enqueueEvent<T>(manager: EntityManager, event: NewEvent<T>): Promise<Envelope<T>> {
  const envelope: Envelope<T> = {
    id: randomUUID(),
    type: event.subject,
    occurredAt: new Date().toISOString(),
    correlationId: event.correlationId,
    causationId: event.causationId ?? null,
    source: event.source,
    data: event.data,
  };
  await manager.query('INSERT INTO outbox (id, subject, envelope) VALUES ($1, $2, $3)', [
    envelope.id,
    event.subject,
    JSON.stringify(envelope),
  ]);
  return envelope;
}

/**
 * Polls unsent outbox rows and publishes them in order of creation: `start()` begins, `kick()`
 * publishes at once (call after a commit that wrote events), `stop()` ends after the batch in
 * progress.
 */
export class OutboxRelay extends WorkLoop {
  constructor(
    private readonly ds: DataSource,
    private readonly js: JetStreamClient,
    private readonly logger: Logger,
    private readonly opts: { intervalMs?: number; batchSize?: number } = {},
  ) {
    super({ idleMs: opts.intervalMs ?? 500, logger, failureMessage: 'outbox relay batch failed; will retry' });
  }

  protected async round(): Promise<boolean> {
    return (await this.publishBatch()) > 0;
  }

  /**
   * Publishes up to `batchSize` unsent rows; each row is marked sent only after JetStream acked it.
   * Rows are locked with SKIP LOCKED so two replicas never publish the same row at once (and a
   * duplicate publish would be dropped by the stream's msgID window anyway).
   * @returns how many rows were published
   */
  async publishBatch(): Promise<number> {
    const qr = this.ds.createQueryRunner();
    try {
      await qr.startTransaction();
      const rows: { id: string; subject: string; envelope: unknown }[] = await qr.query(
        `SELECT id, subject, envelope FROM outbox WHERE sent_at IS NULL
         ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.opts.batchSize ?? 100],
      );
      let count = 0;
      for (const row of rows) {
        const body = typeof row.envelope === 'string' ? row.envelope : JSON.stringify(row.envelope);
        const h = natsHeaders();
        h.set('Content-Type', 'application/json');
        try {
          await this.js.publish(row.subject, new TextEncoder().encode(body), { msgID: row.id, headers: h, timeout: 5000 });
        } catch (err) {
          await qr.query('UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [row.id, String(err)]);
          this.logger.warn({ err, eventId: row.id, subject: row.subject }, 'publish failed; row kept for retry');
          break;
        }
        await qr.query('UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = $1', [row.id]);
        count++;
      }
      await qr.commitTransaction();
      return count;
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      throw err;
    } finally {
      await qr.release();
    }
  }
}

/** Creates the outbox, inbox and poisoned-event tables; include it in every service's migrations. */
export class CreateMessaging1764400000000 implements MigrationInterface {
  name = 'CreateMessaging1764400000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE outbox (
      seq bigserial UNIQUE,
      id uuid PRIMARY KEY,
      subject text NOT NULL,
      envelope jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      last_error text)`);
    await q.query('CREATE INDEX outbox_unsent ON outbox (seq) WHERE sent_at IS NULL');
    await q.query(`CREATE TABLE inbox (
      event_id uuid NOT NULL,
      consumer text NOT NULL,
      subject text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id))`);
    await q.query(`CREATE TABLE poisoned_events (
      id bigserial PRIMARY KEY,
      consumer text NOT NULL,
      subject text NOT NULL,
      stream_seq bigint,
      payload text NOT NULL,
      reason text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now())`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE poisoned_events');
    await q.query('DROP TABLE inbox');
    await q.query('DROP TABLE outbox');
  }
}
