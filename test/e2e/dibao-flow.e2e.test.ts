/**
 * End to end: the whole platform started by the launcher (every service its own process, real
 * PostgreSQL and NATS), a seeded city, and a dibao application driven through the gateway from
 * intake to finance's obligation and the five departments' referrals.
 */
import { generateCity } from '../../scripts/seed/city';
import { evaluateDibao, departmentReferrals } from '../../packages/rules/src';
import { CITY_TODAY as TODAY, useRunningPlatform } from '../support/running-platform';

const HOUSEHOLDS = 60;
const SEED = 7;
const running = useRunningPlatform({ households: HOUSEHOLDS, seed: SEED });

async function api(method: string, url: string, token?: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${running().url}${url}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, type: res.headers.get('content-type') ?? '' };
}

async function login(username: string): Promise<string> {
  const r = await api('POST', '/api/v1/auth/login', undefined, { username, password: 'demo' });
  expect(r.status).toBe(200);
  return r.body.token as string;
}

/** The seeded household that qualifies for dibao and is referred to the most departments. */
function pickEligibleHousehold() {
  let best: { head: string; departments: number; size: number } | undefined;
  for (const h of generateCity({ households: HOUSEHOLDS, seed: SEED, today: TODAY })) {
    const r = evaluateDibao(h.facts, TODAY);
    if (r.status !== 'ELIGIBLE' || !r.dibaoClass) continue;
    const departments = (['disability', 'education', 'employment', 'health', 'housing'] as const).filter(
      (d) => departmentReferrals(d, h.facts, TODAY, r.dibaoClass!).length > 0,
    ).length;
    const head = h.facts.members.find((m) => m.relation === 'head')!.idNumber!;
    if (!best || departments > best.departments) best = { head, departments, size: h.facts.members.length };
  }
  if (!best) throw new Error('the seeded city has no eligible household; raise HOUSEHOLDS');
  return best;
}

test('when a clerk files a dibao application and moves it to approval, then finance records the monthly obligation and the departments their referrals', async () => {
  const clerk = await login('demo.civil-affairs');
  const target = pickEligibleHousehold();

  const person = await api('GET', `/api/v1/persons/${target.head}`, clerk);
  expect(person.status).toBe(200);
  const householdId = person.body.householdId as string;
  // every member signs the authorisation to verify at the window (MCA-2012: no authorisation, no verification)
  const household = await api('GET', `/api/v1/households/${householdId}`, clerk);
  expect(household.status).toBe(200);
  const personIds = (household.body.household.members as { personId: string }[]).map((m) => m.personId);
  const signed = await api('POST', `/api/v1/households/${householdId}/authorisations`, clerk, { personIds, signedAt: TODAY });
  expect(signed.status).toBe(201);
  expect(signed.body.complete).toBe(true);

  const key = `e2e-${Date.now()}`;
  const body = { householdId, programs: ['dibao'], note: '申请低保', declarationSigned: true, authorisationSigned: true };
  const first = await api('POST', '/api/v1/applications', clerk, body, { 'Idempotency-Key': key });
  expect(first.status).toBe(201);
  const replay = await api('POST', '/api/v1/applications', clerk, body, { 'Idempotency-Key': key });
  expect(replay.status).toBe(201);
  expect(replay.body.id).toBe(first.body.id);
  const caseId = first.body.routes[0].caseId as string;
  expect(first.body.routes[0]).toMatchObject({ service: 'civil-affairs', status: 'submitted' });

  expect((await api('POST', `/api/v1/cases/${caseId}/transitions`, clerk, { action: 'verify', note: '入户调查完成' })).status).toBe(200);
  const notice = await api('POST', `/api/v1/cases/${caseId}/transitions`, clerk, { action: 'start_notice', note: '' });
  expect(notice.status).toBe(200);
  expect(notice.body.status).toBe('under_notice');

  const early = await api('POST', `/api/v1/cases/${caseId}/transitions`, clerk, { action: 'approve', note: '' });
  expect(early.status).toBe(409);
  expect(early.type).toContain('application/problem+json');
  expect(early.body.code).toBe('DIBAO.NOTICE_NOT_ENDED');

  const finance = await login('demo.finance');
  expect((await api('POST', `/api/v1/cases/${caseId}/transitions`, finance, { action: 'approve', note: '' })).status).toBe(403);

  expect((await api('POST', '/api/v1/demo/clock', clerk, { days: 7 })).status).toBe(200);
  const approved = await api('POST', `/api/v1/cases/${caseId}/transitions`, clerk, { action: 'approve', note: '公示无异议' });
  expect(approved.status).toBe(200);
  expect(approved.body.status).toBe('approved');
  const monthly = approved.body.monthlyAmountFen as number;
  expect(Number.isSafeInteger(monthly) && monthly > 0).toBe(true);

  // the events travel: finance's obligation and every department with something to do
  const deadline = Date.now() + 30_000;
  let app = await api('GET', `/api/v1/applications/${first.body.id}`, clerk);
  const ready = () => {
    const deps = app.body.departments as { service: string; state: string; items: { amountFen: number; program: string }[] }[];
    const withItems = deps.filter((d) => d.items.length > 0).map((d) => d.service);
    return withItems.includes('finance') && withItems.length >= 1 + target.departments;
  };
  while (!ready() && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 300));
    app = await api('GET', `/api/v1/applications/${first.body.id}`, clerk);
  }
  const deps = app.body.departments as { service: string; state: string; items: { amountFen: number; program: string; period: string }[] }[];
  const fin = deps.find((d) => d.service === 'finance')!;
  expect(fin.items.reduce((s, i) => s + i.amountFen, 0)).toBe(monthly);
  const health = deps.find((d) => d.service === 'health')!;
  expect(health.items.filter((i) => i.program === 'medical.premium-subsidy')).toHaveLength(target.size);
  expect(deps.filter((d) => d.service !== 'finance' && d.items.length > 0)).toHaveLength(target.departments);

  const obligations = await api('GET', `/api/v1/finance/obligations?month=${approved.body.paymentFromMonth}`, finance);
  expect(obligations.status).toBe(200);
  const mine = (obligations.body.obligations as { householdId: string; monthlyAmountFen: number }[]).filter((o) => o.householdId === householdId);
  expect(mine.reduce((s, o) => s + o.monthlyAmountFen, 0)).toBe(monthly);
}, 120_000);

test('when the platform is up, then /readyz lists every service as SERVING and the intake page is served', async () => {
  const ready = await api('GET', '/readyz');
  expect(ready.status).toBe(200);
  expect(Object.values(ready.body.services)).toEqual(Array(8).fill('SERVING'));
  const page = await fetch(`${running().url}/`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('乌海');
});
