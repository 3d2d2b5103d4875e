/**
 * Civil affairs' work queue and access rules, with the registry in-process (each on its own
 * database) and a private nats-server.
 */
import { ManualClock, systemClock } from '@wuhai/service-kit';
import { failureOf, GRPC, household, member, registration, staff } from '../../../registry/test/support/fixtures';
import { useCivilAffairsWithRegistry, type CivilAffairsWithRegistry } from '../support/with-registry';
import { STREETS_BY_AREA } from '@wuhai/contracts';

const clock = new ManualClock(new Date('2026-05-11T01:00:00Z')); // Monday 2026-05-11, 09:00 in Wuhai
// the registry keeps the system clock
const started = useCivilAffairsWithRegistry({ databases: 'cases', clock, registryClock: systemClock });
let { registry, civil }: Partial<CivilAffairsWithRegistry> = {};
beforeAll(() => ({ registry, civil } = started()));

const clerk = staff('civil-affairs');
const caseIds: string[] = [];
const areas = ['150302', '150303', '150304', '150302'] as const;

/** Registers a one-person household with no income in `area` and applies for dibao. */
async function applyInArea(area: string, seq: number): Promise<string> {
  const head = member({ id: 'h', relation: 'head', sex: 'F', birthDate: '1958-08-08', seq, area });
  const street = STREETS_BY_AREA[area as keyof typeof STREETS_BY_AREA][0]!;
  const { id } = await registry!.RegisterHousehold(registration(household([head], { area }), street, `${street}1号`), clerk);
  const app = await civil!.SubmitApplication({ householdId: id, programs: ['dibao'], note: '', declarationSigned: true, authorisationSigned: true }, clerk);
  return app.routes[0]!.caseId;
}

beforeAll(async () => {
  for (const [i, area] of areas.entries()) caseIds.push(await applyInArea(area, 100 + i * 2));
});

describe('the work queue', () => {
  test('when cases are listed two at a time, then every case appears exactly once, oldest first', async () => {
    const seen: string[] = [];
    let after = '';
    for (let page = 0; page < 5; page++) {
      const r = await civil!.ListCases({ page: { limit: 2, after } }, clerk);
      seen.push(...r.cases.map((c) => c.id));
      after = r.nextAfter;
      if (!after) break;
    }
    expect(seen).toEqual(caseIds);
  });

  test('when the page cursor is not one the service gave, then INVALID_ARGUMENT names it', async () => {
    const f = await failureOf(civil!.ListCases({ page: { limit: 2, after: 'not-a-cursor' } }, clerk));
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'VALIDATION.INVALID_CURSOR' });
    expect(f.fields.map((x) => x.path)).toEqual(['page.after']);
  });

  test('when cases are listed for a household id that is no id at all, then the list is empty', async () => {
    expect((await civil!.ListCases({ householdId: 'household-1' }, clerk)).cases).toEqual([]);
  });

  test('when cases are filtered by area and status, then only those are listed', async () => {
    const r = await civil!.ListCases({ area: '150302', status: 'submitted' }, clerk);
    expect(r.cases.map((c) => c.id)).toEqual([caseIds[0], caseIds[3]]);
    expect(r.nextAfter).toBe('');
  });

  test('when a clerk of one district lists or reads cases, then only that district’s cases are visible', async () => {
    const wuda = staff('civil-affairs', { area: '150304' });
    const r = await civil!.ListCases({ area: '150302' }, wuda); // asking for another district changes nothing
    expect(r.cases.map((c) => c.id)).toEqual([caseIds[2]]);
    expect(await failureOf(civil!.GetCase({ id: caseIds[0]! }, wuda))).toMatchObject({ status: GRPC.NOT_FOUND, code: 'DIBAO.CASE_NOT_FOUND' });
    expect(await failureOf(civil!.TransitionCase({ id: caseIds[0]!, action: 'verify', note: '' }, wuda))).toMatchObject({
      status: GRPC.NOT_FOUND,
    });
  });

  test('when staff of another department list cases, then PERMISSION_DENIED; they may still read an application', async () => {
    expect(await failureOf(civil!.ListCases({}, staff('education')))).toMatchObject({ status: GRPC.PERMISSION_DENIED });
    const app = await civil!.GetApplication({ id: (await civil!.GetCase({ id: caseIds[1]! }, clerk)).applicationId }, staff('education'));
    expect(app.routes.map((r) => r.caseId)).toEqual([caseIds[1]]);
  });
});

describe('acting on a case', () => {
  test('when an auditor tries to act, then PERMISSION_DENIED and the case is unchanged', async () => {
    const auditor = staff('civil-affairs', { role: 'auditor' });
    expect(await failureOf(civil!.TransitionCase({ id: caseIds[1]!, action: 'verify', note: '' }, auditor))).toMatchObject({
      status: GRPC.PERMISSION_DENIED,
      code: 'AUTH.READ_ONLY_ROLE',
    });
    expect((await civil!.GetCase({ id: caseIds[1]! }, clerk)).status).toBe('submitted');
  });

  test('when the action is unknown, then INVALID_ARGUMENT names it', async () => {
    const f = await failureOf(civil!.TransitionCase({ id: caseIds[1]!, action: 'pay', note: '' }, clerk));
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT, code: 'DIBAO.UNKNOWN_ACTION' });
    expect(f.fields.map((x) => x.path)).toEqual(['action']);
  });

  test('when an action is not allowed in the case’s status, then FAILED_PRECONDITION', async () => {
    expect(await failureOf(civil!.TransitionCase({ id: caseIds[1]!, action: 'start_notice', note: '' }, clerk))).toMatchObject({
      status: GRPC.FAILED_PRECONDITION,
      code: 'DIBAO.ACTION_NOT_ALLOWED',
    });
  });

  test('when a case id is unknown or malformed, then NOT_FOUND', async () => {
    expect(await failureOf(civil!.GetCase({ id: '00000000-0000-4000-8000-000000000000' }, clerk))).toMatchObject({ status: GRPC.NOT_FOUND });
    expect(await failureOf(civil!.GetCase({ id: 'case-1' }, clerk))).toMatchObject({ status: GRPC.NOT_FOUND });
    expect(await failureOf(civil!.TransitionCase({ id: 'case-1', action: 'verify', note: '' }, clerk))).toMatchObject({ status: GRPC.NOT_FOUND });
  });

  test('when the demo clock is asked to move outside demo mode, then PERMISSION_DENIED; the clock shows the injected time', async () => {
    expect(await failureOf(civil!.AdvanceDemoClock({ days: 7 }, clerk))).toMatchObject({ status: GRPC.PERMISSION_DENIED, code: 'DEMO.DISABLED' });
    expect(await civil!.GetClock({}, clerk)).toEqual({ now: '2026-05-11T01:00:00.000Z', today: '2026-05-11', offsetDays: 0, demo: false });
  });
});
