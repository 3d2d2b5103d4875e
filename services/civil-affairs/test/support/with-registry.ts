/**
 * Civil affairs with the registry it reads, for component tests: both real services in-process on
 * port 0, each on a database of its own, over one private nats-server, and their typed clients.
 * Nothing is mocked.
 */
import { createClient, type TypedClient } from '@wuhai/contracts';
import { startService, type Clock, type RunningService } from '@wuhai/service-kit';
import { useTestDatabase, useTestNats } from '@wuhai/testing';
import { civilAffairsService, type ReviewRunOptions } from '../../src/civil-affairs.service';
import type { CivilAffairsConfig } from '../../src/config';
import { registryService } from '../../../registry/src/registry.service';
import type { RegistryConfig } from '../../../registry/src/config';
import { serviceConfig } from '../../../registry/test/support/fixtures';

/** What `useCivilAffairsWithRegistry` started. */
export interface CivilAffairsWithRegistry {
  registrySvc: RunningService<RegistryConfig>;
  civilSvc: RunningService<CivilAffairsConfig>;
  registry: TypedClient<'registry'>;
  civil: TypedClient<'civil-affairs'>;
  /** The private nats-server both services publish to, for a test's own connection. */
  natsUrl: string;
}

export interface CivilAffairsWithRegistryOptions {
  /** Prefix of the two databases: `<prefix>_registry` and `<prefix>_civil_affairs`. */
  databases: string;
  /** Both services' clock (default: the system clock). */
  clock?: Clock;
  /** The registry's clock when it differs from `clock`. */
  registryClock?: Clock;
  /** How civil affairs runs its reviews of paid households (the service's defaults when absent). */
  reviews?: ReviewRunOptions;
}

/**
 * Registers the hooks that start the registry, then civil affairs pointed at it (beforeAll), and
 * stop them (afterAll). Call at the top of a test file, before the file's own `beforeAll` hooks
 * (they run once both services are up). The stop hook is declared before the harness helpers, so
 * clients close and civil affairs stops, then the registry, BEFORE the databases are dropped and
 * the nats-server stops.
 *
 * A file keeps its own names with
 * `let { registry, civil }: Partial<CivilAffairsWithRegistry> = {}; beforeAll(() => ({ registry, civil } = started()));`.
 * @returns a getter for what was started (throws outside the hooks' window)
 */
export function useCivilAffairsWithRegistry(options: CivilAffairsWithRegistryOptions): () => CivilAffairsWithRegistry {
  let started: CivilAffairsWithRegistry | undefined;
  let registrySvc: RunningService<RegistryConfig> | undefined;
  let civilSvc: RunningService<CivilAffairsConfig> | undefined;
  let registry: TypedClient<'registry'> | undefined;
  let civil: TypedClient<'civil-affairs'> | undefined;

  afterAll(async () => {
    started = undefined;
    registry?.close();
    civil?.close();
    await civilSvc?.stop();
    await registrySvc?.stop();
  });

  const natsUrl = useTestNats();
  const registryDb = useTestDatabase(`${options.databases}_registry`);
  const civilDb = useTestDatabase(`${options.databases}_civil_affairs`);

  beforeAll(async () => {
    registrySvc = await startService(registryService(serviceConfig('registry', registryDb(), natsUrl()), options.registryClock ?? options.clock));
    civilSvc = await startService(
      civilAffairsService({ ...serviceConfig('civil-affairs', civilDb(), natsUrl()), REGISTRY_ADDR: registrySvc.address }, options.clock, options.reviews),
    );
    registry = createClient('registry', registrySvc.address);
    civil = createClient('civil-affairs', civilSvc.address);
    started = { registrySvc, civilSvc, registry, civil, natsUrl: natsUrl() };
  });

  return () => {
    if (!started) throw new Error(`useCivilAffairsWithRegistry('${options.databases}'): the services run only between their beforeAll and afterAll`);
    return started;
  };
}
