/**
 * End to end through the gateway: deaths and moves (City §18; docs/decisions/0013-deaths-and-moves.md).
 * `POST /api/v1/persons/{idNumber}/death`, `POST /api/v1/persons/{idNumber}/moves`, a registration
 * of someone who belongs to another household, and a possible split household in the duplicates
 * list. The eight real services run in-process on their own databases with a private NATS.
 */
import request from 'supertest';
import { cityToday, demoLogins, member, plusDays, registerHousehold, registration, usePlatform } from './support/platform';

const platform = usePlatform();
const http = () => request(platform().app);
const { auth } = demoLogins(platform, 'registry');

const register = async (body: Record<string, unknown>) => registerHousehold(platform().app, await auth(), body);

async function audited(action: string, resourceId: string) {
  return (await platform().ds.query('SELECT department, detail FROM audit_log WHERE action = $1 AND resource_id = $2', [action, resourceId])) as {
    department: string;
    detail: Record<string, unknown>;
  }[];
}

// 周家 at 海勃湾区海北街道30号: head, spouse, a grown-up son.
const head = member({ id: 'head', name: '周国庆', birthDate: '1960-10-01' });
const spouse = member({ id: 'spouse', name: '吴芳', sex: 'F', birthDate: '1962-02-02', relation: 'spouse' });
const son = member({ id: 'son', name: '周明', birthDate: '1990-09-09', relation: 'child' });
let zhou = { id: '', person: {} as Record<string, string> };

beforeAll(async () => {
  zhou = await register(registration({ members: [head, spouse, son], street: '海北街道', address: '海勃湾区海北街道30号' }));
});

