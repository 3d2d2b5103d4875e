/**
 * Civil affairs' `EvaluateBatch` (server-streaming): a month's evaluation of a selection of the
 * registry's households, with the registry in-process (each service on its own database) and a
 * private nats-server. Amounts are worked by hand from DOMAIN.md's parameter defaults (dibao
 * standard per person and month: urban 560 yuan from 2014, 600 from 2015; rural 400 and 450) and
 * City §3's supplements (highest single rate: age ≥ 80 or disability grade 1–2 → 10 %).
 */
import { householdSnapshotOf, type BatchHouseholdResultMsg, type BatchSummaryMsg, type EvaluateBatchRequestMsg } from '@wuhai/contracts';
import { evaluate, PROGRAM_CODES, type EvaluationResponse } from '@wuhai/rules';
import { GRPC, household, member, registration, staff } from '../../../registry/test/support/fixtures';
import { useCivilAffairsWithRegistry, type CivilAffairsWithRegistry } from '../support/with-registry';

const started = useCivilAffairsWithRegistry({ databases: 'batch' });
let { registry, civil }: Partial<CivilAffairsWithRegistry> = {};
beforeAll(() => ({ registry, civil } = started()));

const clerk = staff('civil-affairs');
const DIBAO = ['dibao', 'dibao.supplement'];

/** The four households, by what they are for; ids once registered. */
const ids = { elderly: '', earner: '', unborn: '', rural: '' };

beforeAll(async () => {
  const register = async (plain: ReturnType<typeof household>, street: string) =>
    registry!.RegisterHousehold(registration(plain, street, `${street}8号`), staff('registry'));

  // urban 海勃湾区, a man born 1950 without income, disability grade 2: dibao class A
  ids.elderly = (await register(household([member({ id: 'a', relation: 'head', sex: 'M', birthDate: '1950-03-15', seq: 501, disability: { category: 4, grade: 2 } })]), '新华街道')).id;
  // urban, a working mother earning 1 200 yuan and her son: 600 yuan a head, not below the standard
  ids.earner = (
    await register(
      household([
        member({ id: 'h', relation: 'head', sex: 'F', birthDate: '1980-05-05', seq: 503, monthlyIncomeFen: 120_000, canWork: true, employed: true }),
        member({ id: 'c', relation: 'child', sex: 'M', birthDate: '2012-09-01', seq: 505, school: { level: 'primary', boarding: false } }),
      ]),
      '海北街道',
    )
  ).id;
  // a child born 2016-03-01: not yet born on any evaluation date of 2015
  const unborn = await register(
    household([
      member({ id: 'h', relation: 'head', sex: 'M', birthDate: '1960-01-01', seq: 507 }),
      member({ id: 'c', relation: 'child', sex: 'F', birthDate: '2016-03-01', seq: 508 }),
    ]),
    '滨河街道',
  );
  ids.unborn = unborn.id;
  // rural 海南区, a woman born 1930 with 100 yuan of income
  ids.rural = (
    await register(
      household([member({ id: 'a', relation: 'head', sex: 'F', birthDate: '1930-02-02', seq: 510, area: '150303', monthlyIncomeFen: 10_000 })], { area: '150303', hukou: 'rural' }),
      '拉僧庙镇',
    )
  ).id;
});

interface BatchRun {
  households: BatchHouseholdResultMsg[];
  summary: BatchSummaryMsg | null;
  /** Messages after the one with the summary (there must be none). */
  afterSummary: number;
}

async function run(request: Partial<EvaluateBatchRequestMsg>, options = clerk): Promise<BatchRun> {
  const out: BatchRun = { households: [], summary: null, afterSummary: 0 };
  const full: EvaluateBatchRequestMsg = { month: '2015-06', programs: DIBAO, explain: false, householdIds: [], area: '', ...request };
  for await (const chunk of civil!.EvaluateBatch(full, { ...options, timeoutMs: 30_000 })) {
    if (out.summary) out.afterSummary++;
    out.households.push(...chunk.households);
    if (chunk.summary) out.summary = chunk.summary;
  }
  return out;
}

async function failure(request: Partial<EvaluateBatchRequestMsg>, options = clerk) {
  let received = 0;
  try {
    for await (const _ of civil!.EvaluateBatch({ month: '2015-06', programs: [], explain: false, householdIds: [], area: '', ...request }, options)) received++;
  } catch (err) {
    const e = err as { code: number; metadata: { get(k: string): unknown[] } };
    const raw = e.metadata.get('x-error-fields-bin')[0];
    return { status: e.code, code: String(e.metadata.get('x-error-code')[0]), fields: raw ? (JSON.parse(String(raw)) as { path: string; code: string; message: string }[]) : [], received };
  }
  throw new Error('expected the batch to fail');
}

