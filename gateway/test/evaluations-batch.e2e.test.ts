/**
 * `POST /api/v1/evaluations/batch` through the gateway: the registry and civil affairs run
 * in-process on their own databases with a private nats-server (the other services are not needed
 * by this route: their clients point nowhere and are never called), the gateway's app is driven
 * with supertest. Amounts worked by hand from DOMAIN.md's defaults: dibao standard per person and
 * month in 2015 urban 600 yuan, rural 450; supplement, highest single rate, 10 % for disability
 * grade 1–2 or age ≥ 80.
 */
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createClient, householdSnapshotOf, makeIdNumber, toHouseholdFactsMsg, type PlainHousehold, type TypedClient } from '@wuhai/contracts';
import { evaluate, type EvaluationResponse } from '@wuhai/rules';
import { createLogger, openDataSource, signStaffToken, startService, type BaseConfig, type Caller, type RunningService } from '@wuhai/service-kit';
import { householdFacts, memberFacts, useTestDatabase, useTestNats } from '@wuhai/testing';
import { createApp } from '../src/app';
import { closeServiceClients, createServiceClients, type ServiceClients } from '../src/clients/service-clients';
import { gatewayMigrations } from '../src/persistence/migrations/1764400000900-create-gateway';
import { registryService } from '../../services/registry/src/registry.service';
import { civilAffairsService } from '../../services/civil-affairs/src/civil-affairs.service';
import { gatewayConfigFor } from './support/platform';

const JWT_SECRET = 'gateway-batch-secret-0123456789';

let registrySvc: RunningService<BaseConfig> | undefined;
let civilSvc: RunningService<BaseConfig> | undefined;
let clients: ServiceClients | undefined;
let registry: TypedClient<'registry'> | undefined;
let ds: DataSource | undefined;
let app: ReturnType<typeof createApp>;

afterAll(async () => {
  if (clients) closeServiceClients(clients);
  registry?.close();
  await civilSvc?.stop();
  await registrySvc?.stop();
  await ds?.destroy();
});

const natsUrl = useTestNats();
const gatewayDb = useTestDatabase('batch_gateway');
const registryDb = useTestDatabase('batch_gw_registry');
const civilDb = useTestDatabase('batch_gw_civil_affairs');

const token = (department: string, overrides: Partial<Caller> = {}) =>
  `Bearer ${signStaffToken({ staffId: `s-${department}`, username: `${department}.clerk`, department, area: '*', role: 'clerk', ...overrides }, JWT_SECRET)}`;
const auth = (department = 'civil-affairs') => ({ Authorization: token(department) });

const ids = { elderly: '', earner: '', rural: '' };
const idNumbers: string[] = [];

beforeAll(async () => {
  const base = (name: string, db: string) => ({
    SERVICE_NAME: name,
    GRPC_PORT: 0,
    GRPC_HOST: '127.0.0.1',
    DATABASE_URL: db,
    NATS_URL: natsUrl(),
    JWT_SECRET,
    LOG_LEVEL: 'silent' as const,
    DEMO_MODE: false,
  });
  registrySvc = await startService(registryService(base('registry', registryDb())));
  civilSvc = await startService(civilAffairsService({ ...base('civil-affairs', civilDb()), REGISTRY_ADDR: registrySvc.address }));
  const { config, addresses } = gatewayConfigFor({ databaseUrl: gatewayDb(), jwtSecret: JWT_SECRET, demoMode: false, addresses: { registry: registrySvc.address, 'civil-affairs': civilSvc.address } });
  const logger = createLogger('gateway', 'silent');
  ds = await openDataSource({ url: config.DATABASE_URL, entities: [], migrations: gatewayMigrations, logger });
  clients = createServiceClients(addresses);
  app = createApp({ config, ds, logger, clients });

  registry = createClient('registry', registrySvc.address);
  let seq = 700;
  const person = (facts: Record<string, unknown> & { birthDate: string; sex: 'M' | 'F' }, area = '150302') => {
    const idNumber = makeIdNumber(area, facts.birthDate, (seq += 2), facts.sex);
    idNumbers.push(idNumber);
    return memberFacts({ idNumber, ...facts });
  };
  const register = async (members: ReturnType<typeof person>[], street: string, overrides: Partial<PlainHousehold> = {}) =>
    (await registry!.RegisterHousehold({ facts: toHouseholdFactsMsg({ ...householdFacts(members), ...overrides }), street, address: `${street}3号` }, { metadata: { authorization: token('registry') } })).id;
  // a man born 1950, no income, disability grade 2: top-up 600, supplement 10 % = 60 yuan
  ids.elderly = await register([person({ id: 'a', relation: 'head', sex: 'M', birthDate: '1950-03-15', disability: { category: 4, grade: 2 } })], '新华街道');
  // a mother earning 1 200 yuan and her son: 600 a head, not below the standard
  ids.earner = await register(
    [
      person({ id: 'h', relation: 'head', sex: 'F', birthDate: '1980-05-05', monthlyIncomeFen: 120_000, canWork: true, employed: true }),
      person({ id: 'c', relation: 'child', sex: 'M', birthDate: '2012-09-01' }),
    ],
    '海北街道',
  );
  // rural 海南区, a woman born 1930 with 100 yuan: top-up 350, supplement 10 % of 450 = 45 yuan
  ids.rural = await register([person({ id: 'a', relation: 'head', sex: 'F', birthDate: '1930-02-02', monthlyIncomeFen: 10_000 }, '150303')], '拉僧庙镇', {
    area: '150303',
    hukou: 'rural',
  });
});

