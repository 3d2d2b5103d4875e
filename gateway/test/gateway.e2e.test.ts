/**
 * End-to-end tests of the gateway: the eight real services run in-process against their own
 * PostgreSQL databases and a private NATS; the gateway's app is driven over HTTP with supertest.
 */
import pino from 'pino';
import request from 'supertest';
import { createServiceClients } from '../src/clients/service-clients';
import { requestHash } from '../src/middleware/idempotency';
import { authorise, demoLogins, eventually, household, member, registration, usePlatform } from './support/platform';

const platform = usePlatform();
const http = () => request(platform().app);
const { tokenOf, auth } = demoLogins(platform, 'civil-affairs');

async function auditRows(resourceType: string, resourceId: string) {
  return platform().ds.query('SELECT username, department, action FROM audit_log WHERE resource_type = $1 AND resource_id = $2', [
    resourceType,
    resourceId,
  ]) as Promise<{ username: string; department: string; action: string }[]>;
}

/** Person ids of the households registered here, for their signatures at the intake window. */
const membersOf = new Map<string, string[]>();

async function register(body: Record<string, unknown> = registration()) {
  const res = await http().post('/api/v1/households').set(await auth('registry')).send(body);
  expect(res.status).toBe(201);
  const created = res.body as { id: string; members: { ref: string; personId: string }[] };
  membersOf.set(created.id, created.members.map((m) => m.personId));
  return created;
}

/** Applies for dibao; the members sign the authorisation to verify first (MCA-2012), as at the window. */
async function apply(householdId: string, key?: string) {
  const personIds = membersOf.get(householdId);
  if (personIds) await authorise(platform().app, await auth(), householdId, personIds);
  const req = http().post('/api/v1/applications').set(await auth());
  if (key) req.set('Idempotency-Key', key);
  return req.send({ householdId, programs: ['dibao'], note: '申请低保', declarationSigned: true, authorisationSigned: true });
}

