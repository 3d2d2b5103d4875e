/**
 * End to end through the gateway: an application needs the signed declaration and the signed
 * authorisation to verify (MCA-2012); each one missing is its own field error (rest-api.md: an
 * error for every invalid field), and a refused application opens nothing. The eight real services
 * run in-process on their own databases with a private NATS.
 */
import request from 'supertest';
import { demoLogins, registration, usePlatform } from './support/platform';

const platform = usePlatform();
const http = () => request(platform().app);
const { auth } = demoLogins(platform, 'civil-affairs');

let householdId = '';

beforeAll(async () => {
  const res = await http().post('/api/v1/households').set(await auth('registry')).send(registration({ address: '海勃湾区海北街道81号' })).expect(201);
  householdId = res.body.id as string;
});

async function cases() {
  const res = await http().get('/api/v1/cases').set(await auth()).expect(200);
  return JSON.stringify(res.body);
}

describe('POST /api/v1/applications without the signatures', () => {
  test('when neither the declaration nor the authorisation is signed, then 400 names both fields with their own codes, bilingual', async () => {
    const res = await http()
      .post('/api/v1/applications')
      .set(await auth())
      .send({ householdId, programs: ['dibao'], note: '', declarationSigned: false, authorisationSigned: false })
      .expect(400);
    expect(res.body.errors).toEqual([
      { path: 'declarationSigned', code: 'INTAKE.DECLARATION_NOT_SIGNED', message: '须签署申请声明 / the declaration must be signed' },
      { path: 'authorisationSigned', code: 'INTAKE.AUTHORISATION_NOT_SIGNED', message: '须签署核对授权书 / the authorisation to verify must be signed' },
    ]);
    expect(res.body.code).toBe('INTAKE.DECLARATION_NOT_SIGNED');
    expect(await cases()).not.toContain(householdId);
  });

  test('when only the authorisation is unsigned, then 400 names authorisationSigned alone', async () => {
    const res = await http()
      .post('/api/v1/applications')
      .set(await auth())
      .send({ householdId, programs: ['dibao'], note: '', declarationSigned: true, authorisationSigned: false })
      .expect(400);
    expect(res.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([['authorisationSigned', 'INTAKE.AUTHORISATION_NOT_SIGNED']]);
    expect(res.body.code).toBe('INTAKE.AUTHORISATION_NOT_SIGNED');
  });

  test('when an unsigned paper comes with other invalid fields, then every one is named', async () => {
    const res = await http().post('/api/v1/applications').set(await auth()).send({ householdId, programs: [], declarationSigned: false }).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['authorisationSigned', 'declarationSigned', 'programs']);
  });
});
