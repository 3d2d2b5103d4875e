/**
 * End to end through the gateway: a death recorded by mistake is revoked
 * (`POST /api/v1/persons/{idNumber}/death/revocation`; docs/decisions/0013-deaths-and-moves.md).
 * The eight real services run in-process on their own databases with a private NATS.
 */
import request from 'supertest';
import { cityToday, demoLogins, member, registerHousehold, registration, usePlatform } from './support/platform';

const platform = usePlatform();
const http = () => request(platform().app);
const { auth } = demoLogins(platform, 'registry');

async function audited(action: string, resourceId: string) {
  return (await platform().ds.query('SELECT department, detail FROM audit_log WHERE action = $1 AND resource_id = $2', [action, resourceId])) as {
    department: string;
    detail: Record<string, unknown>;
  }[];
}

// 钱家 at 海勃湾区海北街道40号: head and his daughter; the head's death is recorded by mistake,
// the daughter named head.
const head = member({ id: 'head', name: '钱进', birthDate: '1958-08-08' });
const daughter = member({ id: 'daughter', name: '钱丽', sex: 'F', birthDate: '1988-03-03', relation: 'child' });
let qian = { id: '', person: {} as Record<string, string> };
const revocation = (idNumber: string) => `/api/v1/persons/${idNumber}/death/revocation`;

beforeAll(async () => {
  qian = await registerHousehold(platform().app, await auth(), registration({ members: [head, daughter], street: '海北街道', address: '海勃湾区海北街道40号' }));
});

describe('POST /api/v1/persons/{idNumber}/death/revocation', () => {
  test('when the person is alive, then 409 REGISTRY.PERSON_NOT_DECEASED and nothing changes', async () => {
    const res = await http().post(revocation(head.idNumber!)).set(await auth()).send({ reason: '误登记' });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('REGISTRY.PERSON_NOT_DECEASED');
    const h = await http().get(`/api/v1/households/${qian.id}`).set(await auth()).expect(200);
    expect(h.body.version).toBe(1);
  });

  test('when the reason is missing or blank, then 400 names reason in Chinese and English', async () => {
    for (const [body, code] of [
      [{}, 'VALIDATION.REQUIRED'],
      [{ reason: '   ' }, 'VALIDATION.TOO_SMALL'],
    ] as const) {
      const res = await http().post(revocation(head.idNumber!)).set(await auth()).send(body);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'reason', code, message: '须说明撤销死亡登记的原因 / reason is required: say why the death is revoked' }]);
    }
    const long = await http().post(revocation(head.idNumber!)).set(await auth()).send({ reason: '误'.repeat(501) });
    expect(long.status).toBe(400);
    expect(long.body.errors).toEqual([{ path: 'reason', code: 'VALIDATION.TOO_BIG', message: '原因不能超过500个字 / the reason is at most 500 characters' }]);
  });

  test('when a finance clerk revokes a death, then 403', async () => {
    const res = await http().post(revocation(head.idNumber!)).set(await auth('finance')).send({ reason: '误登记' });
    expect(res.status).toBe(403);
  });

  test('when the head’s death is revoked after the daughter was named head, then 200: he is back as other, masked, in the history with the reason, once, audited', async () => {
    await http()
      .post(`/api/v1/persons/${head.idNumber}/death`)
      .set(await auth())
      .send({ deathDate: cityToday(), source: 'family', newHeadPersonId: qian.person.daughter })
      .expect(201);
    const body = { reason: '派出所核实钱进健在，系误登记' };
    const first = await http().post(revocation(head.idNumber!)).set(await auth('civil-affairs')).set('Idempotency-Key', 'revoke-qian').send(body);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ personId: qian.person.head, householdId: qian.id, relation: 'other', previousRelation: 'head', revokedDeathDate: cityToday() });
    expect(first.body.household.household.members.map((m: { name: string; relation: string; idNumber: string }) => [m.name, m.relation, m.idNumber])).toEqual([
      ['钱进', 'other', `${head.idNumber!.slice(0, 6)}********${head.idNumber!.slice(-4)}`],
      ['钱丽', 'head', `${daughter.idNumber!.slice(0, 6)}********${daughter.idNumber!.slice(-4)}`],
    ]);
    const history = first.body.household.history as { by: string; field: string; oldValue: unknown; newValue: unknown }[];
    expect(history.slice(-2)).toEqual([
      expect.objectContaining({
        by: 'demo.civil-affairs',
        field: `members.${qian.person.head}.deathRevoked`,
        oldValue: { deathDate: cityToday(), source: 'family', note: '', recordedBy: 'demo.registry' },
        newValue: { name: '钱进', relation: 'other', reason: body.reason },
      }),
      expect.objectContaining({ field: `members.${qian.person.head}.relation`, oldValue: 'head', newValue: 'other' }),
    ]);
    const again = await http().post(revocation(head.idNumber!)).set(await auth('civil-affairs')).set('Idempotency-Key', 'revoke-qian').send(body);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const person = await http().get(`/api/v1/persons/${head.idNumber}`).set(await auth()).expect(200);
    expect(person.body).toMatchObject({ personId: qian.person.head, householdId: qian.id });
    expect(person.body.deathDate ?? '').toBe('');
    expect(await audited('person.death.revoke', qian.person.head!)).toEqual([
      {
        department: 'civil-affairs',
        detail: { householdId: qian.id, revokedDeathDate: cityToday(), relation: 'other', previousRelation: 'head', reason: body.reason },
      },
    ]);
  });
});

test('when openapi.json is fetched, then it documents the revocation route with its body', async () => {
  const res = await http().get('/api/v1/openapi.json').set(await auth()).expect(200);
  const op = res.body.paths['/api/v1/persons/{idNumber}/death/revocation'].post;
  expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '404', '409']));
  expect(op.requestBody.content['application/json'].schema).toBeDefined();
});
