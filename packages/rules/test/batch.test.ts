import fc from 'fast-check';
import {
  evaluate,
  evaluateBatch,
  evaluateDibao,
  isAbleToWork,
  parameterDefinitions,
  type BatchItem,
  type BatchOutcome,
  type Household,
  type Member,
  type ParameterDefinition,
} from '../src';
import { household } from './support/builders';

const ASOF = '2015-06-01';
const items: BatchItem[] = [
  // 1 person, no income → 60000.
  { id: 'h1', household: household({ members: [{ id: 'm1', birthDate: '1975-01-01' }] }) },
  // 1 person, income 70000 ≥ 60000 → ineligible.
  { id: 'h2', household: household({ members: [{ id: 'm1', birthDate: '1975-01-01', monthlyIncomeFen: 70000 }] }) },
  // rural, 2 people, 20000 income: 45000 × 2 − 20000 = 70000; m2 aged 70 → 5 % × 45000 = 2250 → 2300.
  { id: 'h3', household: household({ hukou: 'rural', area: '150303', members: [{ id: 'm1', birthDate: '1972-01-01', monthlyIncomeFen: 20000 }, { id: 'm2', birthDate: '1945-01-01' }] }) },
];

function* generate(list: BatchItem[], pulled: string[] = []): Generator<BatchItem> {
  for (const item of list) {
    pulled.push(item.id);
    yield item;
  }
}
async function* generateAsync(list: BatchItem[]): AsyncGenerator<BatchItem> {
  for (const item of list) {
    await Promise.resolve();
    yield item;
  }
}
const amounts = (o: BatchOutcome) => o.result?.entitlements.map((e) => [e.program, e.memberId, e.amountFen]);

