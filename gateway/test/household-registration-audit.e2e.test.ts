/**
 * End to end through the gateway: registering a household answers every member's full ID number, so
 * the answer is audited as a reveal (DOMAIN.md Privacy: every read of a full ID number is audited),
 * a replay of it under the same Idempotency-Key too; a refused registration reveals nothing and
 * writes no reveal. The eight real services run in-process on their own databases with a private NATS.
 */
import request from 'supertest';
import { demoLogins, member, registration, usePlatform } from './support/platform';

const platform = usePlatform();
const http = () => request(platform().app);
const { auth } = demoLogins(platform, 'registry');

async function reveals(householdId: string) {
  return (await platform().ds.query(
    "SELECT username, department, detail FROM audit_log WHERE action = 'household.register.reveal-id-numbers' AND resource_type = 'household' AND resource_id = $1 ORDER BY id",
    [householdId],
  )) as { username: string; department: string; detail: Record<string, unknown> }[];
}

describe('POST /api/v1/households answers full ID numbers', () => {
  test('when a registry clerk registers a household, then the 201 body carries the full numbers and one reveal row names the clerk, the household and each member', async () => {
    const head = member({ id: 'head', name: '马志强', birthDate: '1955-05-05' });
    const wife = member({ id: 'wife', name: '李秀英', birthDate: '1957-06-06', sex: 'F', relation: 'spouse' });
    const res = await http().post('/api/v1/households').set(await auth()).send(registration({ members: [head, wife], address: '海勃湾区海北街道71号' })).expect(201);
    expect(res.body.members.map((m: { idNumber: string }) => m.idNumber)).toEqual([head.idNumber, wife.idNumber]);

    const rows = await reveals(res.body.id as string);
    expect(rows).toEqual([
      {
        username: 'demo.registry',
        department: 'registry',
        detail: { members: 2, personIds: res.body.members.map((m: { personId: string }) => m.personId), revealed: true },
      },
    ]);
    // the audit row names people by id, never by ID number
    expect(JSON.stringify(rows)).not.toContain(head.idNumber);
  });

  test('when the same registration is repeated with its Idempotency-Key, then the replayed answer is audited again', async () => {
    const body = registration({ members: [member({ id: 'head', name: '杨国庆', birthDate: '1949-10-01' })], address: '海勃湾区海北街道72号' });
    const headers = { ...(await auth('civil-affairs')), 'Idempotency-Key': 'register-yang-72' };
    const first = await http().post('/api/v1/households').set(headers).send(body).expect(201);
    const again = await http().post('/api/v1/households').set(headers).send(body).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await reveals(first.body.id as string)).map((r) => r.department)).toEqual(['civil-affairs', 'civil-affairs']);
  });

  test('when a registration is refused, then no reveal is written', async () => {
    const before = (await platform().ds.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'household.register.reveal-id-numbers'")) as [{ n: number }];
    const bad = member({ id: 'head', name: '错某', monthlyIncomeFen: -1 });
    await http().post('/api/v1/households').set(await auth()).send(registration({ members: [bad] })).expect(400);
    const after = (await platform().ds.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'household.register.reveal-id-numbers'")) as [{ n: number }];
    expect(after[0].n).toBe(before[0].n);
  });
});
