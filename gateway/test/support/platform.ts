/**
 * The whole platform for end-to-end tests: the eight REAL services started in-process on port 0,
 * each with its own database on the run's PostgreSQL and one private nats-server, and the gateway's
 * own database with its migrations run. Nothing is mocked.
 */
import type { DataSource } from 'typeorm';
import type { Express } from 'express';
import request from 'supertest';
import { makeIdNumber, SERVICE_NAMES, type ServiceName } from '@wuhai/contracts';
import { createLogger, openDataSource, startService, type BaseConfig, type RunningService } from '@wuhai/service-kit';
import { householdFacts, memberFacts, useTestDatabase, useTestNats, type MemberFacts } from '@wuhai/testing';
import { createApp, type GatewayDeps } from '../../src/app';
import { closeServiceClients, createServiceClients, type ServiceClients } from '../../src/clients/service-clients';
import type { GatewayConfig } from '../../src/config';
import { gatewayMigrations } from '../../src/persistence/migrations/1764400000900-create-gateway';
import { seedDemoAccounts } from '../../src/persistence/staff-accounts';
import { registryService } from '../../../services/registry/src/registry.service';
import { civilAffairsService } from '../../../services/civil-affairs/src/civil-affairs.service';
import { financeService } from '../../../services/finance/src/finance.service';
import { disabilityService } from '../../../services/disability/src/disability.service';
import { educationService } from '../../../services/education/src/education.service';
import { employmentService } from '../../../services/employment/src/employment.service';
import { healthService } from '../../../services/health/src/health.service';
import { housingService } from '../../../services/housing/src/housing.service';

export const JWT_SECRET = 'gateway-e2e-secret-0123456789';

export interface Platform {
  app: Express;
  deps: GatewayDeps;
  ds: DataSource;
  config: GatewayConfig;
  services: Record<ServiceName, RunningService<BaseConfig>>;
  /** Builds another gateway app over the same database and services (other config or clients). */
  appWith(overrides: Partial<GatewayDeps>): Express;
}

/**
 * Registers the hooks that start the platform (beforeAll) and stop it (afterAll). Call at the top of
 * a test file; the stop hook is declared before the harness helpers so it runs before they drop the
 * databases and stop NATS.
 * @returns a getter for the running platform (throws outside the hooks' window)
 */
export function usePlatform(): () => Platform {
  let platform: Platform | undefined;
  const running: RunningService<BaseConfig>[] = [];
  const extraClients: ServiceClients[] = [];
  let clients: ServiceClients | undefined;
  let ds: DataSource | undefined;

  afterAll(async () => {
    if (clients) closeServiceClients(clients);
    for (const c of extraClients) closeServiceClients(c);
    await Promise.all(running.map((s) => s.stop()));
    await ds?.destroy();
  });

  const natsUrl = useTestNats();
  const gatewayDb = useTestDatabase('gateway_e2e');
  const dbs = Object.fromEntries(SERVICE_NAMES.map((s) => [s, useTestDatabase(`gw_${s.replace('-', '_')}`)])) as Record<ServiceName, () => string>;

  beforeAll(async () => {
    const base = (name: ServiceName) => ({
      SERVICE_NAME: name,
      GRPC_PORT: 0,
      GRPC_HOST: '127.0.0.1',
      DATABASE_URL: dbs[name](),
      NATS_URL: natsUrl(),
      JWT_SECRET,
      LOG_LEVEL: 'silent' as const,
      DEMO_MODE: true,
    });
    const registry = await startService(registryService(base('registry')));
    running.push(registry as unknown as RunningService<BaseConfig>);
    const others = await Promise.all([
      startService(civilAffairsService({ ...base('civil-affairs'), REGISTRY_ADDR: registry.address })),
      startService(financeService(base('finance'))),
      startService(disabilityService(base('disability'))),
      startService(educationService(base('education'))),
      startService(employmentService(base('employment'))),
      startService(healthService(base('health'))),
      startService(housingService(base('housing'))),
    ]);
    running.push(...(others as unknown as RunningService<BaseConfig>[]));
    const services = Object.fromEntries(running.map((s) => [s.config.SERVICE_NAME, s])) as Record<ServiceName, RunningService<BaseConfig>>;
    const addr = (name: ServiceName) => services[name].address;
    const { config } = gatewayConfigFor({ databaseUrl: gatewayDb(), jwtSecret: JWT_SECRET, demoMode: true, addresses: Object.fromEntries(SERVICE_NAMES.map((s) => [s, addr(s)])) });
    const logger = createLogger('gateway', 'silent');
    ds = await openDataSource({ url: config.DATABASE_URL, entities: [], migrations: gatewayMigrations, logger });
    await seedDemoAccounts(ds);
    clients = createServiceClients(Object.fromEntries(SERVICE_NAMES.map((s) => [s, addr(s)])) as Record<ServiceName, string>);
    const deps: GatewayDeps = { config, ds, logger, clients };
    platform = {
      app: createApp(deps),
      deps,
      ds,
      config,
      services,
      appWith: (overrides) => {
        if (overrides.clients) extraClients.push(overrides.clients);
        return createApp({ ...deps, ...overrides });
      },
    };
  });

  return () => {
    if (!platform) throw new Error('usePlatform(): the platform runs only between its beforeAll and afterAll');
    return platform;
  };
}

