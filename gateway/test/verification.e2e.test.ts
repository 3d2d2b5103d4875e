/**
 * End to end through the gateway: authorisations, verification runs and reports, the dibao
 * `verify` that uses them, and the list of possible duplicates (City §18; rest-api.md). The eight
 * real services run in-process on their own databases with a private NATS; a vehicle extract is
 * imported into the registry through its real streaming import.
 */
import request from 'supertest';
import { signStaffToken } from '@wuhai/service-kit';
import { importSources } from '../../services/registry/test/support/sources';
import { openCaseReview } from '../../services/civil-affairs/src/application/case-reviews';
import { authorise, cityToday, demoLogins, JWT_SECRET, member, registration, usePlatform } from './support/platform';

const platform = usePlatform();
const http = () => request(platform().app);
const { auth } = demoLogins(platform, 'civil-affairs');

async function auditActions(resourceType: string, resourceId: string) {
  const rows = (await platform().ds.query('SELECT department, action FROM audit_log WHERE resource_type = $1 AND resource_id = $2 ORDER BY id', [resourceType, resourceId])) as {
    department: string;
    action: string;
  }[];
  return rows.map((r) => `${r.department} ${r.action}`);
}

async function register(body: Record<string, unknown>) {
  const res = await http().post('/api/v1/households').set(await auth('registry')).send(body);
  expect(res.status).toBe(201);
  return res.body as { id: string; members: { ref: string; personId: string }[] };
}

// 高家: a head who declares no car (the vehicle register has one), a spouse, a 12-year-old.
const head = member({ id: 'head', name: '高志远', birthDate: '1972-02-02' });
const spouse = member({ id: 'spouse', name: '孟丽', sex: 'F', birthDate: '1975-05-05', relation: 'spouse' });
const child = member({ id: 'child', name: '高小雨', sex: 'F', birthDate: `${Number(cityToday().slice(0, 4)) - 12}-01-01`, relation: 'child' });
let householdId = '';
let person: Record<string, string> = {};

beforeAll(async () => {
  const created = await register(registration({ members: [head, spouse, child] }));
  householdId = created.id;
  person = Object.fromEntries(created.members.map((m) => [m.ref, m.personId]));
  // a registry clerk's token signed with the platform's secret
  const registryClerk = { metadata: { authorization: `Bearer ${signStaffToken({ staffId: 'r', username: 'registry.clerk', department: 'registry', area: '*', role: 'clerk' }, JWT_SECRET)}` } };
  await importSources(platform().services.registry.address, { vehicles: [[head.idNumber, '蒙C8A888', 'car', 9_000_000]] }, registryClerk);
});

describe('POST /api/v1/households/{id}/authorisations', () => {
  test('when one adult signs, then 201 names who signed and which adults are still missing (the child need not sign), and it is audited', async () => {
    const res = await http().post(`/api/v1/households/${householdId}/authorisations`).set(await auth()).send({ personIds: [person.head], signedAt: cityToday() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ householdId, asOf: cityToday(), complete: false, missing: [{ personId: person.spouse, name: '孟丽' }] });
    expect(res.body.signed).toEqual([{ personId: person.head, name: '高志远', signedAt: cityToday(), authorisationId: expect.any(String) }]);
    expect(await auditActions('household', householdId)).toContain('civil-affairs verification.authorisation.record');
  });

  test('when person ids are unknown or of another household, then 400 names each', async () => {
    const other = await register(registration({ members: [member({ id: 'x' })] }));
    const res = await http()
      .post(`/api/v1/households/${householdId}/authorisations`)
      .set(await auth())
      .send({ personIds: [person.spouse, other.members[0]!.personId, 'no-such-person'], signedAt: cityToday() });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VERIFICATION.NOT_A_MEMBER');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['personIds.1', 'personIds.2']);
    expect(res.body.errors[1].message).toContain('no-such-person');
  });

  test.each([
    ['2999-01-01', 'signedAt'],
    ['2025-13-01', 'signedAt'],
    [undefined, 'signedAt'],
  ])('when signedAt is %s, then 400 naming signedAt', async (signedAt, path) => {
    const res = await http().post(`/api/v1/households/${householdId}/authorisations`).set(await auth()).send({ personIds: [person.spouse], signedAt });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
  });

  test('when no person is named, then 400; an unknown household is 404; another department is 403', async () => {
    expect((await http().post(`/api/v1/households/${householdId}/authorisations`).set(await auth()).send({ personIds: [], signedAt: cityToday() })).status).toBe(400);
    const unknown = await http().post('/api/v1/households/00000000-0000-4000-8000-000000000000/authorisations').set(await auth()).send({ personIds: [person.head], signedAt: cityToday() });
    expect(unknown.status).toBe(404);
    const finance = await http().post(`/api/v1/households/${householdId}/authorisations`).set(await auth('finance')).send({ personIds: [person.head], signedAt: cityToday() });
    expect(finance.status).toBe(403);
  });
});