/** What `evaluate` answers for a registered household (read back through GetHousehold) on `asOf`. */
async function evaluated(householdId: string, asOf: string, programs: readonly string[], explain: boolean): Promise<EvaluationResponse> {
  const h = await registry!.GetHousehold({ id: householdId }, clerk);
  return evaluate({ asOf, household: householdSnapshotOf(h.facts) }, { programs, explain });
}

const resultOf = (r: BatchRun, id: string) => {
  const line = r.households.find((h) => h.householdId === id);
  if (!line) throw new Error(`no line for ${id}`);
  return JSON.parse(line.resultJson.toString('utf8')) as EvaluationResponse;
};
const amount = (r: EvaluationResponse, program: string) => r.entitlements.filter((e) => e.program === program).reduce((s, e) => s + e.amountFen, 0);

describe('a month of every household', () => {
  test('when June 2015 is evaluated for dibao, then each household comes once with what evaluate answers on 2015-06-01, the member born later is not counted in that household, and the summary adds up', async () => {
    const r = await run({ month: '2015-06' });
    expect(r.households.map((h) => h.householdId).sort()).toEqual(Object.values(ids).sort());
    for (const id of [ids.elderly, ids.earner, ids.rural]) {
      expect(resultOf(r, id)).toEqual(await evaluated(id, '2015-06-01', DIBAO, false));
    }
    // 600 yuan top-up; 10 % of 600 for disability grade 2 (age 65 would give 5 %)
    expect(amount(resultOf(r, ids.elderly), 'dibao')).toBe(60_000);
    expect(amount(resultOf(r, ids.elderly), 'dibao.supplement')).toBe(6_000);
    // (450 − 100) × 1 yuan; 10 % of 450 for age 85
    expect(amount(resultOf(r, ids.rural), 'dibao')).toBe(35_000);
    expect(amount(resultOf(r, ids.rural), 'dibao.supplement')).toBe(4_500);
    expect(resultOf(r, ids.earner).entitlements).toEqual([]);

    // the household as it was on 2015-06-01: the head alone, without income (the child is born
    // 2016-03-01): 600 × 1 yuan (two counted would be 1 200)
    expect(r.households.find((h) => h.householdId === ids.unborn)!.error).toBeNull();
    expect(amount(resultOf(r, ids.unborn), 'dibao')).toBe(60_000);

    expect(r.summary).toEqual({
      month: '2015-06',
      asOf: '2015-06-01',
      explain: false,
      households: '4',
      evaluated: '4',
      errors: '0',
      eligible: '3',
      ineligible: '1',
      needsManualReview: '0',
      programs: [
        { program: 'dibao', period: 'month', lines: '3', households: '3', amountFen: '155000' },
        { program: 'dibao.supplement', period: 'month', lines: '2', households: '2', amountFen: '10500' },
      ],
    });
    expect(r.afterSummary).toBe(0);
  });

  test('when December 2014 is evaluated, then the 2014 standards apply (the month is evaluated on its first day)', async () => {
    const r = await run({ month: '2014-12' });
    // urban 560: top-up 560, 10 % = 56; rural 400: (400 − 100) = 300, 10 % = 40; the head born 1960
    // alone (his child is born 2016): 560
    expect(r.summary!.programs).toEqual([
      { program: 'dibao', period: 'month', lines: '3', households: '3', amountFen: String(56_000 + 30_000 + 56_000) },
      { program: 'dibao.supplement', period: 'month', lines: '2', households: '2', amountFen: String(5_600 + 4_000) },
    ]);
    expect(r.summary!.asOf).toBe('2014-12-01');
  });

  test('when explanations are on, then each result is what evaluate explains; off, the same amounts without sentences', async () => {
    const on = await run({ explain: true });
    const off = await run({ explain: false });
    for (const id of [ids.elderly, ids.rural]) {
      expect(resultOf(on, id)).toEqual(await evaluated(id, '2015-06-01', DIBAO, true));
      expect(resultOf(on, id).entitlements.every((e) => e.explanation.length > 0)).toBe(true);
      expect(resultOf(off, id).entitlements.every((e) => e.explanation === '')).toBe(true);
      expect(resultOf(off, id).entitlements.map((e) => [e.program, e.amountFen])).toEqual(resultOf(on, id).entitlements.map((e) => [e.program, e.amountFen]));
    }
    expect(on.summary!.programs).toEqual(off.summary!.programs);
    expect(on.summary!.explain).toBe(true);
  });

  test('when no program is named, then every program of evaluations.md is evaluated and totalled, in their order', async () => {
    const r = await run({ programs: [] });
    expect(r.summary!.programs.map((p) => p.program)).toEqual([...PROGRAM_CODES]);
    for (const id of [ids.elderly, ids.earner, ids.rural]) {
      expect(resultOf(r, id)).toEqual(await evaluated(id, '2015-06-01', PROGRAM_CODES, false));
    }
    const dibao = r.summary!.programs.find((p) => p.program === 'dibao')!;
    // 600 + 350 + 600 (the head of the household whose child is born 2016, alone)
    expect(dibao).toEqual({ program: 'dibao', period: 'month', lines: '3', households: '3', amountFen: '155000' });
    expect(r.summary!.programs.find((p) => p.program === 'medical.premium-subsidy')!.period).toBe('year');
  });
});

