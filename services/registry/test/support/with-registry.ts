/**
 * The registry of a component test: the real service in-process on port 0, against a database of
 * its own and a private nats-server, its typed client and, when asked for, a NATS connection of
 * the test's own (to read the published events). Nothing is mocked.
 */
import { createClient, type TypedClient } from '@wuhai/contracts';
import { connectNats, createLogger, startService, type Clock, type RunningService } from '@wuhai/service-kit';
import { useTestDatabase, useTestNats } from '@wuhai/testing';
import { registryService } from '../../src/registry.service';
import type { RegistryConfig } from '../../src/config';
import { serviceConfig } from './fixtures';

export type Nats = Awaited<ReturnType<typeof connectNats>>;

/** What `useRegistry` started. */
export interface RegistryUnderTest {
  /** The running service: its `address` and its DataSource `ds`. */
  registry: RunningService<RegistryConfig>;
  /** The platform's typed client of the service. */
  client: TypedClient<'registry'>;
  /** The test's own NATS connection, when `natsClient` was given. */
  nc: Nats | undefined;
  /** The private nats-server's URL. */
  natsUrl: string;
}

/**
 * Registers the hooks that start the registry (beforeAll) and stop it (afterAll), on a database
 * named after `database` (see `useTestDatabase`). Call at the top of a test file, before the file's
 * own `beforeAll` hooks (they run after the service is up). The stop hook is declared before the
 * harness helpers, so the client, the connection and the service close BEFORE the database is
 * dropped and the nats-server stops.
 *
 * A file keeps its own names with
 * `let { registry, client }: Partial<RegistryUnderTest> = {}; beforeAll(() => ({ registry, client } = started()));`.
 * @param options.clock the service's clock (default: the system clock)
 * @param options.natsClient the name of a NATS connection to open for the test (none when absent)
 * @returns a getter for what was started (throws outside the hooks' window)
 */
export function useRegistry(database: string, options: { clock?: Clock; natsClient?: string } = {}): () => RegistryUnderTest {
  let started: RegistryUnderTest | undefined;
  let registry: RunningService<RegistryConfig> | undefined;
  let client: TypedClient<'registry'> | undefined;
  let nc: Nats | undefined;

  afterAll(async () => {
    started = undefined;
    client?.close();
    await nc?.close();
    await registry?.stop();
  });

  const natsUrl = useTestNats();
  const registryDb = useTestDatabase(database);

  beforeAll(async () => {
    registry = await startService(registryService(serviceConfig('registry', registryDb(), natsUrl()), options.clock));
    client = createClient('registry', registry.address);
    if (options.natsClient) nc = await connectNats(natsUrl(), options.natsClient, createLogger(options.natsClient, 'silent'));
    started = { registry, client, nc, natsUrl: natsUrl() };
  });

  return () => {
    if (!started) throw new Error(`useRegistry('${database}'): the registry runs only between its beforeAll and afterAll`);
    return started;
  };
}