describe('signing in', () => {
  test('when a demo clerk signs in with the right password, then a token carrying the department is returned', async () => {
    const res = await http().post('/api/v1/auth/login').send({ username: 'demo.finance', password: 'demo' }).expect(200);
    const payload = JSON.parse(Buffer.from(String(res.body.token).split('.')[1]!, 'base64url').toString('utf8'));
    expect(payload).toMatchObject({ username: 'demo.finance', department: 'finance', area: '*', role: 'clerk' });
  });

  test('when the password is wrong, then 401 problem AUTH.BAD_CREDENTIALS', async () => {
    const res = await http().post('/api/v1/auth/login').send({ username: 'demo.finance', password: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 401, code: 'AUTH.BAD_CREDENTIALS', errors: [] });
    expect(res.body.title).toMatch(/未登录.*\/ Not authenticated/);
  });

  test('when the username is unknown, then the same 401 as a wrong password', async () => {
    const res = await http().post('/api/v1/auth/login').send({ username: 'nobody', password: 'demo' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH.BAD_CREDENTIALS');
  });

  test('when failed sign-ins exceed the limit, then 429 problem AUTH.TOO_MANY_ATTEMPTS', async () => {
    const app = platform().appWith({ loginRateLimit: { limit: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) await request(app).post('/api/v1/auth/login').send({ username: 'demo.health', password: 'x' }).expect(401);
    const res = await request(app).post('/api/v1/auth/login').send({ username: 'demo.health', password: 'demo' });
    expect(res.status).toBe(429);
    expect(res.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
  });

  test('when a request has no token or a forged one, then 401 problem', async () => {
    const none = await http().get('/api/v1/cases');
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('AUTH.MISSING_TOKEN');
    const forged = await http().get('/api/v1/cases').set('Authorization', 'Bearer abc.def.ghi');
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('AUTH.INVALID_TOKEN');
  });
});

describe('health', () => {
  test('when the gateway runs, then /healthz answers ok', async () => {
    await http().get('/healthz').expect(200, { status: 'ok' });
  });

  test('when all eight services are up, then /readyz is 200 and lists each as SERVING', async () => {
    const res = await http().get('/readyz').expect(200);
    expect(res.body.ready).toBe(true);
    expect(res.body.services).toEqual({
      registry: 'SERVING',
      'civil-affairs': 'SERVING',
      finance: 'SERVING',
      disability: 'SERVING',
      education: 'SERVING',
      employment: 'SERVING',
      health: 'SERVING',
      housing: 'SERVING',
    });
  });

  test('when one service does not answer, then /readyz is 503 and names it UNREACHABLE', async () => {
    const p = platform();
    const addresses = Object.fromEntries(Object.entries(p.services).map(([name, s]) => [name, s.address])) as Parameters<typeof createServiceClients>[0];
    const clients = createServiceClients({ ...addresses, housing: '127.0.0.1:1' });
    const res = await request(p.appWith({ clients })).get('/readyz');
    expect(res.status).toBe(503);
    expect(res.body.ready).toBe(false);
    expect(res.body.services.housing).toBe('UNREACHABLE');
    expect(res.body.services.registry).toBe('SERVING');
  });
});

describe('POST /api/v1/evaluations', () => {
  test('when an elderly man without income asks, then the dibao line comes with its amount and clauses', async () => {
    const res = await http().post('/api/v1/evaluations').set(await auth('finance')).send({ asOf: '2015-06-01', household: household() });
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe('2015-06-01');
    expect(res.body.dibaoClass).toBe('A');
    const dibao = res.body.entitlements.find((e: { program: string }) => e.program === 'dibao');
    expect(dibao).toMatchObject({ memberId: null, period: 'month' });
    expect(Number.isInteger(dibao.amountFen) && dibao.amountFen > 0).toBe(true);
    expect(dibao.clauses.length).toBeGreaterThan(0);
    expect(dibao.clauses.join(' ')).toMatch(/City §|Reg\. Art\.|MCA-2012 Art\./);
  });

  const bad = (patch: (h: ReturnType<typeof household>) => void, asOf = '2015-06-01') => {
    const h = household();
    patch(h);
    return { asOf, household: h };
  };
  const cases: [string, object, string, string | null][] = [
    ['a wrong ID check digit', bad((h) => (h.members[0]!.idNumber = `${h.members[0]!.idNumber.slice(0, 17)}${h.members[0]!.idNumber.endsWith('0') ? '1' : '0'}`)), 'household.members.0.idNumber', 'VALIDATION.ID_NUMBER_CHECKSUM'],
    ['an impossible birth date', bad((h) => Object.assign(h.members[0]!, { birthDate: '1950-02-30', idNumber: null })), 'household.members.0.birthDate', null],
    ['a future birth date', bad((h) => Object.assign(h.members[0]!, { birthDate: '2999-01-01', idNumber: null })), 'household.members.0.birthDate', null],
    ['an impossible asOf', bad(() => undefined, '2015-13-01'), 'asOf', null],
    ['a member born after the evaluation date', bad((h) => Object.assign(h.members[0]!, { birthDate: '2020-03-03', idNumber: null }), '2015-06-01'), 'household.members.0.birthDate', 'RULES.MEMBER_NOT_YET_BORN'],
    ['a negative income', bad((h) => (h.members[0]!.monthlyIncomeFen = -1)), 'household.members.0.monthlyIncomeFen', 'VALIDATION.TOO_SMALL'],
    ['a fractional amount of fen', bad((h) => (h.assets.financialFen = 10.5)), 'household.assets.financialFen', null],
    ['an unknown area code', bad((h) => (h.area = '150399')), 'household.area', 'VALIDATION.INVALID_VALUE'],
    ['an empty member list', bad((h) => (h.members = [])), 'household.members', 'VALIDATION.TOO_SMALL'],
    ['more than 30 members', bad((h) => (h.members = Array.from({ length: 31 }, (_, i) => member({ id: `m${i}`, relation: i ? 'child' : 'head' })))), 'household.members', 'VALIDATION.TOO_BIG'],
  ];
  test.each(cases)('when the household has %s, then 400 problem naming the field', async (_what, body, path, code) => {
    const res = await http().post('/api/v1/evaluations').set(await auth()).send(body);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const field = (res.body.errors as { path: string; code: string; message: string }[]).find((e) => e.path === path);
    expect(field).toBeDefined();
    if (code) expect(field!.code).toBe(code);
    expect(field!.message).toMatch(/ \/ /); // Chinese / English
  });

  test('when several fields are bad at once, then every one is named', async () => {
    const body = bad((h) => {
      h.area = 'nowhere';
      h.members[0]!.monthlyIncomeFen = -5;
      h.assets.businessCapitalFen = 0.5;
    });
    const res = await http().post('/api/v1/evaluations').set(await auth()).send(body).expect(400);
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['household.area', 'household.members.0.monthlyIncomeFen', 'household.assets.businessCapitalFen']));
  });

  test('when the body is over 256 KiB, then 413 problem', async () => {
    const res = await http()
      .post('/api/v1/evaluations')
      .set(await auth())
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ asOf: '2015-06-01', household: household(), padding: 'x'.repeat(300 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('REQUEST.TOO_LARGE');
  });

  test('when the body is not JSON, then 400 problem VALIDATION.INVALID_JSON', async () => {
    const res = await http().post('/api/v1/evaluations').set(await auth()).set('Content-Type', 'application/json').send('{"asOf":');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION.INVALID_JSON');
  });
});

describe('households and persons', () => {
  test('when a household is registered, then 201 maps each member reference to a person id, and reading it back is audited', async () => {
    const spouse = member({ id: 'wife', name: '李四', sex: 'F', birthDate: '1952-07-01', relation: 'spouse' });
    const body = registration({ members: [member({ id: 'head' }), spouse] });
    const created = await register(body);
    expect(created.members.map((m) => m.ref)).toEqual(['head', 'wife']);

    const res = await http().get(`/api/v1/households/${created.id}`).set(await auth('civil-affairs')).expect(200);
    expect(res.body).toMatchObject({ id: created.id, street: '海北街道', address: '海勃湾区海北街道1号', version: 1 });
    expect(typeof res.body.householdNo).toBe('string');
    expect(res.body.household.assets.financialFen).toBe(0);
    const members = res.body.household.members as { id: string; personId: string; idNumber: string; monthlyIncomeFen: number }[];
    const mask = (idn: string) => `${idn.slice(0, 6)}********${idn.slice(-4)}`;
    expect(members.map((m) => m.idNumber)).toEqual([mask(body.members[0]!.idNumber), mask(spouse.idNumber)]);
    expect(members.map((m) => m.id)).toEqual(created.members.map((m) => m.personId));
    expect(members[0]!.monthlyIncomeFen).toBe(0);
    expect(res.body.history.length).toBeGreaterThan(0);

    const revealed = await http().get(`/api/v1/households/${created.id}?reveal=idNumber`).set(await auth('civil-affairs')).expect(200);
    expect(revealed.body.household.members.map((m: { idNumber: string }) => m.idNumber)).toEqual([body.members[0]!.idNumber, spouse.idNumber]);

    const rows = await auditRows('household', created.id);
    expect(rows).toEqual([
      // the 201 of the registration carried the full numbers
      { username: 'demo.registry', department: 'registry', action: 'household.register.reveal-id-numbers' },
      { username: 'demo.civil-affairs', department: 'civil-affairs', action: 'household.read' },
      { username: 'demo.civil-affairs', department: 'civil-affairs', action: 'household.read.reveal-id-numbers' },
    ]);
  });

  test('when households are searched by name and area, then matches come back with masked ID numbers; with no filter, 400', async () => {
    const body = registration({ members: [member({ id: 'head', name: '乌兰图雅' })] });
    const created = await register(body);
    const res = await http().get(`/api/v1/households?name=${encodeURIComponent('乌兰')}&area=150302`).set(await auth('civil-affairs')).expect(200);
    const hit = (res.body.households as { householdId: string; headIdNumberMasked: string; matchedName: string }[]).find((x) => x.householdId === created.id);
    expect(hit).toMatchObject({ headIdNumberMasked: `${body.members[0]!.idNumber.slice(0, 6)}********${body.members[0]!.idNumber.slice(-4)}`, matchedName: '乌兰图雅' });
    const none = await http().get('/api/v1/households').set(await auth('civil-affairs')).expect(400);
    expect(none.body.errors[0]).toMatchObject({ path: 'name' });
  });

  test("when a household's income is patched, then the change is recorded with old and new value; a stale If-Match is 409; an unknown field is 400 and changes nothing", async () => {
    const body = registration();
    const created = await register(body);
    const personId = created.members[0]!.personId;
    const res = await http()
      .patch(`/api/v1/households/${created.id}`)
      .set(await auth('civil-affairs'))
      .set('If-Match', '1')
      .send({ members: [{ personId, monthlyIncomeFen: 120000 }], livingAreaM2: 20 })
      .expect(200);
    expect(res.body.version).toBe(2);
    expect(res.body.household.members[0].monthlyIncomeFen).toBe(120000);
    const change = (res.body.history as { field: string; oldValue: unknown; newValue: unknown }[]).find((c) => c.field === `members.${personId}.monthlyIncomeFen`);
    expect(change).toMatchObject({ oldValue: 0, newValue: 120000 });
    await http().patch(`/api/v1/households/${created.id}`).set(await auth('civil-affairs')).set('If-Match', '1').send({ livingAreaM2: 30 }).expect(409);
    const bad = await http().patch(`/api/v1/households/${created.id}`).set(await auth('civil-affairs')).send({ livingAreaM2: 31, hukou: 'rural' }).expect(400);
    expect(bad.body.code).toMatch(/^VALIDATION/);
    const after = await http().get(`/api/v1/households/${created.id}`).set(await auth('civil-affairs')).expect(200);
    expect(after.body.household.livingAreaM2).toBe(20);
    expect(after.body.version).toBe(2);
  });

  test('when an ID number is looked up, then the person and their household come back and the read is audited', async () => {
    const body = registration();
    const created = await register(body);
    const idNumber = body.members[0]!.idNumber;
    const res = await http().get(`/api/v1/persons/${idNumber}`).set(await auth('health')).expect(200);
    expect(res.body).toMatchObject({ personId: created.members[0]!.personId, householdId: created.id, area: '150302', street: '海北街道' });
    expect(res.body.person.idNumber).toBe(idNumber);
    expect(await auditRows('person', created.members[0]!.personId)).toEqual([{ username: 'demo.health', department: 'health', action: 'person.read' }]);
  });

  test('when the ID number in the path is malformed, then 400 problem naming idNumber', async () => {
    const res = await http().get('/api/v1/persons/15030219500315001X').set(await auth()).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'idNumber', code: 'VALIDATION.ID_NUMBER_CHECKSUM' })]);
  });

  test('when an ID number is already registered in another household, then 409 naming the member and nothing of the second household is stored', async () => {
    const first = registration();
    const firstCreated = await register(first);
    const newcomer = member({ id: 'new', name: '王五', birthDate: '1980-05-05', relation: 'head' });
    const duplicate = { ...first.members[0]!, id: 'dup', relation: 'spouse' };
    const res = await http()
      .post('/api/v1/households')
      .set(await auth('registry'))
      .send(registration({ members: [newcomer, duplicate] }));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('REGISTRY.ID_NUMBER_IN_ANOTHER_HOUSEHOLD');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'members.1.idNumber', code: 'REGISTRY.ID_NUMBER_IN_ANOTHER_HOUSEHOLD' })]);

    const person = await http().get(`/api/v1/persons/${first.members[0]!.idNumber}`).set(await auth()).expect(200);
    expect(person.body.householdId).toBe(firstCreated.id);
    const other = await http().get(`/api/v1/persons/${newcomer.idNumber}`).set(await auth());
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('REGISTRY.PERSON_NOT_FOUND');
  });

  test('when the household has no members, then 400 problem naming members', async () => {
    const res = await http().post('/api/v1/households').set(await auth('registry')).send(registration({ members: [] })).expect(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'members', code: 'VALIDATION.TOO_SMALL' })]));
  });

  test('when a member has no ID number or the street is missing, then 400 names both', async () => {
    const { street: _street, ...body } = registration({ members: [member({ idNumber: undefined })] });
    const res = await http().post('/api/v1/households').set(await auth('registry')).send(body).expect(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'members.0.idNumber', code: 'VALIDATION.ID_NUMBER_REQUIRED' }),
        expect.objectContaining({ path: 'street' }),
      ]),
    );
  });

  test('when the household id is unknown, then 404 problem from the registry', async () => {
    const res = await http().get('/api/v1/households/00000000-0000-4000-8000-000000000000').set(await auth()).expect(404);
    expect(res.body.code).toBe('REGISTRY.HOUSEHOLD_NOT_FOUND');
  });
});