describe('evaluateBatch', () => {
  it('when given a sync iterable, then it returns a sync generator of {id, result} equal to evaluate() for each household, in order', () => {
    const out = [...evaluateBatch(items, { asOf: ASOF, explain: true })];
    expect(out.map((o) => o.id)).toEqual(['h1', 'h2', 'h3']);
    out.forEach((o, i) => expect(o.result).toEqual(evaluate({ asOf: ASOF, household: items[i]!.household })));
    expect(out.map(amounts)).toEqual([[['dibao', null, 60000]], [], [['dibao', null, 70000], ['dibao.supplement', 'm2', 2300]]]);
  });

  it('when given an async iterable, then it returns an async generator with the same results', async () => {
    const batch = evaluateBatch(generateAsync(items), { asOf: ASOF, explain: true });
    expect(Symbol.asyncIterator in batch).toBe(true);
    const out: BatchOutcome[] = [];
    for await (const o of batch) out.push(o);
    expect(out).toEqual([...evaluateBatch(items, { asOf: ASOF, explain: true })]);
  });

  it('when results are taken one by one, then the source is read one household at a time', () => {
    const pulled: string[] = [];
    const batch = evaluateBatch(generate(items, pulled), { asOf: ASOF, explain: false });
    expect(pulled).toEqual([]);
    expect(batch.next().value).toMatchObject({ id: 'h1' });
    expect(pulled).toEqual(['h1']);
    expect(batch.next().value).toMatchObject({ id: 'h2' });
    expect(pulled).toEqual(['h1', 'h2']);
  });

  it('when the consumer stops early (break or return()), then the source is closed and the batch is done', () => {
    let closed = 0;
    const source = (): Iterable<BatchItem> => ({
      [Symbol.iterator]: () => {
        const it = generate(items);
        return { next: () => it.next(), return: () => (closed++, it.return(undefined)) };
      },
    });
    for (const o of evaluateBatch(source(), { asOf: ASOF, explain: false })) {
      expect(o.id).toBe('h1');
      break;
    }
    expect(closed).toBe(1);
    const batch = evaluateBatch(source(), { asOf: ASOF, explain: false });
    batch.next();
    expect(batch.return(undefined)).toEqual({ value: undefined, done: true });
    expect(closed).toBe(2);
    expect(batch.next()).toEqual({ value: undefined, done: true });
    // Never started: the source is not even asked for an iterator.
    let asked = 0;
    const unread = evaluateBatch({ [Symbol.iterator]: () => (asked++, generate(items)) }, { asOf: ASOF, explain: false });
    expect(unread.return(undefined)).toEqual({ value: undefined, done: true });
    expect(unread.next()).toEqual({ value: undefined, done: true });
    expect(asked).toBe(0);
  });

  it('when the source ends, then next() keeps answering done; when the source throws, the error comes out of next()', () => {
    const batch = evaluateBatch(generate(items.slice(0, 1)), { asOf: ASOF, explain: false });
    expect(batch.next().done).toBe(false);
    expect(batch.next()).toEqual({ value: undefined, done: true });
    expect(batch.next()).toEqual({ value: undefined, done: true });
    function* failing(): Generator<BatchItem> {
      yield items[0]!;
      throw new Error('source broke');
    }
    const broken = evaluateBatch(failing(), { asOf: ASOF, explain: false });
    expect(broken.next().done).toBe(false);
    expect(() => broken.next()).toThrow('source broke');
    expect(broken.next()).toEqual({ value: undefined, done: true });
    expect([...evaluateBatch(generate(items), { asOf: ASOF, explain: false })].map((o) => o.id)).toEqual(['h1', 'h2', 'h3']);
  });

  it('when explanations are off, then the amounts are those of the explained path and no sentence is built', () => {
    const fast = [...evaluateBatch(items, { asOf: ASOF, explain: false })];
    const slow = [...evaluateBatch(items, { asOf: ASOF, explain: true })];
    expect(fast.map(amounts)).toEqual(slow.map(amounts));
    for (const o of fast) for (const e of o.result!.entitlements) expect(e.explanation).toBe('');
    expect(slow[0]!.result!.entitlements[0]!.explanation).toMatch(/依据/);
  });

  it('when one household is invalid, then it yields an error for that id and the batch goes on', () => {
    const bad = { id: 'bad', household: household({ members: [{ id: 'x', name: '何小宝', birthDate: '2015-06-02' }] }) };
    const out = [...evaluateBatch([items[0]!, bad, items[1]!], { asOf: ASOF, explain: false })];
    expect(out.map((o) => o.id)).toEqual(['h1', 'bad', 'h2']);
    expect(out[1]).toEqual({ id: 'bad', result: null, error: expect.objectContaining({ code: 'RULES.MEMBER_NOT_YET_BORN', memberId: 'x' }) });
  });

  it('when the date or a program is invalid, then evaluateBatch throws at once, before reading any household', () => {
    const pulled: string[] = [];
    expect(() => evaluateBatch(generate(items, pulled), { asOf: '2015-02-30', explain: false })).toThrow(expect.objectContaining({ code: 'RULES.INVALID_DATE' }));
    expect(() => evaluateBatch(generate(items, pulled), { asOf: ASOF, programs: ['lottery'], explain: false })).toThrow(expect.objectContaining({ code: 'RULES.UNKNOWN_PROGRAM' }));
    expect(pulled).toEqual([]);
  });

  it('when many households share a hukou and area, then each parameter is resolved once per (hukou, area) in the batch', () => {
    const reads = new Map<string, number>();
    const defs = parameterDefinitions();
    const counting = new Map<string, ParameterDefinition>(defs);
    const get = counting.get.bind(counting);
    counting.get = (name: string) => {
      reads.set(name, (reads.get(name) ?? 0) + 1);
      return get(name);
    };
    const many = Array.from({ length: 50 }, (_, i) => ({ ...items[i % 3]!, id: `h${i}` }));
    const out = [...evaluateBatch(many, { asOf: ASOF, explain: false, parameters: counting })];
    expect(out.map(amounts)).toEqual([...evaluateBatch(many, { asOf: ASOF, explain: false })].map(amounts));
    // two (hukou, area) pairs occur: urban/150302 and rural/150303
    expect(reads.get('dibao.standard')).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: the fast path decides exactly what the explained path decides.

const DAY = 86_400_000;
const dateBetween = (from: string, to: string) =>
  fc.integer({ min: 0, max: (Date.parse(to) - Date.parse(from)) / DAY }).map((d) => new Date(Date.parse(from) + d * DAY).toISOString().slice(0, 10));

/** `value` with weight `some`, else null with weight `none`. */
const sometimes = <T>(value: fc.Arbitrary<T>, some: number, none: number): fc.Arbitrary<T | null> =>
  fc.oneof({ arbitrary: value, weight: some }, { arbitrary: fc.constant(null), weight: none });

/** A date `before` days before to `after` days after `asOf`, clamped to real dates by construction. */
const around = (asOf: string, before: number, after: number) =>
  fc.integer({ min: -before, max: after }).map((d) => new Date(Date.parse(asOf) + d * DAY).toISOString().slice(0, 10));

// Incomes, assets and dates are drawn so that every outcome occurs often: eligible, ineligible by
// income or assets, gradual exits on both sides of the boundary, refusals below and above 3.
const memberArb = (i: number, asOf: string): fc.Arbitrary<Member> =>
  fc.record({
    id: fc.constant(`m${i}`),
    sex: fc.constantFrom('M' as const, 'F' as const),
    birthDate: dateBetween('1920-01-01', asOf),
    minority: fc.boolean(),
    disability: sometimes(fc.record({ category: fc.integer({ min: 1, max: 7 }), grade: fc.integer({ min: 1, max: 4 }) }), 1, 4),
    monthlyIncomeFen: fc.oneof(
      { arbitrary: fc.constant(0), weight: 3 },
      { arbitrary: fc.integer({ min: 0, max: 40_000 }), weight: 3 },
      { arbitrary: fc.integer({ min: 0, max: 250_000 }), weight: 2 },
      { arbitrary: fc.constantFrom(45_000, 56_000, 60_000, 12_345), weight: 1 },
    ),
    canWork: fc.boolean(),
    employed: fc.boolean(),
    illness: fc.constantFrom(null, null, 'mental' as const, 'serious' as const),
    tekun: sometimes(fc.record({ kind: fc.constantFrom('wubao' as const, 'sanwu' as const, 'orphan' as const) }), 1, 8),
    jobStartedOn: sometimes(around(asOf, 400, 30), 1, 2),
    refusedReferrals: fc.integer({ min: 0, max: 5 }),
  });

const householdArb = (asOf: string) =>
  fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.record({
      area: fc.constantFrom('150302' as const, '150303' as const, '150304' as const),
      hukou: fc.constantFrom('urban' as const, 'rural' as const),
      livingAreaM2: fc.integer({ min: 0, max: 20_000 }).map((x) => x / 100),
      homeOwned: fc.boolean(),
      assets: fc.record({
        financialFen: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 3_000_000 }), weight: 1 }),
        vehicles: fc.constantFrom(0, 0, 0, 0, 0, 1),
        residences: fc.constantFrom(1, 1, 1, 1, 0, 2),
        businessCapitalFen: fc.constantFrom(0, 0, 0, 0, 0, 100_000),
      }),
      dibao: sometimes(fc.record({ since: dateBetween('2012-01-01', '2016-12-31'), topUpFen: fc.integer({ min: 0, max: 3000 }).map((y) => y * 100) }), 1, 1),
      members: fc.tuple(...Array.from({ length: n }, (_, i) => memberArb(i + 1, asOf))),
    }) as fc.Arbitrary<Household>,
  );

