/**
 * Civil affairs' dibao procedure uses the registry's verification report (City §18): `verify` runs
 * the cross-registry check; without every adult's authorisation it is refused naming who must
 * sign; with mismatches the case stays `submitted` with the reasons in its history and the report
 * on the case, until the clerk corrects the declaration and verifies again. Registry and civil
 * affairs run in-process on their own databases, on the same manual clock, with a private
 * nats-server; the extracts go through the registry's real import.
 */
import { ManualClock } from '@wuhai/service-kit';
import { verificationMonths } from '../../../registry/src/domain/verification.rules';
import { failureOf, GRPC, household, member, registration, staff } from '../../../registry/test/support/fixtures';
import { importSources } from '../../../registry/test/support/sources';
import { useCivilAffairsWithRegistry, type CivilAffairsWithRegistry } from '../support/with-registry';

const clock = new ManualClock(new Date('2026-03-02T02:00:00Z')); // Monday 2026-03-02, 10:00 in Wuhai
const started = useCivilAffairsWithRegistry({ databases: 'verify', clock });
let { registrySvc, registry, civil }: Partial<CivilAffairsWithRegistry> = {};
beforeAll(() => ({ registrySvc, registry, civil } = started()));

const clerk = staff('civil-affairs');
// 马家: the head declares 1 000 yuan a month; the tax office has 3 000 every month. The son is 15.
const head = member({ id: 'head', name: '马永福', relation: 'head', sex: 'M', birthDate: '1968-04-04', seq: 11, canWork: true, employed: true, monthlyIncomeFen: 100_000 });
const spouse = member({ id: 'spouse', name: '白玉兰', relation: 'spouse', sex: 'F', birthDate: '1970-09-09', seq: 12 });
const son = member({ id: 'son', name: '马小军', relation: 'child', sex: 'M', birthDate: '2010-10-10', seq: 13, school: { level: 'junior', boarding: false } });
let householdId = '';
let personIds: Record<string, string> = {};
let caseId = '';

beforeAll(async () => {
  const registered = await registry!.RegisterHousehold(registration(household([head, spouse, son], { livingAreaM2: 40 })), clerk);
  householdId = registered.id;
  personIds = Object.fromEntries(registered.members.map((m) => [m.ref, m.personId]));
  await importSources(registrySvc!.address, { tax: verificationMonths('2026-03-02').map((month) => [head.idNumber!, month, 300_000]) }, staff('registry'));
  const app = await civil!.SubmitApplication({ householdId, programs: ['dibao'], note: '申请低保', declarationSigned: true, authorisationSigned: true }, clerk);
  caseId = app.routes[0]!.caseId;
});

test('when the case is verified before the adults signed the authorisation, then FAILED_PRECONDITION names who must sign and the case is untouched', async () => {
  const f = await failureOf(civil!.TransitionCase({ id: caseId, action: 'verify', note: '' }, clerk));
  expect(f).toMatchObject({ status: GRPC.FAILED_PRECONDITION, code: 'VERIFICATION.NOT_AUTHORISED' });
  expect(f.fields.map((x) => x.path)).toEqual([`members.${personIds.head}`, `members.${personIds.spouse}`]);
  const c = await civil!.GetCase({ id: caseId }, clerk);
  expect(c).toMatchObject({ status: 'submitted', verificationReportId: '', verificationJson: '' });
  expect(c.history.map((h) => h.action)).toEqual(['submit']);
});

test('when the verification finds income above the declaration, then the case stays submitted with the reasons in its history and the report on the case', async () => {
  await registry!.RecordAuthorisation({ householdId, personIds: [personIds.head!, personIds.spouse!], signedAt: '2026-03-02' }, clerk);
  const f = await failureOf(civil!.TransitionCase({ id: caseId, action: 'verify', note: '入户调查' }, clerk));
  expect(f).toMatchObject({ status: GRPC.FAILED_PRECONDITION, code: 'DIBAO.VERIFICATION_MISMATCH' });
  expect(f.fields).toEqual([expect.objectContaining({ path: 'verification.mismatches.0', code: 'VERIFICATION.INCOME_ABOVE_DECLARED', message: expect.stringContaining('马永福') })]);

  const c = await civil!.GetCase({ id: caseId }, clerk);
  expect(c.status).toBe('submitted');
  expect(c.verificationReportId).toMatch(/^[0-9a-f-]{36}$/);
  const verification = JSON.parse(c.verificationJson);
  expect(verification).toMatchObject({ reportId: c.verificationReportId, version: 1, mismatchCount: 1 });
  expect(verification.mismatches).toEqual([
    expect.objectContaining({ kind: 'income-above-declared', memberId: personIds.head, source: 'tax', field: 'monthlyIncomeFen', declared: 100_000, found: 300_000 }),
  ]);
  const last = c.history.at(-1)!;
  expect(last).toMatchObject({ action: 'verify', fromStatus: 'submitted', toStatus: 'submitted', by: 'civil-affairs.clerk' });
  expect(last.note).toContain('入户调查');
  expect(last.note).toContain(c.verificationReportId);
  expect(last.note).toContain('马永福');
  // the registry's report holds the facts; it decides nothing
  const report = await registry!.GetVerification({ id: c.verificationReportId }, clerk);
  expect(report.mismatchCount).toBe(1);
  expect(JSON.stringify(report)).not.toMatch(/eligib|refus|monthlyAmount|topUp/i);
});

test('when the case can still not be noticed or approved, then those actions stay refused', async () => {
  expect(await failureOf(civil!.TransitionCase({ id: caseId, action: 'start_notice', note: '' }, clerk))).toMatchObject({
    status: GRPC.FAILED_PRECONDITION,
    code: 'DIBAO.ACTION_NOT_ALLOWED',
  });
});

test('when the clerk corrects the declared income and verifies again, then report version 2 finds nothing and the case is verified', async () => {
  const h = await registry!.GetHousehold({ id: householdId }, clerk);
  await registry!.UpdateHousehold({ id: householdId, expectedVersion: h.version, patchJson: JSON.stringify({ members: [{ personId: personIds.head, monthlyIncomeFen: 300_000 }] }) }, clerk);
  const verified = await civil!.TransitionCase({ id: caseId, action: 'verify', note: '已更正申报收入' }, clerk);
  expect(verified.status).toBe('verified');
  const verification = JSON.parse(verified.verificationJson);
  expect(verification).toMatchObject({ reportId: verified.verificationReportId, version: 2, mismatchCount: 0, mismatches: [] });
  expect(verified.history.map((x) => [x.action, x.fromStatus, x.toStatus])).toEqual([
    ['submit', '', 'submitted'],
    ['verify', 'submitted', 'submitted'],
    ['verify', 'submitted', 'verified'],
  ]);
});

test('when a verified case is verified again, then no new report is made and the action is refused', async () => {
  const [{ n: before }] = await registrySvc!.ds.query('SELECT count(*)::int AS n FROM verification_reports');
  expect(await failureOf(civil!.TransitionCase({ id: caseId, action: 'verify', note: '' }, clerk))).toMatchObject({ code: 'DIBAO.ACTION_NOT_ALLOWED' });
  const [{ n: after }] = await registrySvc!.ds.query('SELECT count(*)::int AS n FROM verification_reports');
  expect(after).toBe(before);
});
