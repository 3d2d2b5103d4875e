/**
 * End to end: the whole platform started by the launcher (every service its own process, real
 * PostgreSQL and NATS), a seeded city, and this month's batch evaluation streamed through the
 * gateway as NDJSON — checked line by line against the rules run in this process on the same
 * generated households.
 */
import { generateCity } from '../../scripts/seed/city';
import { evaluate, PROGRAM_CODES, type EvaluationResponse, type Household } from '../../packages/rules/src';
import { CITY_TODAY as TODAY, useRunningPlatform } from '../support/running-platform';

const HOUSEHOLDS = 60;
const SEED = 9;
const running = useRunningPlatform({ households: HOUSEHOLDS, seed: SEED });

async function login(username: string): Promise<string> {
  const res = await fetch(`${running().url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

/** What the rules answer in this process for a generated household on `asOf`, or the code they refuse it with. */
function inProcess(facts: Household, asOf: string): EvaluationResponse | { code: string } {
  const { members, ...rest } = facts;
  // the registry hands out no ID numbers, and holds no medical bills or hardship; the batch takes the
  // household as it was on asOf (decision 0017): a member born after it is not yet in it
  const onAsOf = members.filter((m) => m.birthDate <= asOf);
  const household = { ...rest, medicalBills: [], hardship: null, members: onAsOf.map(({ idNumber: _idNumber, ...m }) => m) } as Household;
  try {
    return evaluate({ asOf, household }, { programs: PROGRAM_CODES, explain: false });
  } catch (err) {
    return { code: (err as { code: string }).code };
  }
}

/** A result with member ids left out (the registry's are person ids, the generator's its own). */
const comparable = (r: EvaluationResponse) => ({
  status: r.status,
  dibaoClass: r.dibaoClass,
  perCapitaIncomeFen: r.perCapitaIncomeFen,
  entitlements: r.entitlements.map((e) => [e.program, e.amountFen, e.period, e.clauses]),
  ineligible: r.ineligible.map((i) => [i.program, i.reasons.map((x) => x.code)]),
});

test('when finance streams this month\'s batch through the gateway, then every seeded household has one line equal to the rules in this process, and the summary adds them up', async () => {
  const token = await login('demo.finance');
  const month = TODAY.slice(0, 7);
  const asOf = `${month}-01`;
  const res = await fetch(`${running().url}/api/v1/evaluations/batch`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ month }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
  const text = await res.text();
  expect(text).not.toMatch(/\d{17}[\dXx]/);
  const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const summary = lines.pop()!;
  expect(summary.type).toBe('summary');
  expect(lines).toHaveLength(HOUSEHOLDS);

  const byNo = new Map(lines.map((l) => [l.householdNo as string, l]));
  const totals = new Map<string, number>(PROGRAM_CODES.map((p) => [p, 0]));
  let errors = 0;
  for (const h of generateCity({ households: HOUSEHOLDS, seed: SEED, today: TODAY })) {
    const line = byNo.get(h.householdNo);
    expect(line).toBeDefined();
    const expected = inProcess(h.facts as unknown as Household, asOf);
    if ('code' in expected) {
      errors++;
      expect((line!.error as { code: string }).code).toBe(expected.code);
      continue;
    }
    expect(comparable(line!.result as EvaluationResponse)).toEqual(comparable(expected));
    for (const e of expected.entitlements) totals.set(e.program, totals.get(e.program)! + e.amountFen);
  }
  expect(summary).toMatchObject({ month, asOf, households: HOUSEHOLDS, errors, evaluated: HOUSEHOLDS - errors });
  expect((summary.programs as { program: string; amountFen: number }[]).map((p) => [p.program, p.amountFen])).toEqual(PROGRAM_CODES.map((p) => [p, totals.get(p)]));
  expect(totals.get('dibao')).toBeGreaterThan(0);
});
