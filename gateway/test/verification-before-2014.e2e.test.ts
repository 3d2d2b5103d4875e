/**
 * A verification dated before the income tolerance is in force (decision 0014: the parameters
 * `verification.income-tolerance-rate` and `-minimum` have values from 2014-01-01 on, City §18)
 * is refused through the gateway with a bilingual 400 naming the field (`asOf`, the run's date) and
 * each parameter without a value — and changes nothing: no report, no event, no audit entry, and the
 * Idempotency-Key is not spent. The real registry runs in-process on its own PostgreSQL database
 * with a private nats-server, on a manual clock; the gateway app runs over its own database.
 */
import type { DataSource } from 'typeorm';
import request from 'supertest';
import { makeIdNumber } from '@wuhai/contracts';
import { createLogger, ManualClock, openDataSource, startService, type RunningService } from '@wuhai/service-kit';
import { householdFacts, memberFacts, useTestDatabase, useTestNats } from '@wuhai/testing';
import { createApp } from '../src/app';
import { closeServiceClients, createServiceClients, type ServiceClients } from '../src/clients/service-clients';
import { gatewayMigrations } from '../src/persistence/migrations/1764400000900-create-gateway';
import { seedDemoAccounts } from '../src/persistence/staff-accounts';
import { registryService } from '../../services/registry/src/registry.service';
import { gatewayConfigFor } from './support/platform';
import type { RegistryConfig } from '../../services/registry/src/config';

const JWT_SECRET = 'gateway-before-2014-secret-0123456789';
/** 2013-06-01, 10:00 in Wuhai (UTC+8): seven months before the tolerance is in force. */
const clock = new ManualClock(new Date('2013-06-01T02:00:00Z'));

let registry: RunningService<RegistryConfig> | undefined;
let clients: ServiceClients | undefined;
let ds: DataSource | undefined;
let app: ReturnType<typeof createApp>;

afterAll(async () => {
  if (clients) closeServiceClients(clients);
  await registry?.stop();
  await ds?.destroy();
});

const natsUrl = useTestNats();
const registryDb = useTestDatabase('gw2013_registry');
const gatewayDb = useTestDatabase('gw2013_gateway');

beforeAll(async () => {
  registry = await startService(
    registryService(
      { SERVICE_NAME: 'registry', GRPC_PORT: 0, GRPC_HOST: '127.0.0.1', DATABASE_URL: registryDb(), NATS_URL: natsUrl(), JWT_SECRET, LOG_LEVEL: 'silent', DEMO_MODE: false },
      clock,
    ),
  );
  // this file calls the registry only: the other services are not started (nothing listens there)
  const { config, addresses } = gatewayConfigFor({ databaseUrl: gatewayDb(), jwtSecret: JWT_SECRET, demoMode: true, addresses: { registry: registry!.address } });
  const logger = createLogger('gateway', 'silent');
  ds = await openDataSource({ url: gatewayDb(), entities: [], migrations: gatewayMigrations, logger });
  await seedDemoAccounts(ds);
  clients = createServiceClients(addresses);
  app = createApp({ config, ds, logger, clients });
});

async function login(service: string) {
  const res = await request(app).post('/api/v1/auth/login').send({ username: `demo.${service}`, password: 'demo' }).expect(200);
  return { Authorization: `Bearer ${res.body.token as string}` };
}

const query = async <T>(sql: string, params: unknown[] = []) => (await registry!.ds.query(sql, params)) as T[];

test('when a verification runs on 2013-06-01, then 400 names asOf and both tolerance parameters in Chinese and English, and nothing is stored; on 2014-01-02 the same key runs it', async () => {
  // 韩家: one adult, registered and authorised in May 2013
  const head = memberFacts({ id: 'head', name: '韩立', birthDate: '1960-03-03', sex: 'M', idNumber: makeIdNumber('150302', '1960-03-03', 41, 'M') });
  const registered = await request(app)
    .post('/api/v1/households')
    .set(await login('registry'))
    .send({ ...householdFacts([head]), street: '海北街道', address: '海勃湾区海北街道7号' });
  expect(registered.status).toBe(201);
  const householdId = registered.body.id as string;
  const clerk = await login('civil-affairs');
  const signed = await request(app).post(`/api/v1/households/${householdId}/authorisations`).set(clerk).send({ personIds: [registered.body.members[0].personId], signedAt: '2013-05-20' });
  expect(signed.status).toBe(201);
  expect(signed.body.complete).toBe(true);
  const outboxBefore = await query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');

  const key = `verify-2013-${householdId}`;
  const res = await request(app).post('/api/v1/verifications').set(clerk).set('Idempotency-Key', key).send({ householdId });
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 400, code: 'RULES.MISSING_PARAMETER' });
  expect(res.body.detail).toBe(
    '核对日期 2013-06-01 没有生效的收入容差参数：verification.income-tolerance-rate, verification.income-tolerance-minimum，无法核对 / ' +
      'no income tolerance is in force on the verification date 2013-06-01 (verification.income-tolerance-rate, verification.income-tolerance-minimum): the verification cannot run',
  );
  expect(res.body.errors).toEqual([
    {
      path: 'asOf',
      code: 'RULES.MISSING_PARAMETER',
      message: '参数“verification.income-tolerance-rate”在 2013-06-01 没有取值（自 2014-01-01 起生效）/ parameter "verification.income-tolerance-rate" has no value on 2013-06-01 (in force from 2014-01-01)',
    },
    {
      path: 'asOf',
      code: 'RULES.MISSING_PARAMETER',
      message: '参数“verification.income-tolerance-minimum”在 2013-06-01 没有取值（自 2014-01-01 起生效）/ parameter "verification.income-tolerance-minimum" has no value on 2013-06-01 (in force from 2014-01-01)',
    },
  ]);

  // nothing changed: no report, no event, no audit entry of a run
  expect(await query('SELECT id FROM verification_reports WHERE household_id = $1', [householdId])).toEqual([]);
  expect(await query<{ n: number }>('SELECT count(*)::int AS n FROM outbox')).toEqual(outboxBefore);
  expect(await ds!.query("SELECT 1 FROM audit_log WHERE action = 'verification.run'")).toEqual([]);

  // the key was not spent: once the tolerance is in force the same request runs
  clock.set(new Date('2014-01-02T02:00:00Z'));
  const later = await request(app).post('/api/v1/verifications').set(clerk).set('Idempotency-Key', key).send({ householdId });
  expect(later.status).toBe(201);
  expect(later.body).toMatchObject({ householdId, version: 1, asOf: '2014-01-02' });
  expect(later.body.parameters.map((p: { name: string; effectiveFrom: string }) => [p.name, p.effectiveFrom])).toEqual([
    ['verification.income-tolerance-rate', '2014-01-01'],
    ['verification.income-tolerance-minimum', '2014-01-01'],
  ]);
});