describe('POST /api/v1/verifications and GET /api/v1/verifications/{id}', () => {
  let reportId = '';

  test('when an adult has not signed, then 409 VERIFICATION.NOT_AUTHORISED names the member and no report is made', async () => {
    const res = await http().post('/api/v1/verifications').set(await auth()).send({ householdId });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('VERIFICATION.NOT_AUTHORISED');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: `members.${person.spouse}`, message: expect.stringContaining('孟丽') })]);
  });

  test('when every adult has signed, then 201 the report: the undeclared car as a mismatch, facts only, and the run is audited', async () => {
    const state = await authorise(platform().app, await auth(), householdId, [person.spouse!]);
    expect(state.complete).toBe(true);
    const res = await http().post('/api/v1/verifications').set(await auth()).send({ householdId });
    expect(res.status).toBe(201);
    reportId = res.body.id;
    expect(res.body).toMatchObject({ householdId, version: 1, runBy: 'demo.civil-affairs', asOf: cityToday(), mismatchCount: 1 });
    expect(res.body.mismatches).toEqual([
      {
        kind: 'undeclared-vehicle',
        memberId: person.head,
        source: 'vehicles',
        field: 'assets.vehicles',
        declared: 0,
        found: 1,
        detail: { vehicles: [{ plate: '蒙C8A888', kind: 'car', valueFen: 9_000_000 }] },
        note: expect.stringContaining('高志远'),
      },
    ]);
    expect(res.body.findings).toEqual([{ memberId: person.head, source: 'vehicles', found: { vehicles: [{ plate: '蒙C8A888', kind: 'car', valueFen: 9_000_000 }] } }]);
    expect(res.body.sources.find((s: { source: string }) => s.source === 'vehicles').fileIds).toEqual([expect.any(Number)]);
    expect(res.body.authorisationIds).toHaveLength(2);
    expect(JSON.stringify(res.body)).not.toMatch(/eligib|refus|monthlyAmount|topUp/i);
    expect(await auditActions('verification-report', reportId)).toEqual(['civil-affairs verification.run']);
  });

  test('when the report is read by civil affairs and by the registry, then 200 the stored report, each read audited', async () => {
    const a = await http().get(`/api/v1/verifications/${reportId}`).set(await auth()).expect(200);
    const b = await http().get(`/api/v1/verifications/${reportId}`).set(await auth('registry')).expect(200);
    expect(a.body).toEqual(b.body);
    expect(a.body).toMatchObject({ id: reportId, version: 1, mismatchCount: 1 });
    expect(await auditActions('verification-report', reportId)).toEqual(['civil-affairs verification.run', 'civil-affairs verification.read', 'registry verification.read']);
  });

  test('when the household is verified again, then 201 version 2 and version 1 reads as before', async () => {
    const before = (await http().get(`/api/v1/verifications/${reportId}`).set(await auth()).expect(200)).body;
    const again = await http().post('/api/v1/verifications').set(await auth('registry')).send({ householdId }).expect(201);
    expect(again.body).toMatchObject({ version: 2, runBy: 'demo.registry' });
    expect((await http().get(`/api/v1/verifications/${reportId}`).set(await auth()).expect(200)).body).toEqual(before);
  });

  test('when another department runs or reads, then 403; a malformed body is 400; an unknown report 404', async () => {
    const run = await http().post('/api/v1/verifications').set(await auth('health')).send({ householdId });
    expect(run.status).toBe(403);
    expect(run.body.code).toBe('AUTH.WRONG_DEPARTMENT');
    expect((await http().get(`/api/v1/verifications/${reportId}`).set(await auth('finance'))).status).toBe(403);
    const bad = await http().post('/api/v1/verifications').set(await auth()).send({ householdId: 'h-1' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['householdId']);
    expect((await http().get('/api/v1/verifications/00000000-0000-4000-8000-000000000000').set(await auth())).status).toBe(404);
  });
});

