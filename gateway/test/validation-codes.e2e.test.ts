/**
 * End to end through the gateway: what a 400 says about each invalid field (rest-api.md: `errors:
 * [{path, code, message}]` for every invalid field; house rule: a clear Chinese + English message
 * naming the field). An impossible date is `VALIDATION.DATE`, a missing field `VALIDATION.REQUIRED`,
 * a value of the wrong type `VALIDATION.INVALID_TYPE`, each with a bilingual message built by the
 * platform — never zod's own English ("expected string, received undefined"). The eight real
 * services run in-process on their own databases with a private NATS.
 */
import request from 'supertest';
import { cityToday, demoLogins, household, member, registration, usePlatform } from './support/platform';

const platform = usePlatform();
const http = () => request(platform().app);
const { auth } = demoLogins(platform, 'civil-affairs');

interface FieldError {
  path: string;
  code: string;
  message: string;
}

/** Every message: Chinese, then ` / `, then English, and none of zod's own wording. */
function expectBilingual(errors: FieldError[]) {
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(e.message).toMatch(/[\u4e00-\u9fff].*\/ ?[A-Za-z]/);
    expect(e.message).not.toMatch(/Invalid input|received undefined|expected string|Too small:|Too big:|Invalid option/);
  }
}

const byPath = (errors: FieldError[], path: string) => errors.find((e) => e.path === path);

describe('impossible dates', () => {
  test('when a member’s birth date is 30 February, then 400 names members.0.birthDate with VALIDATION.DATE in Chinese and English', async () => {
    const body = registration({ members: [member({ id: 'head', name: '日期错', birthDate: '1950-03-15' })] });
    (body.members as { birthDate: string }[])[0]!.birthDate = '1950-02-30';
    const res = await http().post('/api/v1/households').set(await auth('registry')).send(body).expect(400);
    expect(byPath(res.body.errors, 'members.0.birthDate')).toEqual({
      path: 'members.0.birthDate',
      code: 'VALIDATION.DATE',
      message: '日期必须为存在的 YYYY-MM-DD / date must be a real YYYY-MM-DD',
    });
    expect(res.body.errors.map((e: FieldError) => e.code)).not.toContain('VALIDATION.CUSTOM');
    expectBilingual(res.body.errors);
  });

  test('when an evaluation asks for 2015-13-01, then 400 names asOf with VALIDATION.DATE', async () => {
    const res = await http().post('/api/v1/evaluations').set(await auth()).send({ asOf: '2015-13-01', household: household() }).expect(400);
    expect(res.body.code).toBe('VALIDATION.DATE');
    expect(res.body.errors).toEqual([{ path: 'asOf', code: 'VALIDATION.DATE', message: '日期必须为存在的 YYYY-MM-DD / date must be a real YYYY-MM-DD' }]);
  });

  test('when an authorisation is signed on 2025-02-29 (not a leap year), then 400 names signedAt with VALIDATION.DATE', async () => {
    const created = await http().post('/api/v1/households').set(await auth('registry')).send(registration({ address: '海勃湾区海北街道95号' })).expect(201);
    const res = await http()
      .post(`/api/v1/households/${created.body.id as string}/authorisations`)
      .set(await auth())
      .send({ personIds: [created.body.members[0].personId], signedAt: '2025-02-29' })
      .expect(400);
    expect(res.body.errors).toEqual([{ path: 'signedAt', code: 'VALIDATION.DATE', message: '日期必须为存在的 YYYY-MM-DD / date must be a real YYYY-MM-DD' }]);
  });

  test('when a death is dated 2026-04-31, then 400 names deathDate with VALIDATION.DATE', async () => {
    const m = member({ id: 'head', name: '死亡日期错', birthDate: '1940-01-01' });
    await http().post('/api/v1/households').set(await auth('registry')).send(registration({ members: [m], address: '海勃湾区海北街道96号' })).expect(201);
    const res = await http().post(`/api/v1/persons/${m.idNumber}/death`).set(await auth()).send({ deathDate: '2026-04-31', source: 'family', note: '' }).expect(400);
    expect(byPath(res.body.errors, 'deathDate')).toMatchObject({ code: 'VALIDATION.DATE' });
    expectBilingual(res.body.errors);
  });
});