describe('POST /api/v1/persons/{idNumber}/death', () => {
  test('when the death date is tomorrow, then 400 names deathDate in Chinese and English; a malformed date or unknown source is 400 too; nothing changes', async () => {
    const tomorrow = plusDays(cityToday(), 1);
    const future = await http().post(`/api/v1/persons/${spouse.idNumber}/death`).set(await auth()).send({ deathDate: tomorrow, source: 'family' });
    expect(future.status).toBe(400);
    expect(future.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(future.body.errors).toEqual([
      { path: 'deathDate', code: 'VALIDATION.DEATH_DATE_IN_FUTURE', message: `死亡日期不能晚于今天（${cityToday()}）/ the death date must not be after today (${cityToday()})` },
    ]);
    const malformed = await http().post(`/api/v1/persons/${spouse.idNumber}/death`).set(await auth()).send({ deathDate: '2026-02-30', source: 'rumour' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['deathDate', 'source']);
    const household = await http().get(`/api/v1/households/${zhou.id}`).set(await auth()).expect(200);
    expect(household.body.household.members).toHaveLength(3);
    expect(household.body.version).toBe(1);
  });

  test('when the head dies without a new head named, then 400 REGISTRY.NEW_HEAD_REQUIRED lists who may be named', async () => {
    const res = await http().post(`/api/v1/persons/${head.idNumber}/death`).set(await auth()).send({ deathDate: cityToday(), source: 'public-security' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('REGISTRY.NEW_HEAD_REQUIRED');
    expect(res.body.errors[0].path).toBe('newHeadPersonId');
    expect(res.body.errors[0].message).toContain(`吴芳（${zhou.person.spouse}）`);
  });

  test('when a finance clerk records a death, then 403', async () => {
    const res = await http().post(`/api/v1/persons/${son.idNumber}/death`).set(await auth('finance')).send({ deathDate: cityToday(), source: 'family' });
    expect(res.status).toBe(403);
  });

  test('when the spouse’s death is recorded (twice with one Idempotency-Key), then 201 the household of two with masked ID numbers, the person marked deceased, once, audited', async () => {
    const body = { deathDate: cityToday(), source: 'medical-certificate', note: '医院出具死亡证明' };
    const first = await http().post(`/api/v1/persons/${spouse.idNumber}/death`).set(await auth()).set('Idempotency-Key', 'death-zhou-spouse').send(body);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ personId: zhou.person.spouse, householdId: zhou.id, deathDate: cityToday() });
    expect(first.body.household.household.members.map((m: { name: string; idNumber: string }) => [m.name, m.idNumber])).toEqual([
      ['周国庆', `${head.idNumber.slice(0, 6)}********${head.idNumber.slice(-4)}`],
      ['周明', `${son.idNumber.slice(0, 6)}********${son.idNumber.slice(-4)}`],
    ]);
    expect(first.body.household.history.at(-1)).toMatchObject({
      by: 'demo.registry',
      field: `members.${zhou.person.spouse}.deceased`,
      oldValue: { name: '吴芳', relation: 'spouse' },
      newValue: { deathDate: cityToday(), source: 'medical-certificate', note: '医院出具死亡证明' },
    });
    const again = await http().post(`/api/v1/persons/${spouse.idNumber}/death`).set(await auth()).set('Idempotency-Key', 'death-zhou-spouse').send(body);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const person = await http().get(`/api/v1/persons/${spouse.idNumber}`).set(await auth()).expect(200);
    expect(person.body).toMatchObject({ personId: zhou.person.spouse, householdId: zhou.id, deathDate: cityToday() });
    expect(await audited('person.death.record', zhou.person.spouse!)).toEqual([
      { department: 'registry', detail: { householdId: zhou.id, deathDate: cityToday(), source: 'medical-certificate', newHeadPersonId: null } },
    ]);
    const repeat = await http().post(`/api/v1/persons/${spouse.idNumber}/death`).set(await auth()).send(body);
    expect(repeat.status).toBe(409);
    expect(repeat.body.code).toBe('REGISTRY.PERSON_DECEASED');
  });
});

describe('POST /api/v1/persons/{idNumber}/moves and registrations', () => {
  test('when the son is registered alone in a new household, then 409 names him and the household he belongs to', async () => {
    const res = await http()
      .post('/api/v1/households')
      .set(await auth())
      .send(registration({ members: [{ ...son, relation: 'head' }], street: '海北街道', address: '海勃湾区海北街道30号' }));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('REGISTRY.ID_NUMBER_IN_ANOTHER_HOUSEHOLD');
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: 'members.0.idNumber', message: expect.stringContaining(`周明, a member of household`) }),
    ]);
    expect(res.body.errors[0].message).toContain(zhou.id);
  });

  test('when the move names neither a household nor a new one, then 400 names toHouseholdId', async () => {
    const res = await http().post(`/api/v1/persons/${son.idNumber}/moves`).set(await auth()).send({ movedOn: cityToday() });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([['toHouseholdId', 'VALIDATION.REQUIRED']]);
  });

  test('when the son founds a household at the same address, then 201 with the possible split household, listed for clerks with both households named', async () => {
    const res = await http()
      .post(`/api/v1/persons/${son.idNumber}/moves`)
      .set(await auth('civil-affairs'))
      .send({ newHousehold: { street: '海北街道', address: '海勃湾区海北街道３０号', livingAreaM2: 18, homeOwned: false }, movedOn: cityToday(), note: '另立户' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ personId: zhou.person.son, fromHouseholdId: zhou.id, newHousehold: true });
    expect(res.body.splitSuspected).toMatchObject({ householdId: res.body.toHouseholdId, otherHouseholdId: zhou.id });
    expect(await audited('person.move', zhou.person.son!)).toEqual([
      {
        department: 'civil-affairs',
        detail: { fromHouseholdId: zhou.id, toHouseholdId: res.body.toHouseholdId, newHousehold: true, splitSuspected: res.body.splitSuspected.id },
      },
    ]);

    const listed = await http().get('/api/v1/registry/duplicates?kind=possible-split-household').set(await auth()).expect(200);
    expect(listed.body.total).toBe(1);
    expect(listed.body.duplicates[0]).toMatchObject({
      kind: 'possible-split-household',
      persons: [expect.objectContaining({ personId: zhou.person.son, householdId: res.body.toHouseholdId, name: '周明' })],
      foundHouseholdId: zhou.id,
    });
    const left = await http().get(`/api/v1/households/${zhou.id}`).set(await auth()).expect(200);
    expect(left.body.household.members.map((m: { name: string }) => m.name)).toEqual(['周国庆']);
  });
});

test('when openapi.json is fetched, then it documents the death and move routes', async () => {
  const res = await http().get('/api/v1/openapi.json').set(await auth()).expect(200);
  expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/v1/persons/{idNumber}/death', '/api/v1/persons/{idNumber}/moves']));
  expect(res.body.paths['/api/v1/persons/{idNumber}/death'].post.requestBody.content['application/json'].schema).toBeDefined();
});
