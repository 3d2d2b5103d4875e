/**
 * Finance for component tests of its consumers: the real service in-process on port 0, against a
 * database of its own and a private nats-server, its typed client, and a NATS connection of the
 * test's own that publishes civil affairs' events by hand (the civil-affairs stream is created
 * first, as civil affairs would). Nothing is mocked.
 */
import { createClient, type TypedClient } from '@wuhai/contracts';
import { connectNats, createLogger, ensureStream, startService, type RunningService } from '@wuhai/service-kit';
import { useTestDatabase, useTestNats } from '@wuhai/testing';
import { financeService } from '../../src/finance.service';
import type { FinanceConfig } from '../../src/config';
import { serviceConfig } from '../../../registry/test/support/fixtures';

export type Nats = Awaited<ReturnType<typeof connectNats>>;

/** What `useFinance` started. */
export interface FinanceUnderTest {
  /** The running service: its `address` and its DataSource `ds`. */
  finance: RunningService<FinanceConfig>;
  /** The platform's typed client of the service. */
  client: TypedClient<'finance'>;
  /** The test's own NATS connection, to publish on the civil-affairs stream. */
  nc: Nats;
}

/**
 * Registers the hooks that create the civil-affairs stream and start finance (beforeAll), and stop
 * it (afterAll). Call at the top of a test file, before the file's own `beforeAll` hooks. The stop
 * hook is declared before the harness helpers, so the client, the connection and the service close
 * BEFORE the database is dropped and the nats-server stops.
 *
 * A file keeps its own names with
 * `let { finance, client, nc }: Partial<FinanceUnderTest> = {}; beforeAll(() => ({ finance, client, nc } = started()));`.
 * @param database prefix of the service's database (see `useTestDatabase`)
 * @param publisher name of the test's NATS connection (and of its logger)
 * @returns a getter for what was started (throws outside the hooks' window)
 */
export function useFinance(database: string, publisher: string): () => FinanceUnderTest {
  let started: FinanceUnderTest | undefined;
  let finance: RunningService<FinanceConfig> | undefined;
  let client: TypedClient<'finance'> | undefined;
  let nc: Nats | undefined;

  afterAll(async () => {
    started = undefined;
    client?.close();
    await nc?.close();
    await finance?.stop();
  });

  const natsUrl = useTestNats();
  const financeDb = useTestDatabase(database);

  beforeAll(async () => {
    nc = await connectNats(natsUrl(), publisher, createLogger(publisher, 'silent'));
    await ensureStream(await nc.jetstreamManager(), 'civil-affairs');
    finance = await startService(financeService(serviceConfig('finance', financeDb(), natsUrl())));
    client = createClient('finance', finance.address);
    started = { finance, client, nc };
  });

  return () => {
    if (!started) throw new Error(`useFinance('${database}'): finance runs only between its beforeAll and afterAll`);
    return started;
  };
}