interface Line {
  type: 'household' | 'summary' | 'error';
  [k: string]: unknown;
}

/** Posts a batch and reads the body as text (NDJSON is not parsed by supertest). */
function post(body: unknown, headers: Record<string, string> = auth()) {
  return request(app)
    .post('/api/v1/evaluations/batch')
    .set(headers)
    .send(body as object)
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    });
}

const linesOf = (text: string) => text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Line);

async function evaluated(householdId: string, asOf: string, programs: readonly string[], explain: boolean): Promise<EvaluationResponse> {
  const h = await registry!.GetHousehold({ id: householdId }, { metadata: { authorization: token('civil-affairs') } });
  return evaluate({ asOf, household: householdSnapshotOf(h.facts) }, { programs, explain });
}

async function auditRows(): Promise<{ username: string; action: string; resource_id: string; detail: Record<string, unknown> }[]> {
  return ds!.query("SELECT username, action, resource_id, detail FROM audit_log WHERE resource_type = 'evaluations' ORDER BY id");
}

describe('who may run a batch', () => {
  test.each(['health', 'registry', 'education'])('when %s staff post a batch, then 403 problem AUTH.WRONG_DEPARTMENT and nothing is evaluated or audited', async (department) => {
    const before = (await auditRows()).length;
    const res = await post({ month: '2015-06' }, auth(department));
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.body as string)).toMatchObject({ status: 403, code: 'AUTH.WRONG_DEPARTMENT', errors: [] });
    expect(await auditRows()).toHaveLength(before);
  });

  test('when the request has no token, then 401', async () => {
    const res = await request(app).post('/api/v1/evaluations/batch').send({ month: '2015-06' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH.MISSING_TOKEN');
  });
});