describe('missing fields', () => {
  test('when a member comes without a name or relation, then each is VALIDATION.REQUIRED with a bilingual message', async () => {
    const body = registration({ address: '海勃湾区海北街道97号' });
    const m = (body.members as unknown as Record<string, unknown>[])[0]!;
    delete m.name;
    delete m.relation;
    const res = await http().post('/api/v1/households').set(await auth('registry')).send(body).expect(400);
    for (const path of ['members.0.name', 'members.0.relation']) {
      expect(byPath(res.body.errors, path)).toEqual({ path, code: 'VALIDATION.REQUIRED', message: expect.stringContaining(' / ') });
    }
    expectBilingual(res.body.errors);
  });

  test('when an application comes without programs or the signatures, then each is VALIDATION.REQUIRED, the messages the schema gives them', async () => {
    const res = await http().post('/api/v1/applications').set(await auth()).send({ householdId: '00000000-0000-4000-8000-000000000000' }).expect(400);
    expect(res.body.code).toBe('VALIDATION.REQUIRED');
    expect(res.body.errors).toEqual([
      { path: 'programs', code: 'VALIDATION.REQUIRED', message: '须选择救助项目 / programs are required' },
      { path: 'declarationSigned', code: 'VALIDATION.REQUIRED', message: '须说明是否签署申请声明 / declarationSigned is required' },
      { path: 'authorisationSigned', code: 'VALIDATION.REQUIRED', message: '须说明是否签署核对授权书 / authorisationSigned is required' },
    ]);
  });

  test('when a death comes without deathDate, then 400 names it VALIDATION.REQUIRED, not a date error', async () => {
    const m = member({ id: 'head', name: '缺日期', birthDate: '1941-01-01' });
    await http().post('/api/v1/households').set(await auth('registry')).send(registration({ members: [m], address: '海勃湾区海北街道98号' })).expect(201);
    const res = await http().post(`/api/v1/persons/${m.idNumber}/death`).set(await auth()).send({ source: 'family', note: '' }).expect(400);
    expect(byPath(res.body.errors, 'deathDate')).toEqual({ path: 'deathDate', code: 'VALIDATION.REQUIRED', message: '必填项缺失 / this field is required' });
  });
});

describe('values of the wrong type or out of range', () => {
  test('when livingAreaM2 is text and a member’s name is a number, then VALIDATION.INVALID_TYPE names what was expected, in Chinese and English', async () => {
    const body = registration({ address: '海勃湾区海北街道99号', livingAreaM2: 'large' });
    (body.members as unknown as Record<string, unknown>[])[0]!.name = 42;
    const res = await http().post('/api/v1/households').set(await auth('registry')).send(body).expect(400);
    expect(byPath(res.body.errors, 'livingAreaM2')).toMatchObject({ code: 'VALIDATION.INVALID_TYPE' });
    expect(byPath(res.body.errors, 'members.0.name')).toMatchObject({ code: 'VALIDATION.INVALID_TYPE' });
    expectBilingual(res.body.errors);
  });

  test('when the household search is paged with a negative offset, then the message says the limit in both languages', async () => {
    const res = await http().get('/api/v1/households').query({ street: '海北', offset: -1 }).set(await auth()).expect(400);
    expectBilingual(res.body.errors);
    expect(res.body.errors[0]).toMatchObject({ path: 'offset' });
  });

  test('when an evaluation date is the right shape, then it is not refused as a date (today)', async () => {
    await http().post('/api/v1/evaluations').set(await auth()).send({ asOf: cityToday(), household: household() }).expect(200);
  });
});

describe('a body that is not JSON', () => {
  test('when a batch evaluation is sent as text/plain, then 415 REQUEST.UNSUPPORTED_MEDIA_TYPE says the body must be JSON, in Chinese and English', async () => {
    const res = await http()
      .post('/api/v1/evaluations/batch')
      .set(await auth())
      .set('content-type', 'text/plain')
      .send('{"month":"2026-11"}')
      .expect(415);
    expect(res.body.code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    expect(res.body.detail).toMatch(/^请求体须为JSON.*text\/plain.* \/ the request body must be JSON .*text\/plain/);
  });

  test('when the same body is sent as JSON, then it is read (not 415)', async () => {
    const res = await http().post('/api/v1/evaluations').set(await auth()).set('content-type', 'application/json; charset=utf-8').send('{"asOf":"2015-13-01"}');
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: FieldError) => e.path)).toEqual(expect.arrayContaining(['asOf', 'household']));
  });
});