describe('applications, idempotency and the dibao procedure', () => {
  test('when the same Idempotency-Key is sent twice, then one case is opened and the first response is replayed', async () => {
    const { id: householdId } = await register();
    const first = await apply(householdId, `key-${householdId}`);
    expect(first.status).toBe(201);
    expect(first.body.routes).toEqual([expect.objectContaining({ service: 'civil-affairs', program: 'dibao', status: 'submitted' })]);
    const again = await apply(householdId, `key-${householdId}`);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);

    const queue = await http().get('/api/v1/cases').set(await auth()).query({ limit: 200 }).expect(200);
    const mine = (queue.body.cases as { householdId: string }[]).filter((c) => c.householdId === householdId);
    expect(mine).toHaveLength(1);

    const second = await apply(householdId, `another-${householdId}`);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('DIBAO.OPEN_CASE_EXISTS');
  });

  test('when an Idempotency-Key is reused with another body, then 409 IDEMPOTENCY.KEY_REUSED', async () => {
    const { id: householdId } = await register();
    await apply(householdId, `reuse-${householdId}`);
    const res = await http()
      .post('/api/v1/applications')
      .set(await auth())
      .set('Idempotency-Key', `reuse-${householdId}`)
      .send({ householdId, programs: ['unsure'], note: 'other', declarationSigned: true, authorisationSigned: true });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
  });

  test('when the first request with a key is still in flight, then a duplicate gets 409 IDEMPOTENCY.IN_PROGRESS', async () => {
    const { id: householdId } = await register();
    const body = { householdId, programs: ['dibao'], note: '申请低保', declarationSigned: true, authorisationSigned: true };
    // the reservation a concurrent first request holds while it runs
    await platform().ds.query(
      'INSERT INTO idempotency_keys (key, username, method, path, request_hash) VALUES ($1, $2, $3, $4, $5)',
      [`flight-${householdId}`, 'demo.civil-affairs', 'POST', '/api/v1/applications', requestHash('POST', '/api/v1/applications', body)],
    );
    const res = await http().post('/api/v1/applications').set(await auth()).set('Idempotency-Key', `flight-${householdId}`).send(body);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('IDEMPOTENCY.IN_PROGRESS');
  });

  test('when a finance clerk tries to move a dibao case, then 403', async () => {
    const { id: householdId } = await register();
    const app = await apply(householdId);
    const caseId = app.body.routes[0].caseId as string;
    const res = await http().post(`/api/v1/cases/${caseId}/transitions`).set(await auth('finance')).send({ action: 'verify', note: '' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('AUTH.WRONG_DEPARTMENT');
  });

  test('when a case is approved before it was verified, then 409 and the case is unchanged', async () => {
    const { id: householdId } = await register();
    const caseId = (await apply(householdId)).body.routes[0].caseId as string;
    const res = await http().post(`/api/v1/cases/${caseId}/transitions`).set(await auth()).send({ action: 'approve', note: '' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DIBAO.ACTION_NOT_ALLOWED');
    const now = await http().get(`/api/v1/cases/${caseId}`).set(await auth()).expect(200);
    expect(now.body).toMatchObject({ status: 'submitted', statusLabel: '已受理' });
  });

  test('when the action is not one of the four, then 400 naming action', async () => {
    const res = await http().post('/api/v1/cases/00000000-0000-4000-8000-000000000000/transitions').set(await auth()).send({ action: 'approve-now' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'action' })]);
  });

  test('when a case is read, then it carries numbers, the parsed evaluation, the Chinese status, and the read is audited', async () => {
    const { id: householdId } = await register();
    const caseId = (await apply(householdId)).body.routes[0].caseId as string;
    const res = await http().get(`/api/v1/cases/${caseId}`).set(await auth()).expect(200);
    expect(res.body).toMatchObject({ id: caseId, householdId, program: 'dibao', status: 'submitted', statusLabel: '已受理', dibaoClass: 'A' });
    expect(Number.isInteger(res.body.monthlyAmountFen) && res.body.monthlyAmountFen > 0).toBe(true);
    expect(res.body.evaluation).toMatchObject({ status: 'ELIGIBLE' });
    expect(res.body).not.toHaveProperty('evaluationJson');
    expect(await auditRows('dibao-case', caseId)).toEqual([{ username: 'demo.civil-affairs', department: 'civil-affairs', action: 'case.read' }]);
  });

  test('when registry staff ask for a work queue, then 403; referral departments get their own queue', async () => {
    const reg = await http().get('/api/v1/cases').set(await auth('registry'));
    expect(reg.status).toBe(403);
    const disability = await http().get('/api/v1/cases').set(await auth('disability')).expect(200);
    expect(Array.isArray(disability.body.cases)).toBe(true);
    expect(disability.body).toHaveProperty('nextAfter');
  });

  test('when a department does not answer, then the application shows it unavailable and the others still answer', async () => {
    const { id: householdId } = await register();
    const appId = (await apply(householdId)).body.id as string;
    const p = platform();
    const addresses = Object.fromEntries(Object.entries(p.services).map(([name, s]) => [name, s.address])) as Parameters<typeof createServiceClients>[0];
    const clients = createServiceClients({ ...addresses, education: '127.0.0.1:1' });
    const res = await request(p.appWith({ clients })).get(`/api/v1/applications/${appId}`).set(await auth()).expect(200);
    const states = Object.fromEntries((res.body.departments as { service: string; state: string }[]).map((d) => [d.service, d.state]));
    expect(states).toEqual({ finance: 'ok', disability: 'ok', education: 'unavailable', employment: 'ok', health: 'ok', housing: 'ok' });
  });

  test('when a case goes through verification and a full notice, then it is approved and finance and the departments show it', async () => {
    const body = registration({ members: [member({ id: 'head', disability: { category: 4, grade: 2 } })] });
    const { id: householdId } = await register(body);
    const application = await apply(householdId, `full-${householdId}`);
    const caseId = application.body.routes[0].caseId as string;
    const move = (action: string, note = '') => http().post(`/api/v1/cases/${caseId}/transitions`).set(auth_).send({ action, note });
    const auth_ = await auth();

    expect((await move('verify', '入户调查属实')).body.status).toBe('verified');
    const noticed = await move('start_notice');
    expect(noticed.status).toBe(200);
    expect(noticed.body).toMatchObject({ status: 'under_notice', statusLabel: '公示中' });
    const early = await move('approve');
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('DIBAO.NOTICE_NOT_ENDED');

    const clock = await http().post('/api/v1/demo/clock').set(auth_).send({ days: 8 }).expect(200);
    expect(clock.body.offsetDays).toBeGreaterThanOrEqual(8);
    const approved = await move('approve', '公示无异议');
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', statusLabel: '已批准' });
    const month = approved.body.paymentFromMonth as string;

    const view = await eventually('finance to record the obligation', async () => {
      const res = await http().get(`/api/v1/applications/${application.body.id}`).set(auth_).expect(200);
      const finance = (res.body.departments as { service: string; items: unknown[] }[]).find((d) => d.service === 'finance')!;
      return finance.items.length > 0 ? res.body : undefined;
    });
    const financeItems = view.departments.find((d: { service: string }) => d.service === 'finance').items as { program: string; amountFen: number }[];
    expect(financeItems.find((i) => i.program === 'dibao')).toMatchObject({ period: 'month', status: 'active' });
    // the top-up and the supplements add up to the case's monthly amount
    expect(financeItems.reduce((s, i) => s + i.amountFen, 0)).toBe(approved.body.monthlyAmountFen);
    expect(view.routes[0]).toMatchObject({ caseId, status: 'approved' });

    // the departments record their referrals from the same approval event
    const referred = await eventually('the disability and health referrals', async () => {
      const res = await http().get(`/api/v1/applications/${application.body.id}`).set(auth_).expect(200);
      const items = (service: string) => (res.body.departments as { service: string; items: unknown[] }[]).find((d) => d.service === service)!.items;
      return items('disability').length > 0 && items('health').length > 0 ? { disability: items('disability'), health: items('health') } : undefined;
    });
    expect(referred.disability[0]).toMatchObject({ program: 'disability.assistance', memberName: '张三', amountFen: 0, period: 'once', status: 'open' });
    expect((referred.disability[0] as { clauses: string[] }).clauses).toContain('City §21');
    const queue = await http().get('/api/v1/cases').query({ program: 'disability.assistance' }).set(await auth('disability')).expect(200);
    expect(queue.body.cases).toEqual(expect.arrayContaining([expect.objectContaining({ householdId, caseId, memberName: '张三', program: 'disability.assistance' })]));

    const obligations = await http().get('/api/v1/finance/obligations').query({ month }).set(await auth('finance')).expect(200);
    expect(obligations.body.month).toBe(month);
    const lines = (obligations.body.obligations as { caseId: string; monthlyAmountFen: number }[]).filter((o) => o.caseId === caseId);
    expect(lines.reduce((s, o) => s + o.monthlyAmountFen, 0)).toBe(approved.body.monthlyAmountFen);
    expect(typeof obligations.body.totalFen).toBe('number');
    expect(obligations.body.totalFen).toBeGreaterThanOrEqual(approved.body.monthlyAmountFen);

    // another department sees only what it holds itself, and never full ID numbers
    const asDisability = await http().get(`/api/v1/applications/${application.body.id}`).set(await auth('disability')).expect(200);
    expect((asDisability.body.departments as { service: string }[]).map((d) => d.service)).toEqual(['disability']);
    const reveal = await http().get(`/api/v1/households/${householdId}?reveal=idNumber`).set(await auth('disability')).expect(403);
    expect(reveal.body.code).toBe('AUTH.REVEAL_NOT_ALLOWED');
  });

  test('when the month is malformed, then 400 naming month; when a clerk of another department asks, then 403', async () => {
    const bad = await http().get('/api/v1/finance/obligations').query({ month: '2026-13' }).set(await auth('finance')).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'month' })]);
    await http().get('/api/v1/finance/obligations').query({ month: '2026-01' }).set(await auth('housing')).expect(403);
  });
});

