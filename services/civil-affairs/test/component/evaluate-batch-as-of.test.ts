/**
 * Civil affairs' `EvaluateBatch` counts each household as it was on the first day of the month:
 * the registry streams the members who belonged to it that day (moves and deaths from its
 * history), born by then and alive then (docs/decisions/0017-batch-evaluation-api.md). Both
 * services run in-process, each on its own database, over a private nats-server; births, deaths
 * and moves are recorded through the registry's API on a manual clock (2026-11-30).
 *
 * Amounts worked by hand from City §3 and the parameter defaults (packages/rules/parameters,
 * dibao.standard): urban standard 600 yuan a person and month from 2015-01-01; dibao =
 * (standard − per-capita counted income) × members counted, rounded to whole yuan; nobody here is
 * 60 or older, disabled or of a minority, so no supplement.
 */
import type { BatchHouseholdResultMsg, BatchSummaryMsg, EvaluateBatchRequestMsg } from '@wuhai/contracts';
import type { EvaluationResponse } from '@wuhai/rules';
import { ManualClock } from '@wuhai/service-kit';
import { household, member, registration, staff } from '../../../registry/test/support/fixtures';
import { useCivilAffairsWithRegistry, type CivilAffairsWithRegistry } from '../support/with-registry';

/** Monday 2026-11-30, 10:00 in Wuhai. */
const clock = new ManualClock(new Date('2026-11-30T02:00:00Z'));
const started = useCivilAffairsWithRegistry({ databases: 'batch_as_of', clock });
let { registry, civil }: Partial<CivilAffairsWithRegistry> = {};
beforeAll(() => ({ registry, civil } = started()));

const clerk = staff('civil-affairs');
const DIBAO = ['dibao', 'dibao.supplement'];

/** The households, by what they show. */
const ids = { birth: '', death: '', joined: '', left: '', before: '' };

let seq = 900;
const m = (facts: Omit<Parameters<typeof member>[0], 'seq'>) => member({ ...facts, seq: (seq += 2) });

beforeAll(async () => {
  const register = async (members: ReturnType<typeof member>[], street: string) => {
    const r = await registry!.RegisterHousehold(registration(household(members), street, `${street}${seq}号`), staff('registry'));
    return { id: r.id, person: Object.fromEntries(r.members.map((x) => [x.ref, x.personId])) as Record<string, string> };
  };
  // a mother earning 600 yuan and her child born 2026-11-11
  ids.birth = (
    await register(
      [
        m({ id: 'mother', relation: 'head', sex: 'F', birthDate: '1985-03-03', monthlyIncomeFen: 60_000, canWork: true, employed: true }),
        m({ id: 'baby', relation: 'child', sex: 'M', birthDate: '2026-11-11' }),
      ],
      '新华街道',
    )
  ).id;
  // a father earning 900 yuan, the mother (dies on 2026-06-01) and their daughter born 2010
  const death = await register(
    [
      m({ id: 'father', relation: 'head', sex: 'M', birthDate: '1970-01-01', monthlyIncomeFen: 90_000, canWork: true, employed: true }),
      m({ id: 'mother', relation: 'spouse', sex: 'F', birthDate: '1972-02-02' }),
      m({ id: 'child', relation: 'child', sex: 'F', birthDate: '2010-05-05' }),
    ],
    '海北街道',
  );
  ids.death = death.id;
  await registry!.RecordDeath({ personId: death.person.mother!, deathDate: '2026-06-01', source: 'medical-certificate', note: '', newHeadPersonId: '' }, clerk);
  // a woman without income; a mother without income and her son earning 300 yuan, who moves to
  // the woman's household on 2026-08-15
  ids.joined = (await register([m({ id: 'head', relation: 'head', sex: 'F', birthDate: '1975-04-04' })], '滨河街道')).id;
  const left = await register(
    [
      m({ id: 'head', relation: 'head', sex: 'F', birthDate: '1970-06-06' }),
      m({ id: 'son', relation: 'child', sex: 'M', birthDate: '2000-01-01', monthlyIncomeFen: 30_000, canWork: true, employed: true }),
    ],
    '凤凰岭街道',
  );
  ids.left = left.id;
  await registry!.MovePerson(
    { personId: left.person.son!, toHouseholdId: ids.joined, newHousehold: null, relation: 'spouse', movedOn: '2026-08-15', note: '', newHeadPersonId: '' },
    clerk,
  );
  // a man without income and his son born 2016-06-06
  ids.before = (
    await register([m({ id: 'head', relation: 'head', sex: 'M', birthDate: '1980-08-08' }), m({ id: 'son', relation: 'child', sex: 'M', birthDate: '2016-06-06' })], '新华西街道')
  ).id;
});