describe('bad requests', () => {
  test('when the month is not a month, a program unknown and an id no uuid, then 400 problem+json names each field and nothing is audited', async () => {
    const before = (await auditRows()).length;
    const res = await post({ month: '2015-13', programs: ['dibao', 'pension'], householdIds: ['h-1'], explain: 'yes' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(res.body as string) as { code: string; errors: { path: string; code: string; message: string }[] };
    expect(problem.errors.map((e) => e.path)).toEqual(['month', 'programs.1', 'explain', 'householdIds.0']);
    expect(problem.errors[0]).toEqual({ path: 'month', code: 'VALIDATION.INVALID_FORMAT', message: '月份必须为 YYYY-MM / month must be YYYY-MM' });
    expect(problem.code).toBe('VALIDATION.INVALID_FORMAT');
    expect(await auditRows()).toHaveLength(before);
  });

  test('when the month is before the policy, then 400 names month with VALIDATION.MONTH_BEFORE_POLICY', async () => {
    const res = await post({ month: '2013-12' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body as string).errors).toEqual([
      { path: 'month', code: 'VALIDATION.MONTH_BEFORE_POLICY', message: expect.stringMatching(/^月份不能早于2014-01.* \/ month must be 2014-01 or later/) },
    ]);
  });
});

describe('a batch', () => {
  test('when a civil-affairs clerk evaluates June 2015 for dibao, then NDJSON: one line per household with what evaluate answers, then the summary', async () => {
    const programs = ['dibao', 'dibao.supplement'];
    const res = await post({ month: '2015-06', programs });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = linesOf(res.body as string);
    expect(lines.map((l) => l.type)).toEqual(['household', 'household', 'household', 'summary']);
    const households = lines.slice(0, 3);
    expect(households.map((l) => l.householdId).sort()).toEqual(Object.values(ids).sort());
    for (const line of households) {
      expect(line.householdNo).toEqual(expect.any(String));
      expect(line.result).toEqual(await evaluated(line.householdId as string, '2015-06-01', programs, false));
    }
    expect(lines[3]).toEqual({
      type: 'summary',
      month: '2015-06',
      asOf: '2015-06-01',
      explain: false,
      households: 3,
      evaluated: 3,
      errors: 0,
      eligible: 2,
      ineligible: 1,
      needsManualReview: 0,
      programs: [
        { program: 'dibao', period: 'month', lines: 2, households: 2, amountFen: 60_000 + 35_000 },
        { program: 'dibao.supplement', period: 'month', lines: 2, households: 2, amountFen: 6_000 + 4_500 },
      ],
    });
  });

  test('when finance runs every program with explanations, then the lines carry the sentences and no line has a full ID number', async () => {
    const res = await post({ month: '2015-06', explain: true }, auth('finance'));
    expect(res.status).toBe(200);
    const text = res.body as string;
    for (const idNumber of idNumbers) expect(text).not.toContain(idNumber);
    expect(text).not.toMatch(/\d{17}[\dXx]/);
    const lines = linesOf(text);
    const elderly = lines.find((l) => l.householdId === ids.elderly)!;
    const result = elderly.result as EvaluationResponse;
    expect(result).toEqual(await evaluated(ids.elderly, '2015-06-01', (lines[3]!.programs as { program: string }[]).map((p) => p.program), true));
    expect(result.entitlements.find((e) => e.program === 'dibao')!.explanation).not.toBe('');
    expect(lines[3]).toMatchObject({ type: 'summary', explain: true, households: 3 });
    expect((lines[3]!.programs as unknown[]).length).toBe(16);
  });

  test('when ids are listed, one unknown, then the unknown one is an error line, the others are evaluated, and the run is audited', async () => {
    const unknown = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
    const res = await post({ month: '2015-06', programs: ['dibao'], householdIds: [ids.rural, unknown] });
    expect(res.status).toBe(200);
    const lines = linesOf(res.body as string);
    expect(lines.find((l) => l.householdId === unknown)).toEqual({
      type: 'household',
      householdId: unknown,
      householdNo: null,
      error: { code: 'REGISTRY.HOUSEHOLD_NOT_FOUND', message: expect.stringContaining(' / '), memberId: null },
    });
    expect((lines.find((l) => l.householdId === ids.rural)!.result as EvaluationResponse).entitlements).toEqual([
      expect.objectContaining({ program: 'dibao', amountFen: 35_000 }),
    ]);
    expect(lines[lines.length - 1]).toMatchObject({ type: 'summary', households: 2, evaluated: 1, errors: 1 });
    const audited = await auditRows();
    expect(audited[audited.length - 1]).toEqual({
      username: 'civil-affairs.clerk',
      action: 'evaluate-batch',
      resource_id: '2015-06',
      detail: { area: null, programs: ['dibao'], explain: false, householdIds: 2 },
    });
  });

  test('when an area is chosen, then only its households come', async () => {
    const lines = linesOf((await post({ month: '2015-06', programs: ['dibao'], area: '150303' })).body as string);
    expect(lines.map((l) => l.householdId ?? l.type)).toEqual([ids.rural, 'summary']);
  });
});

test('when openapi.json is fetched, then it documents the batch route with its NDJSON lines', async () => {
  const res = await request(app).get('/api/v1/openapi.json').set(auth()).expect(200);
  const op = res.body.paths['/api/v1/evaluations/batch'].post;
  expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '401']));
  expect(Object.keys(op.responses['200'].content)).toEqual(['application/x-ndjson']);
  expect(op.requestBody.content['application/json'].schema).toBeDefined();
  expect(res.body.paths['/api/v1/evaluations'].post).toBeDefined();
});