describe('the rest of the surface', () => {
  test('when requests are logged, then neither ID numbers, tokens nor bodies appear in the log', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const app = platform().appWith({ logger });
    const body = registration();
    const created = await request(app).post('/api/v1/households').set(await auth('registry')).send(body).expect(201);
    const idNumber = body.members[0]!.idNumber;
    await request(app).get(`/api/v1/persons/${idNumber}`).set(await auth('registry')).expect(200);
    const log = lines.join('');
    expect(log).toContain('/api/v1/persons/150302');
    expect(log).toContain('********');
    expect(log).not.toContain(idNumber);
    expect(log).not.toContain(await tokenOf('registry'));
    expect(log).not.toContain('海北街道');
    expect(created.body.id).toEqual(expect.any(String));
    expect(log).toContain('"statusCode":201');
  });


  test('when openapi.json is fetched, then it is an OpenAPI 3.1 document with every path', async () => {
    const res = await http().get('/api/v1/openapi.json').set(await auth()).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/evaluations',
        '/api/v1/households',
        '/api/v1/households/{id}',
        '/api/v1/persons/{idNumber}',
        '/api/v1/applications',
        '/api/v1/applications/{id}',
        '/api/v1/cases',
        '/api/v1/cases/{id}',
        '/api/v1/cases/{id}/transitions',
        '/api/v1/finance/obligations',
        '/readyz',
      ]),
    );
    const evaluation = res.body.paths['/api/v1/evaluations'].post.requestBody.content['application/json'].schema;
    expect(evaluation.properties.household.properties.area.enum).toEqual(['150302', '150303', '150304']);
  });

  test('when an unknown API path is asked for, then 404 problem', async () => {
    const res = await http().get('/api/v1/nothing-here').set(await auth());
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('ROUTE.NOT_FOUND');
  });

  test('when demo mode is off, then the demo clock does not exist', async () => {
    const p = platform();
    const app = p.appWith({ config: { ...p.config, DEMO_MODE: false } });
    const res = await request(app).get('/api/v1/demo/clock').set(await auth());
    expect(res.status).toBe(404);
  });
});
