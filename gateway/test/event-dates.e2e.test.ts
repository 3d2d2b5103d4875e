/**
 * End to end through the gateway: dates that contradict the record are 400 with a Chinese / English
 * error naming the field, and change nothing (docs/decisions/0010, 0013) — a signature dated before
 * the signer's birth (`signedAt`), a move out dated before the move in (`movedOn`), a death dated
 * before the person moved into their household (`deathDate`) — and a malformed signing date gives
 * the format error alone. The eight real services run in-process on their own databases with a
 * private NATS.
 */
import request from 'supertest';
import { cityToday, demoLogins, member, plusDays, registerHousehold, registration, usePlatform } from './support/platform';

const platform = usePlatform();
const http = () => request(platform().app);
const { auth } = demoLogins(platform, 'registry');

const register = async (body: Record<string, unknown>) => registerHousehold(platform().app, await auth(), body);

const history = async (householdId: string) => (await http().get(`/api/v1/households/${householdId}`).set(await auth()).expect(200)).body.history as { field: string }[];

// 韩家: 韩立 (head) and his son 韩小军, born 2021-02-02; 邓家: 邓玉兰 alone.
const han = member({ id: 'head', name: '韩立', birthDate: '1984-04-04' });
const son = member({ id: 'son', name: '韩小军', birthDate: '2021-02-02', relation: 'child' });
const deng = member({ id: 'head', name: '邓玉兰', sex: 'F', birthDate: '1956-05-05' });
let hanHh = { id: '', version: 0, person: {} as Record<string, string> };
let dengHh = { id: '', version: 0, person: {} as Record<string, string> };
const movedIn = plusDays(cityToday(), -29);

beforeAll(async () => {
  hanHh = await register(registration({ members: [han, son], street: '海北街道', address: '海勃湾区海北街道50号' }));
  dengHh = await register(registration({ members: [deng], street: '新华街道', address: '海勃湾区新华街道51号' }));
  // 韩小军 goes to live with 邓玉兰 (his grandmother) 29 days ago
  const res = await http().post(`/api/v1/persons/${son.idNumber}/moves`).set(await auth()).send({ toHouseholdId: dengHh.id, relation: 'other', movedOn: movedIn });
  expect(res.status).toBe(201);
});

describe('POST /api/v1/households/{id}/authorisations', () => {
  test('when signedAt is "2026/11/01", then 400 with the format error alone', async () => {
    const res = await http().post(`/api/v1/households/${hanHh.id}/authorisations`).set(await auth()).send({ personIds: [hanHh.person.head], signedAt: '2026/11/01' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'signedAt', code: 'VALIDATION.DATE', message: '日期必须为存在的 YYYY-MM-DD / date must be a real YYYY-MM-DD' }]);
  });

  test('when signedAt is before the signer’s birth date, then 400 names signedAt and the signer in Chinese and English, and nothing is recorded', async () => {
    const res = await http().post(`/api/v1/households/${dengHh.id}/authorisations`).set(await auth()).send({ personIds: [dengHh.person.head, hanHh.person.son], signedAt: '2020-01-01' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VERIFICATION.SIGNED_BEFORE_BIRTH');
    expect(res.body.errors).toEqual([
      {
        path: 'signedAt',
        code: 'VERIFICATION.SIGNED_BEFORE_BIRTH',
        message: `签署日期不能早于签署人 韩小军 的出生日期（2021-02-02）/ the signing date must not be before the birth date of 韩小军 (2021-02-02), person ${hanHh.person.son}`,
      },
    ]);
    const [{ n }] = await platform().services.registry.ds.query('SELECT count(*)::int AS n FROM verification_authorisations WHERE household_id = $1', [dengHh.id]);
    expect(n).toBe(0);
  });
});

describe('POST /api/v1/persons/{idNumber}/moves and /death', () => {
  test('when 韩小军 moves back dated before he moved in, then 400 names movedOn and why, and neither household changes', async () => {
    const before = [await history(hanHh.id), await history(dengHh.id)];
    const res = await http()
      .post(`/api/v1/persons/${son.idNumber}/moves`)
      .set(await auth())
      .send({ toHouseholdId: hanHh.id, relation: 'child', movedOn: plusDays(movedIn, -30) });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([
      {
        path: 'movedOn',
        code: 'VALIDATION.MOVE_DATE_BEFORE_MOVE_IN',
        message: `迁移日期不能早于此人迁入现户的日期（${movedIn}）/ the move date must not be before the day the person moved into their current household (${movedIn})`,
      },
    ]);
    expect([await history(hanHh.id), await history(dengHh.id)]).toEqual(before);
  });

  test('when his death is dated before he moved in, then 400 names deathDate and why, and he is still a member', async () => {
    const res = await http().post(`/api/v1/persons/${son.idNumber}/death`).set(await auth()).send({ deathDate: plusDays(movedIn, -1), source: 'family' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        path: 'deathDate',
        code: 'VALIDATION.DEATH_DATE_BEFORE_MOVE_IN',
        message: `死亡日期不能早于此人迁入现户的日期（${movedIn}）/ the death date must not be before the day the person moved into their current household (${movedIn})`,
      },
    ]);
    const person = await http().get(`/api/v1/persons/${son.idNumber}`).set(await auth()).expect(200);
    expect(person.body).toMatchObject({ householdId: dengHh.id, deathDate: null });
  });
});
