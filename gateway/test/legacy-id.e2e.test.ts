/**
 * End to end through the gateway: legacy 15-digit ID numbers (docs/decisions/0011-legacy-id-numbers-and-duplicates.md).
 * A member registered with a 15-digit number is converted as GB 11643-1999 converts it and keeps
 * both numbers; a lookup by either finds the person; household views mask both unless the office
 * may reveal them, and every full read is audited. The eight real services run in-process on their
 * own databases with a private NATS.
 *
 * Conversions worked by hand (area + `19` + YYMMDD + sequence, then the ISO 7064 MOD 11-2 check):
 * - 150302 500315 001 → 15030219500315001 + check: Σ(digit × weight) = 180, 180 mod 11 = 4 → `8`;
 * - 150302 520707 002 → 15030219520707002 + check: Σ = 224, 224 mod 11 = 4 → `8`;
 * - 150303 610101 005 → 15030319610101005 + check: Σ = 153, 153 mod 11 = 10 → `2`.
 */
import request from 'supertest';
import { maskIdNumbers } from '../src/middleware/redact';
import { demoLogins, member, registration, usePlatform } from './support/platform';

const platform = usePlatform();
const http = () => request(platform().app);
const { auth } = demoLogins(platform, 'registry');

async function audited(action: string, resourceId: string) {
  return (await platform().ds.query('SELECT department, detail FROM audit_log WHERE action = $1 AND resource_id = $2 ORDER BY id', [action, resourceId])) as {
    department: string;
    detail: Record<string, unknown>;
  }[];
}

const HEAD_LEGACY = '150302500315001';
const HEAD_18 = '150302195003150018';
const WIFE_LEGACY = '150302520707002';
const WIFE_18 = '150302195207070028';

// 高家 at 海勃湾区海北街道40号: the head registered with his old 15-digit number, his wife with hers, a son with an 18-character one.
const head = member({ id: 'head', name: '高建军', birthDate: '1950-03-15', sex: 'M', idNumber: HEAD_LEGACY });
const wife = member({ id: 'wife', name: '孙桂兰', birthDate: '1952-07-07', sex: 'F', relation: 'spouse', idNumber: WIFE_LEGACY });
const son = member({ id: 'son', name: '高峰', birthDate: '1978-04-04', relation: 'child' });
let gao = { id: '', members: [] as { ref: string; personId: string; idNumber: string; legacyIdNumber: string | null }[] };

beforeAll(async () => {
  const res = await http().post('/api/v1/households').set(await auth()).send(registration({ members: [head, wife, son], street: '海北街道', address: '海勃湾区海北街道40号' }));
  expect(res.status).toBe(201);
  gao = res.body as typeof gao;
});

describe('registering with a legacy 15-digit number', () => {
  test('when members are registered with 15-digit numbers, then 201 returns for each the converted 18-character number and the 15-digit one as given', () => {
    expect(gao.members.map(({ ref, idNumber, legacyIdNumber }) => ({ ref, idNumber, legacyIdNumber }))).toEqual([
      { ref: 'head', idNumber: HEAD_18, legacyIdNumber: HEAD_LEGACY },
      { ref: 'wife', idNumber: WIFE_18, legacyIdNumber: WIFE_LEGACY },
      { ref: 'son', idNumber: son.idNumber, legacyIdNumber: null },
    ]);
  });

  test('when the birth date inside a 15-digit number does not exist, then 400 names the member’s idNumber and nothing is stored', async () => {
    const bad = member({ id: 'x', name: '刘某', birthDate: '1999-03-01', idNumber: '150302990230003' });
    const res = await http().post('/api/v1/households').set(await auth()).send(registration({ members: [bad] })).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'members.0.idNumber', code: 'VALIDATION.ID_NUMBER_BIRTH_DATE' })]);
    expect(res.body.errors[0].message).toMatch(/15-digit/);
    const found = await http().get('/api/v1/households').query({ name: '刘某' }).set(await auth());
    expect(found.body.total).toBe(0);
  });

  test('when the birth date or sex declared does not match the 15-digit number, then 400 names that field', async () => {
    const wrongDate = member({ id: 'x', name: '赵某', birthDate: '1961-01-02', sex: 'M', idNumber: '150303610101005' });
    const res = await http().post('/api/v1/households').set(await auth()).send(registration({ members: [wrongDate] })).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'members.0.birthDate', code: 'VALIDATION.BIRTH_DATE_MISMATCH' })]);
    const wrongSex = member({ id: 'x', name: '钱某', birthDate: '1961-01-01', sex: 'F', idNumber: '150303610101005' });
    const res2 = await http().post('/api/v1/households').set(await auth()).send(registration({ members: [wrongSex] })).expect(400);
    expect(res2.body.errors).toEqual([expect.objectContaining({ path: 'members.0.sex', code: 'VALIDATION.SEX_MISMATCH' })]);
  });

  test('when the same 15-digit number and its 18-character conversion are given for two members of one household, then 400 names the second as the same number twice', async () => {
    const a = member({ id: 'a', name: '周甲', birthDate: '1961-01-01', sex: 'M', idNumber: '150303610101005' });
    const b = member({ id: 'b', name: '周乙', birthDate: '1961-01-01', sex: 'M', relation: 'sibling', idNumber: '150303196101010052' });
    const res = await http().post('/api/v1/households').set(await auth()).send(registration({ members: [a, b] })).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'members.1.idNumber', code: 'VALIDATION.DUPLICATE_ID_NUMBER' })]);
  });
});