/**
 * A date and a household, shaped by a scenario so each outcome is common: `random` as drawn;
 * `poor` with small incomes and clean assets (eligible, refusals apply); `exiting` receiving dibao,
 * clean assets, the first member's income lifting the household to or above the standard and a job
 * started around the end of the 6-month exit period.
 */
const caseArb = dateBetween('2013-10-01', '2016-12-31').chain((asOf) =>
  fc.record({
    asOf: fc.constant(asOf),
    scenario: fc.constantFrom('random' as const, 'poor' as const, 'exiting' as const),
    household: householdArb(asOf),
    lift: fc.integer({ min: 0, max: 300_000 }),
    jobStartedOn: around(asOf, 200, 5),
  }).map(({ asOf, scenario, household: h, lift, jobStartedOn }) => {
    if (scenario === 'random') return { asOf, household: h };
    const clean = { ...h.assets, financialFen: 0, vehicles: 0, residences: 1, businessCapitalFen: 0 };
    const poor = h.members.map((m) => ({ ...m, monthlyIncomeFen: m.monthlyIncomeFen % 10_000 }));
    if (scenario === 'poor') return { asOf, household: { ...h, assets: clean, members: poor } };
    const [first, ...rest] = poor;
    return {
      asOf,
      household: {
        ...h,
        assets: clean,
        dibao: h.dibao ?? { since: '2013-01-01', topUpFen: 50_000 },
        members: [{ ...first!, monthlyIncomeFen: 60_000 * h.members.length + lift - 50_000, jobStartedOn }, ...rest],
      },
    };
  }),
);