interface BatchRun {
  households: BatchHouseholdResultMsg[];
  summary: BatchSummaryMsg | null;
}

async function run(request: Partial<EvaluateBatchRequestMsg>): Promise<BatchRun> {
  const out: BatchRun = { households: [], summary: null };
  const full: EvaluateBatchRequestMsg = { month: '2026-11', programs: DIBAO, explain: false, householdIds: [], area: '', ...request };
  for await (const chunk of civil!.EvaluateBatch(full, { ...clerk, timeoutMs: 30_000 })) {
    out.households.push(...chunk.households);
    if (chunk.summary) out.summary = chunk.summary;
  }
  return out;
}

/** The result of one household in `month`, which must have no error. */
async function resultIn(month: string, id: string): Promise<EvaluationResponse> {
  const r = await run({ month, householdIds: [id] });
  expect(r.households).toHaveLength(1);
  expect(r.households[0]!.error).toBeNull();
  return JSON.parse(r.households[0]!.resultJson.toString('utf8')) as EvaluationResponse;
}
const dibao = (r: EvaluationResponse) => r.entitlements.filter((e) => e.program === 'dibao').reduce((s, e) => s + e.amountFen, 0);

describe('a child born during the month', () => {
  test('when the child is born on 2026-11-11, then November counts the mother alone (600 yuan a head: not below the standard) and December both (300 yuan a head: 600 yuan)', async () => {
    const november = await resultIn('2026-11', ids.birth);
    expect(november.status).toBe('INELIGIBLE');
    expect(november.perCapitaIncomeFen).toBe(60_000);
    expect(november.entitlements).toEqual([]);
    // (600 − 600 / 2) × 2 = 600 yuan
    const december = await resultIn('2026-12', ids.birth);
    expect(december.perCapitaIncomeFen).toBe(30_000);
    expect(dibao(december)).toBe(60_000);
  });

  test('when the whole city is evaluated for November 2026, then no household is an error', async () => {
    const r = await run({ month: '2026-11' });
    expect(r.households.filter((x) => x.error)).toEqual([]);
    expect(r.summary).toMatchObject({ asOf: '2026-11-01', households: '5', evaluated: '5', errors: '0' });
  });
});

describe('a member who died', () => {
  test('when the mother died on 2026-06-01, then May and June count three (300 yuan a head: 900 yuan) and July two (450 yuan a head: 300 yuan)', async () => {
    // (600 − 900 / 3) × 3 = 900 yuan
    expect(dibao(await resultIn('2026-05', ids.death))).toBe(90_000);
    // the month of the death is paid in full
    expect(dibao(await resultIn('2026-06', ids.death))).toBe(90_000);
    // (600 − 900 / 2) × 2 = 300 yuan
    const july = await resultIn('2026-07', ids.death);
    expect(july.perCapitaIncomeFen).toBe(45_000);
    expect(dibao(july)).toBe(30_000);
  });
});

describe('a member who moved in during the month', () => {
  test('when the son moved on 2026-08-15, then August counts him in the household he left and September in the one he joined', async () => {
    // August: the woman alone, 600 yuan; the mother and her son, (600 − 300 / 2) × 2 = 900 yuan
    expect(dibao(await resultIn('2026-08', ids.joined))).toBe(60_000);
    expect(dibao(await resultIn('2026-08', ids.left))).toBe(90_000);
    // September: the woman and the son, (600 − 150) × 2 = 900 yuan; the mother alone, 600 yuan
    expect(dibao(await resultIn('2026-09', ids.joined))).toBe(90_000);
    expect(dibao(await resultIn('2026-09', ids.left))).toBe(60_000);
  });
});

describe('a month before a member was born', () => {
  test('when January 2016 is evaluated, then the son born 2016-06-06 is not counted (600 yuan) and July 2016 counts him (1 200 yuan); the city has no error', async () => {
    expect(dibao(await resultIn('2016-01', ids.before))).toBe(60_000);
    expect(dibao(await resultIn('2016-07', ids.before))).toBe(120_000);
    const r = await run({ month: '2016-01' });
    expect(r.households.filter((x) => x.error)).toEqual([]);
    // the five households were there in 2016 (each has a member born by then)
    expect(r.summary).toMatchObject({ asOf: '2016-01-01', households: '5', errors: '0' });
  });
});