describe('looking a person up by either number', () => {
  test('when a department looks up the 15-digit number, then the person comes back with both numbers and the read is audited as a lookup by the legacy number', async () => {
    const res = await http().get(`/api/v1/persons/${HEAD_LEGACY}`).set(await auth('health')).expect(200);
    expect(res.body).toMatchObject({ personId: gao.members[0]!.personId, householdId: gao.id });
    expect(res.body.person).toMatchObject({ name: '高建军', idNumber: HEAD_18, legacyIdNumber: HEAD_LEGACY });
    expect(await audited('person.read', gao.members[0]!.personId)).toEqual([{ department: 'health', detail: { householdId: gao.id, lookup: 'legacyIdNumber' } }]);
  });

  test('when the converted 18-character number is looked up, then the same person comes back with both numbers', async () => {
    const res = await http().get(`/api/v1/persons/${WIFE_18}`).set(await auth('civil-affairs')).expect(200);
    expect(res.body.personId).toBe(gao.members[1]!.personId);
    expect(res.body.person).toMatchObject({ idNumber: WIFE_18, legacyIdNumber: WIFE_LEGACY });
  });

  test('when a person registered with an 18-character number is looked up, then legacyIdNumber is null', async () => {
    const res = await http().get(`/api/v1/persons/${son.idNumber}`).set(await auth()).expect(200);
    expect(res.body.person).toMatchObject({ idNumber: son.idNumber, legacyIdNumber: null });
  });

  test('when a valid 15-digit number nobody was registered with is looked up, then 404; an impossible one is 400 naming idNumber', async () => {
    const missing = await http().get('/api/v1/persons/150304700101011').set(await auth()).expect(404);
    expect(missing.body.code).toBe('REGISTRY.PERSON_NOT_FOUND');
    const impossible = await http().get('/api/v1/persons/150302991301001').set(await auth()).expect(400);
    expect(impossible.body.errors).toEqual([expect.objectContaining({ path: 'idNumber', code: 'VALIDATION.ID_NUMBER_BIRTH_DATE' })]);
  });
});

describe('household views', () => {
  const mask = (n: string) => `${n.slice(0, 6)}********${n.slice(-4)}`;

  test('when the household is read without reveal, then both numbers of each member are masked', async () => {
    const res = await http().get(`/api/v1/households/${gao.id}`).set(await auth('civil-affairs')).expect(200);
    const members = res.body.household.members as { idNumber: string; legacyIdNumber: string | null }[];
    expect(members.map((m) => [m.idNumber, m.legacyIdNumber])).toEqual([
      [mask(HEAD_18), mask(HEAD_LEGACY)],
      [mask(WIFE_18), mask(WIFE_LEGACY)],
      [mask(son.idNumber), null],
    ]);
  });

  test('when civil affairs reveals the numbers, then both come back in full and the reveal is audited; another department may not reveal', async () => {
    const res = await http().get(`/api/v1/households/${gao.id}?reveal=idNumber`).set(await auth('civil-affairs')).expect(200);
    expect((res.body.household.members as { idNumber: string; legacyIdNumber: string | null }[]).map((m) => [m.idNumber, m.legacyIdNumber])).toEqual([
      [HEAD_18, HEAD_LEGACY],
      [WIFE_18, WIFE_LEGACY],
      [son.idNumber, null],
    ]);
    expect((await audited('household.read.reveal-id-numbers', gao.id)).map((r) => r.department)).toEqual(['civil-affairs']);
    await http().get(`/api/v1/households/${gao.id}?reveal=idNumber`).set(await auth('health')).expect(403);
  });

  test('when a request path carries a 15-digit number, then what is logged of it is masked', () => {
    expect(maskIdNumbers(`/api/v1/persons/${HEAD_LEGACY}`)).toBe('/api/v1/persons/150302********5001');
    expect(maskIdNumbers(`/api/v1/persons/${HEAD_18}`)).toBe('/api/v1/persons/150302********0018');
  });
});