describe('a selection', () => {
  test('when household ids are listed (one unknown), then only those come, the unknown one as REGISTRY.HOUSEHOLD_NOT_FOUND, and the batch goes on', async () => {
    const unknown = 'ffffffff-ffff-4fff-bfff-ffffffffffff';
    const r = await run({ householdIds: [ids.rural, unknown, ids.elderly] });
    expect(r.households.map((h) => h.householdId).sort()).toEqual([ids.elderly, ids.rural, unknown].sort());
    expect(r.households.find((h) => h.householdId === unknown)).toMatchObject({ householdNo: '', resultJson: Buffer.alloc(0), error: { code: 'REGISTRY.HOUSEHOLD_NOT_FOUND' } });
    expect(r.summary).toMatchObject({ households: '3', evaluated: '2', errors: '1', eligible: '2' });
    expect(r.summary!.programs[0]).toEqual({ program: 'dibao', period: 'month', lines: '2', households: '2', amountFen: '95000' });
  });

  test('when an area is chosen, then only its households are evaluated', async () => {
    const r = await run({ area: '150303' });
    expect(r.households.map((h) => h.householdId)).toEqual([ids.rural]);
    expect(r.households[0]!.householdNo).not.toBe('');
    expect(r.summary).toMatchObject({ households: '1', evaluated: '1', errors: '0' });
  });

  test('when a clerk of one area runs the batch, then only that area\'s households are evaluated', async () => {
    const r = await run({}, staff('civil-affairs', { area: '150303' }));
    expect(r.households.map((h) => h.householdId)).toEqual([ids.rural]);
  });
});

describe('who may run it and bad requests', () => {
  test('when finance staff run it, then it runs; staff of another department get PERMISSION_DENIED and no household', async () => {
    expect((await run({}, staff('finance'))).summary!.households).toBe('4');
    const f = await failure({}, staff('health'));
    expect(f).toMatchObject({ status: GRPC.PERMISSION_DENIED, code: 'AUTH.WRONG_DEPARTMENT', received: 0 });
  });

  test('when the month is not a month, then INVALID_ARGUMENT names month in Chinese and English and nothing is evaluated', async () => {
    const f = await failure({ month: '2015-13' });
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT, received: 0 });
    expect(f.fields).toEqual([{ path: 'month', code: 'VALIDATION.INVALID_FORMAT', message: '月份必须为 YYYY-MM / month must be YYYY-MM' }]);
  });

  test('when the month is before the policy, a program unknown and an id no uuid, then each is named', async () => {
    const f = await failure({ month: '2013-12', programs: ['dibao', 'pension'], householdIds: ['h-1'] });
    expect(f).toMatchObject({ status: GRPC.INVALID_ARGUMENT, received: 0 });
    expect(f.fields.map((x) => [x.path, x.code])).toEqual([
      ['month', 'VALIDATION.MONTH_BEFORE_POLICY'],
      ['programs.1', 'VALIDATION.UNKNOWN_PROGRAM'],
      ['householdIds.0', 'VALIDATION.INVALID_FORMAT'],
    ]);
    expect(f.fields[0]!.message).toMatch(/^月份不能早于2014-01.* \/ month must be 2014-01 or later/);
  });
});