/** Where a test's gateway sends the calls of the services it does not start: nothing listens there. */
export const NOWHERE = '127.0.0.1:1';

/**
 * The config of a test's gateway: on 127.0.0.1, port 0, logging nothing, over the database at
 * `databaseUrl`, calling each service at its address in `addresses` (those not named: `NOWHERE`).
 * @returns the config, and the address of every service (for `createServiceClients`)
 */
export function gatewayConfigFor(options: { databaseUrl: string; jwtSecret: string; demoMode: boolean; addresses: Partial<Record<ServiceName, string>> }): {
  config: GatewayConfig;
  addresses: Record<ServiceName, string>;
} {
  const addresses = Object.fromEntries(SERVICE_NAMES.map((s) => [s, options.addresses[s] ?? NOWHERE])) as Record<ServiceName, string>;
  const config: GatewayConfig = {
    PORT: 0,
    HOST: '127.0.0.1',
    JWT_SECRET: options.jwtSecret,
    DATABASE_URL: options.databaseUrl,
    REGISTRY_ADDR: addresses.registry,
    CIVIL_AFFAIRS_ADDR: addresses['civil-affairs'],
    FINANCE_ADDR: addresses.finance,
    DISABILITY_ADDR: addresses.disability,
    EDUCATION_ADDR: addresses.education,
    EMPLOYMENT_ADDR: addresses.employment,
    HEALTH_ADDR: addresses.health,
    HOUSING_ADDR: addresses.housing,
    DEMO_MODE: options.demoMode,
    LOG_LEVEL: 'silent',
  };
  return { config, addresses };
}

/** `date` plus `days` calendar days, `YYYY-MM-DD`. */
export const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Registers a household through the API (`POST /api/v1/households`, expecting 201) with the
 * headers `auth`.
 * @returns its id, its version and its persons' ids by their reference in the facts
 */
export async function registerHousehold(app: Express, auth: Record<string, string>, body: Record<string, unknown>) {
  const res = await request(app).post('/api/v1/households').set(auth).send(body);
  expect(res.status).toBe(201);
  return { id: res.body.id as string, version: res.body.version as number, person: Object.fromEntries((res.body.members as { ref: string; personId: string }[]).map((m) => [m.ref, m.personId])) };
}

/** Sign-ins of the demo clerks through the API, for the requests of a test file. */
export interface DemoLogins {
  /** The bearer token of `demo.<department>` (password `demo`), signed in once per department. */
  tokenOf(department: string): Promise<string>;
  /** The `Authorization` header of that clerk (of `defaultDepartment` when none is named). */
  auth(department?: string): Promise<Record<string, string>>;
}

/**
 * Signs in as the demo clerks the platform seeds (`POST /api/v1/auth/login`, expecting 200), each
 * department once, keeping its token for the rest of the file.
 * @param platform the getter `usePlatform` returned
 * @param defaultDepartment whose header `auth()` gives without an argument
 */
export function demoLogins(platform: () => Platform, defaultDepartment: string): DemoLogins {
  const tokens = new Map<string, string>();
  async function tokenOf(department: string): Promise<string> {
    const cached = tokens.get(department);
    if (cached) return cached;
    const res = await request(platform().app).post('/api/v1/auth/login').send({ username: `demo.${department}`, password: 'demo' }).expect(200);
    tokens.set(department, res.body.token as string);
    return res.body.token as string;
  }
  return { tokenOf, auth: async (department = defaultDepartment) => ({ Authorization: `Bearer ${await tokenOf(department)}` }) };
}

let sequence = 100;

/** A member of evaluations.md with a fresh valid ID number matching its birth date and sex. */
export function member(overrides: Record<string, unknown> = {}) {
  const birthDate = (overrides.birthDate as string | undefined) ?? '1950-03-15';
  const sex = (overrides.sex as 'M' | 'F' | undefined) ?? 'M';
  return memberFacts({ idNumber: makeIdNumber('150302', birthDate, (sequence += 2), sex), birthDate, sex, ...overrides }) as MemberFacts & { idNumber: string };
}

/** The household of evaluations.md: urban Haibowan, one elderly man without income (dibao class A). */
export function household(overrides: Record<string, unknown> = {}) {
  return householdFacts([member()], { livingAreaM2: 38.5, ...overrides });
}

/** A registration body: a household plus street and address. */
export function registration(overrides: Record<string, unknown> = {}) {
  return { ...household(), street: '海北街道', address: '海勃湾区海北街道1号', ...overrides };
}

/** Today in the city (UTC+8), `YYYY-MM-DD`. */
export function cityToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Records through the API that `personIds` of the household signed the authorisation to verify
 * today (MCA-2012: no authorisation, no verification), as the clerk whose headers are `auth`.
 * @returns the household's authorisation state (the 201 body)
 */
export async function authorise(app: Express, auth: Record<string, string>, householdId: string, personIds: string[]) {
  const res = await request(app).post(`/api/v1/households/${householdId}/authorisations`).set(auth).send({ personIds, signedAt: cityToday() });
  if (res.status !== 201) throw new Error(`authorisation of ${householdId} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as { complete: boolean; signed: { personId: string }[]; missing: { personId: string; name: string }[] };
}

/** Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