let caseId = '';

describe('the dibao case uses the report', () => {
  test('when the case is verified with a mismatch, then 409 DIBAO.VERIFICATION_MISMATCH, the case stays submitted and its view shows the report and the reasons', async () => {
    const app = await http()
      .post('/api/v1/applications')
      .set(await auth())
      .send({ householdId, programs: ['dibao'], note: '申请低保', declarationSigned: true, authorisationSigned: true })
      .expect(201);
    caseId = app.body.routes[0].caseId as string;
    const res = await http().post(`/api/v1/cases/${caseId}/transitions`).set(await auth()).send({ action: 'verify', note: '' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('DIBAO.VERIFICATION_MISMATCH');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'verification.mismatches.0', code: 'VERIFICATION.UNDECLARED_VEHICLE' })]);

    const view = await http().get(`/api/v1/cases/${caseId}`).set(await auth()).expect(200);
    expect(view.body.status).toBe('submitted');
    expect(view.body.verification).toMatchObject({ version: 3, mismatchCount: 1, mismatches: [expect.objectContaining({ kind: 'undeclared-vehicle', memberId: person.head, declared: 0, found: 1 })] });
    expect(view.body.history.at(-1)).toMatchObject({ action: 'verify', fromStatus: 'submitted', toStatus: 'submitted', note: expect.stringContaining(view.body.verification.reportId) });

    // the clerk corrects the declaration (the car is the household's) and verifies again
    const patched = await http().patch(`/api/v1/households/${householdId}`).set(await auth()).send({ assets: { vehicles: 1 } });
    expect(patched.status).toBe(200);
    const verified = await http().post(`/api/v1/cases/${caseId}/transitions`).set(await auth()).send({ action: 'verify', note: '已更正' }).expect(200);
    expect(verified.body).toMatchObject({ status: 'verified', verification: { version: 4, mismatchCount: 0, mismatches: [] } });
  });
});

