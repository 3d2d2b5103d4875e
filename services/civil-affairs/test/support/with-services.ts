/**
 * The platform's services in-process for component tests that follow a case across departments:
 * the registry, civil affairs pointed at it, and finance and referral departments as asked, each on
 * port 0 with a database of its own, over one private nats-server; their typed clients and a NATS
 * connection of the test's own. Nothing is mocked.
 */
import { createClient, type ServiceName, type TypedClient } from '@wuhai/contracts';
import { connectNats, createLogger, startService, type BaseConfig, type Clock, type RunningService, type ServiceDefinition } from '@wuhai/service-kit';
import { useTestDatabase, useTestNats } from '@wuhai/testing';
import { civilAffairsService } from '../../src/civil-affairs.service';
import { registryService } from '../../../registry/src/registry.service';
import { financeService } from '../../../finance/src/finance.service';
import { disabilityService } from '../../../disability/src/disability.service';
import { educationService } from '../../../education/src/education.service';
import { employmentService } from '../../../employment/src/employment.service';
import { healthService } from '../../../health/src/health.service';
import { housingService } from '../../../housing/src/housing.service';
import { serviceConfig } from '../../../registry/test/support/fixtures';

export type Nats = Awaited<ReturnType<typeof connectNats>>;
/** The services started besides the registry and civil affairs. */
export type OtherService = Exclude<ServiceName, 'registry' | 'civil-affairs'>;

const DEFINITIONS: Record<OtherService, (config: ReturnType<typeof serviceConfig>) => ServiceDefinition<ServiceName, BaseConfig>> = {
  finance: financeService,
  disability: disabilityService,
  education: educationService,
  employment: employmentService,
  health: healthService,
  housing: housingService,
};

/**
 * A client of every service, typed as present: a file keeps its own names with
 * `let { registry, 'civil-affairs': civil } = {} as Clients;` and fills them in its beforeAll with
 * `({ registry, 'civil-affairs': civil } = clients as Clients);`.
 */
export type Clients = { [S in ServiceName]: TypedClient<S> };

/** What `useServices` starts, by service name: filled in its beforeAll, emptied in its afterAll. */
export interface ServicesUnderTest {
  running: Partial<Record<ServiceName, RunningService<BaseConfig>>>;
  clients: Partial<{ [S in ServiceName]: TypedClient<S> }>;
  /** The test's own NATS connection (throws outside the hooks' window). */
  nats(): Nats;
}

export interface ServicesOptions {
  /** Prefix of the databases: `<prefix>_registry`, `<prefix>_civil_affairs`, `<prefix>_finance`, … */
  databases: string;
  /** The services to start besides the registry and civil affairs (on the system clock). */
  others: OtherService[];
  /** Civil affairs' clock, and the registry's unless `registryClock` is given (default: the system clock). */
  clock?: Clock;
  /** The registry's clock when it differs from `clock`. */
  registryClock?: Clock;
  /** Name of the test's NATS connection (and of its logger). */
  natsClient: string;
}

/**
 * Registers the hooks that start the registry, then civil affairs and `others` at once (beforeAll),
 * and stop them (afterAll). Call at the top of a test file, before the file's own `beforeAll`
 * hooks. The stop hook is declared before the harness helpers: clients and the connection close,
 * every other service stops, then the registry, BEFORE the databases are dropped and the
 * nats-server stops.
 * @returns the maps of running services and clients, which a file may hold from module load on
 */
export function useServices(options: ServicesOptions): ServicesUnderTest {
  const running: ServicesUnderTest['running'] = {};
  const clients: ServicesUnderTest['clients'] = {};
  let nc: Nats | undefined;

  afterAll(async () => {
    for (const c of Object.values(clients)) c?.close();
    await nc?.close();
    nc = undefined;
    const { registry, ...rest } = running;
    await Promise.all(Object.values(rest).map((s) => s?.stop()));
    await registry?.stop();
  });

  const names: ServiceName[] = ['registry', 'civil-affairs', ...options.others];
  const natsUrl = useTestNats();
  const db = Object.fromEntries(names.map((name) => [name, useTestDatabase(`${options.databases}_${name.replace('-', '_')}`)])) as Record<ServiceName, () => string>;

  beforeAll(async () => {
    const cfg = (name: ServiceName) => serviceConfig(name, db[name](), natsUrl());
    const registry = await startService(registryService(cfg('registry'), options.registryClock ?? options.clock));
    running.registry = registry;
    const [civil, ...others] = await Promise.all([
      startService(civilAffairsService({ ...cfg('civil-affairs'), REGISTRY_ADDR: registry.address }, options.clock)),
      ...options.others.map((name) => startService(DEFINITIONS[name](cfg(name)))),
    ]);
    running['civil-affairs'] = civil;
    options.others.forEach((name, i) => (running[name] = others[i]));
    for (const name of names) (clients as Record<string, unknown>)[name] = createClient(name, running[name]!.address);
    nc = await connectNats(natsUrl(), options.natsClient, createLogger(options.natsClient, 'silent'));
  });

  return {
    running,
    clients,
    nats: () => {
      if (!nc) throw new Error(`useServices('${options.databases}'): the services run only between their beforeAll and afterAll`);
      return nc;
    },
  };
}
