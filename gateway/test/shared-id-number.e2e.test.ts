/**
 * End to end through the gateway: an 18-character ID number two registered persons share — one
 * registered with it, one with the legacy 15-digit number that converts to it — is never answered
 * with one of them picked silently (decision 0011: duplicates are listed for a clerk, never merged).
 * `GET /api/v1/persons/{18}` is 409 `REGISTRY.ID_NUMBER_AMBIGUOUS` naming the list of possible
 * duplicates; the 15-digit number still finds the person registered with it; a death or a move
 * addressed by the shared number records nothing. The eight real services run in-process on their
 * own databases with a private NATS.
 *
 * Numbers worked by hand: 150302 + 19600808 + 061 = 15030219600808061, check Σ(digit × weight) mod 11
 * (ISO 7064 MOD 11-2) → the 18th character; its 15-digit form drops `19` and the check character:
 * 150302 600808 061.
 */
import request from 'supertest';
import { makeIdNumber } from '@wuhai/contracts';
import { cityToday, demoLogins, member, registration, usePlatform } from './support/platform';

const platform = usePlatform();
const http = () => request(platform().app);
const { auth } = demoLogins(platform, 'registry');

const EIGHTEEN = makeIdNumber('150302', '1960-08-08', 61, 'M');
const FIFTEEN = '150302600808061';

let legacy = { id: '', members: [] as { personId: string }[] };
let modern = { id: '', members: [] as { personId: string }[] };

beforeAll(async () => {
  expect(EIGHTEEN.slice(0, 17)).toBe('15030219600808061');
  const old = member({ id: 'old', name: '吴老汉', birthDate: '1960-08-08', sex: 'M', idNumber: FIFTEEN });
  const now = member({ id: 'new', name: '吴老汉', birthDate: '1960-08-08', sex: 'M', idNumber: EIGHTEEN });
  legacy = (await http().post('/api/v1/households').set(await auth()).send(registration({ members: [old], address: '海勃湾区海北街道91号' })).expect(201)).body;
  modern = (await http().post('/api/v1/households').set(await auth()).send(registration({ members: [now], address: '乌达区新华街道5号' })).expect(201)).body;
});

describe('GET /api/v1/persons/{idNumber} for a number two persons share', () => {
  test('when the 18-character number is looked up, then 409 REGISTRY.ID_NUMBER_AMBIGUOUS names idNumber and the duplicates list, in Chinese and English, and answers neither person', async () => {
    const res = await http().get(`/api/v1/persons/${EIGHTEEN}`).set(await auth('health')).expect(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('REGISTRY.ID_NUMBER_AMBIGUOUS');
    expect(res.body.detail).toContain('GET /api/v1/registry/duplicates');
    expect(res.body.detail).toMatch(/两名登记人员.* \/ two registered persons share this ID number/);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'idNumber', code: 'REGISTRY.ID_NUMBER_AMBIGUOUS' })]);
    const body = JSON.stringify(res.body);
    for (const leaked of [legacy.id, modern.id, legacy.members[0]!.personId, modern.members[0]!.personId, '吴老汉']) expect(body).not.toContain(leaked);
  });

  test('when the lookup is refused as ambiguous, then the attempt is audited with both persons and no person.read is written', async () => {
    const rows = (await platform().ds.query("SELECT action, detail FROM audit_log WHERE action LIKE 'person.read%' AND department = 'health'")) as { action: string; detail: unknown }[];
    expect(rows).toEqual([
      {
        action: 'person.read.ambiguous',
        detail: { personIds: [modern.members[0]!.personId, legacy.members[0]!.personId], householdIds: [modern.id, legacy.id] },
      },
    ]);
  });

  test('when the 15-digit number is looked up, then the person registered with it comes back', async () => {
    const res = await http().get(`/api/v1/persons/${FIFTEEN}`).set(await auth()).expect(200);
    expect(res.body).toMatchObject({ personId: legacy.members[0]!.personId, householdId: legacy.id });
  });

  test('when a clerk opens the list the 409 names, then the pair is there', async () => {
    const res = await http().get('/api/v1/registry/duplicates').query({ kind: 'same-person-15-18' }).set(await auth()).expect(200);
    expect(res.body.duplicates.map((d: { persons: { personId: string }[] }) => d.persons.map((p) => p.personId))).toEqual([
      [legacy.members[0]!.personId, modern.members[0]!.personId],
    ]);
  });

  test('when a death is recorded by the shared number, then 409 REGISTRY.ID_NUMBER_AMBIGUOUS and neither person is marked deceased', async () => {
    const res = await http()
      .post(`/api/v1/persons/${EIGHTEEN}/death`)
      .set(await auth())
      .send({ deathDate: cityToday(), source: 'medical-certificate', note: '' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('REGISTRY.ID_NUMBER_AMBIGUOUS');
    for (const household of [legacy, modern]) {
      const read = await http().get(`/api/v1/households/${household.id}`).set(await auth()).expect(200);
      expect(read.body.household.members).toHaveLength(1);
    }
  });

  test('when the OpenAPI document is read, then the lookup documents the 409 and the duplicates list', async () => {
    const doc = await http().get('/api/v1/openapi.json').set(await auth()).expect(200);
    const described = doc.body.paths['/api/v1/persons/{idNumber}'].get.responses['409'].description as string;
    expect(described).toContain('REGISTRY.ID_NUMBER_AMBIGUOUS');
    expect(described).toContain('GET /api/v1/registry/duplicates');
  });
});

describe('GET /api/v1/persons/{idNumber} for a number one person holds', () => {
  test('when a person registered with a 15-digit number alone is looked up by its 18-character conversion, then 200 that person', async () => {
    const only = member({ id: 'only', name: '郑大爷', birthDate: '1958-02-02', sex: 'M', idNumber: '150303580202011' });
    const created = (await http().post('/api/v1/households').set(await auth()).send(registration({ members: [only], address: '海南区公园街道3号' })).expect(201)).body;
    const res = await http().get(`/api/v1/persons/${created.members[0].idNumber as string}`).set(await auth()).expect(200);
    expect(res.body.personId).toBe(created.members[0].personId);
  });
});