describe('fast path (explain: false) against the explained path', () => {
  it('when any household is evaluated both ways, then amounts, statuses, classes, reasons and clauses are the same', () => {
    fc.assert(
      fc.property(caseArb, ({ asOf, household: h }) => {
        const slow = evaluateDibao(h, asOf);
        const fast = evaluateDibao(h, asOf, { explain: false });
        for (const k of ['status', 'dibaoClass', 'topUpFen', 'totalMonthlyFen', 'householdSize', 'perCapitaIncomeFen', 'clauses', 'gradualExit', 'withheldShares'] as const) {
          expect(fast[k]).toEqual(slow[k]);
        }
        expect(fast.supplements.map((s) => [s.memberId, s.amountFen, s.basis])).toEqual(slow.supplements.map((s) => [s.memberId, s.amountFen, s.basis]));
        expect(fast.reasons.map((r) => [r.code, r.memberId, r.parameter])).toEqual(slow.reasons.map((r) => [r.code, r.memberId, r.parameter]));
        expect(fast.steps).toEqual([]);
        expect(fast.explanation).toBe('');

        const [lean] = [...evaluateBatch([{ id: 'x', household: h }], { asOf, explain: false })];
        const full = evaluate({ asOf, household: h });
        expect(lean!.result!.status).toBe(full.status);
        expect(lean!.result!.dibaoClass).toBe(full.dibaoClass);
        expect(lean!.result!.entitlements.map((e) => [e.program, e.memberId, e.amountFen, e.period, e.clauses])).toEqual(
          full.entitlements.map((e) => [e.program, e.memberId, e.amountFen, e.period, e.clauses]),
        );
        expect(lean!.result!.ineligible.map((l) => [l.program, l.reasons.map((r) => r.code)])).toEqual(full.ineligible.map((l) => [l.program, l.reasons.map((r) => r.code)]));
      }),
      { numRuns: 400 },
    );
  });

  it('when a household is eligible, then its class is the one isAbleToWork gives (the fast age arithmetic agrees with ageOn)', () => {
    fc.assert(
      fc.property(caseArb, ({ asOf, household: h }) => {
        const r = evaluateDibao(h, asOf, { explain: false });
        fc.pre(r.status === 'ELIGIBLE');
        const able = h.members.filter((m) => !m.tekun && isAbleToWork(m, asOf, { minimumAge: 16, elderlyAge: 60 }));
        const expected = able.length === 0 ? 'A' : able.every((m) => m.employed) ? 'B' : 'C';
        expect(r.dibaoClass).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