describe('reviews of a case (复核)', () => {
  let reportId = '';
  beforeAll(async () => {
    reportId = (await http().get(`/api/v1/cases/${caseId}`).set(await auth()).expect(200)).body.verification.reportId as string;
  });

  test('when a report is read, then it carries the tolerance used with its effective date, and its inquiries apart from its mismatches', async () => {
    const res = await http().get(`/api/v1/verifications/${reportId}`).set(await auth()).expect(200);
    expect(res.body.parameters).toEqual([
      { name: 'verification.income-tolerance-rate', value: '0.1', unit: 'rate', effectiveFrom: '2014-01-01', clause: expect.stringContaining('City §18') },
      { name: 'verification.income-tolerance-minimum', value: '5000', unit: 'fen', effectiveFrom: '2014-01-01', clause: expect.stringContaining('City §18') },
    ]);
    expect({ inquiries: res.body.inquiries, inquiryCount: res.body.inquiryCount }).toEqual({ inquiries: [], inquiryCount: 0 });
  });

  test('when a review is opened on a case, then the queue lists it under review=open and the case view shows it with its Chinese reason; a bad filter is 400', async () => {
    expect((await http().get('/api/v1/cases').query({ review: 'open' }).set(await auth()).expect(200)).body.cases).toEqual([]);
    await platform().services['civil-affairs'].ds.transaction((m) =>
      openCaseReview(m, { caseId, reason: 'verification-mismatch', reasons: ['高志远：车辆登记有 1 辆未申报的机动车 / one undeclared vehicle'], reportId, openedBy: 'civil-affairs.reviews' }),
    );
    const queue = await http().get('/api/v1/cases').query({ review: 'open' }).set(await auth()).expect(200);
    expect(queue.body.cases.map((c: { id: string; openReviews: number }) => [c.id, c.openReviews])).toEqual([[caseId, 1]]);
    expect(queue.body.cases[0]).not.toHaveProperty('reviews');
    const view = await http().get(`/api/v1/cases/${caseId}`).set(await auth()).expect(200);
    expect(view.body.openReviews).toBe(1);
    expect(view.body.reviews).toEqual([
      {
        id: expect.any(String),
        reason: 'verification-mismatch',
        reasonLabel: '核对发现与申报不符',
        reasons: ['高志远：车辆登记有 1 辆未申报的机动车 / one undeclared vehicle'],
        reportId,
        openedAt: expect.any(String),
        openedBy: 'civil-affairs.reviews',
        resolvedAt: null,
        resolvedBy: null,
        resolutionNote: null,
      },
    ]);
    const bad = await http().get('/api/v1/cases').query({ review: 'closed' }).set(await auth());
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['review']);
  });

  test('when the clerk resolves the review, then a note is required; with it the review is closed and the case stays as it was', async () => {
    const without = await http().post(`/api/v1/cases/${caseId}/transitions`).set(await auth()).send({ action: 'resolve_review', note: '' });
    expect(without.status).toBe(400);
    expect(without.body.code).toBe('REVIEW.NOTE_REQUIRED');
    expect(without.body.errors.map((e: { path: string }) => e.path)).toEqual(['note']);
    const resolved = await http().post(`/api/v1/cases/${caseId}/transitions`).set(await auth()).send({ action: 'resolve_review', note: '车辆为家庭所有，申报已更正' }).expect(200);
    expect(resolved.body).toMatchObject({ status: 'verified', openReviews: 0 });
    expect(resolved.body.reviews[0]).toMatchObject({ resolvedBy: 'demo.civil-affairs', resolutionNote: '车辆为家庭所有，申报已更正', resolvedAt: expect.any(String) });
    expect((await http().get('/api/v1/cases').query({ review: 'open' }).set(await auth()).expect(200)).body.cases).toEqual([]);
    const again = await http().post(`/api/v1/cases/${caseId}/transitions`).set(await auth()).send({ action: 'resolve_review', note: '再次' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('REVIEW.NOT_OPEN');
  });
});

describe('GET /api/v1/registry/duplicates', () => {
  test('when two members of a household share name and birth date, then registry and civil-affairs staff see them listed with masked ID numbers; others get 403', async () => {
    const a = member({ id: 'a', name: '刘洋', birthDate: '1991-09-09' });
    const b = member({ id: 'b', name: '刘洋', birthDate: '1991-09-09', relation: 'sibling' });
    const twins = await register(registration({ members: [a, b] }));
    const res = await http().get('/api/v1/registry/duplicates').query({ kind: 'same-name-birth-date' }).set(await auth('registry')).expect(200);
    expect(res.body.total).toBe(1);
    expect(res.body.duplicates[0]).toMatchObject({ kind: 'same-name-birth-date', foundHouseholdNo: null, sourceFileId: null });
    expect(res.body.duplicates[0].persons.map((p: { householdId: string; idNumberMasked: string }) => [p.householdId, p.idNumberMasked])).toEqual([
      [twins.id, `${a.idNumber.slice(0, 6)}********${a.idNumber.slice(-4)}`],
      [twins.id, `${b.idNumber.slice(0, 6)}********${b.idNumber.slice(-4)}`],
    ]);
    expect(JSON.stringify(res.body)).not.toContain(a.idNumber);
    expect((await http().get('/api/v1/registry/duplicates').set(await auth())).status).toBe(200);
    expect((await http().get('/api/v1/registry/duplicates').set(await auth('education'))).status).toBe(403);
    expect((await http().get('/api/v1/registry/duplicates').query({ kind: 'cousins' }).set(await auth())).status).toBe(400);
  });
});

test('when openapi.json is fetched, then it documents the verification routes', async () => {
  const res = await http().get('/api/v1/openapi.json').set(await auth()).expect(200);
  expect(Object.keys(res.body.paths)).toEqual(
    expect.arrayContaining(['/api/v1/households/{id}/authorisations', '/api/v1/verifications', '/api/v1/verifications/{id}', '/api/v1/registry/duplicates']),
  );
  expect(res.body.paths['/api/v1/verifications'].post.responses).toHaveProperty('409');
});
