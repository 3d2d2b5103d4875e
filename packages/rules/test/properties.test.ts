import fc from 'fast-check';
import { departmentReferrals, evaluate, evaluateDibao, REFERRAL_DEPARTMENTS, type Household, type Member } from '../src';

const DAY = 86_400_000;
/** A `YYYY-MM-DD` between two dates, built from a day offset (always a real calendar date). */
const dateBetween = (from: string, to: string) =>
  fc
    .integer({ min: 0, max: (Date.parse(to) - Date.parse(from)) / DAY })
    .map((d) => new Date(Date.parse(from) + d * DAY).toISOString().slice(0, 10));

const memberArb = (i: number, bornBy: string): fc.Arbitrary<Member> =>
  fc.record({
    id: fc.constant(`m${i}`),
    sex: fc.constantFrom('M' as const, 'F' as const),
    // Members are born on or before the evaluation date (a member not yet born is refused).
    birthDate: dateBetween('1920-01-01', bornBy < '2013-12-31' ? bornBy : '2013-12-31'),
    minority: fc.boolean(),
    disability: fc.option(fc.record({ category: fc.integer({ min: 1, max: 7 }), grade: fc.integer({ min: 1, max: 4 }) }), { nil: null }),
    monthlyIncomeFen: fc.oneof(fc.integer({ min: 0, max: 250_000 }), fc.constantFrom(0, 44_950, 45_000, 56_000, 60_000)),
    canWork: fc.boolean(),
    employed: fc.boolean(),
    illness: fc.constantFrom(null, 'mental' as const, 'infectious' as const, 'serious' as const),
    school: fc.option(
      fc.record({ level: fc.constantFrom('preschool' as const, 'primary' as const, 'junior' as const, 'senior' as const, 'vocational' as const), boarding: fc.boolean() }),
      { nil: null },
    ),
    admission: fc.option(fc.record({ level: fc.constantFrom('bachelor' as const, 'junior-college' as const) }), { nil: null }),
    tekun: fc.option(fc.record({ kind: fc.constantFrom('wubao' as const, 'sanwu' as const, 'orphan' as const) }), { nil: null, freq: 6 }),
  });

const householdArb = (bornBy: string): fc.Arbitrary<Household> => fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    area: fc.constantFrom('150302' as const, '150303' as const, '150304' as const),
    hukou: fc.constantFrom('urban' as const, 'rural' as const),
    livingAreaM2: fc.integer({ min: 0, max: 20_000 }).map((h) => h / 100),
    homeOwned: fc.boolean(),
    assets: fc.record({
      financialFen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000_000 })),
      vehicles: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 2 })),
      disabilityVehicles: fc.integer({ min: 0, max: 1 }),
      residences: fc.oneof(fc.constant(1), fc.integer({ min: 0, max: 2 })),
      businessCapitalFen: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 1_000_000 })),
    }),
    members: fc.tuple(...Array.from({ length: n }, (_, i) => memberArb(i + 1, bornBy))),
  }),
);
/** An evaluation date between two dates and a household whose members are all born by then. */
const evaluationArb = (from: string, to: string) => dateBetween(from, to).chain((asOf) => householdArb(asOf).map((h) => ({ h, asOf })));
const asOfArb = evaluationArb('2013-10-01', '2016-12-31');

const isWholeFen = (n: number) => Number.isSafeInteger(n) && n >= 0;

describe('properties of the rules', () => {
  it('when any household is evaluated, then no amount is negative or fractional and dibao amounts are whole yuan', () => {
    fc.assert(
      fc.property(asOfArb, ({ h, asOf }) => {
        const r = evaluateDibao(h, asOf);
        for (const n of [r.topUpFen, r.totalMonthlyFen]) if (n !== null) expect(isWholeFen(n) && n % 100 === 0).toBe(true);
        for (const s of r.supplements) expect(isWholeFen(s.amountFen) && s.amountFen % 100 === 0).toBe(true);
        if (r.perCapitaIncomeFen !== null) expect(isWholeFen(r.perCapitaIncomeFen)).toBe(true);
        if (r.status === 'ELIGIBLE') expect(r.totalMonthlyFen).toBe(r.topUpFen! + r.supplements.reduce((s, x) => s + x.amountFen, 0));
        if (r.status !== 'ELIGIBLE') expect(r.dibaoClass).toBeNull();
        for (const e of evaluate({ asOf, household: h }).entitlements) expect(isWholeFen(e.amountFen)).toBe(true);
        for (const d of REFERRAL_DEPARTMENTS) {
          for (const line of departmentReferrals(d, h, asOf, 'B')) {
            expect(isWholeFen(line.amountFen)).toBe(true);
            expect(line.clauses.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('when a member’s income rises, then the top-up and the monthly total never rise', () => {
    fc.assert(
      fc.property(asOfArb, fc.nat(), fc.integer({ min: 1, max: 200_000 }), ({ h, asOf }, pick, delta) => {
        const i = pick % h.members.length;
        const richer: Household = {
          ...h,
          members: h.members.map((m, j) => (j === i ? { ...m, monthlyIncomeFen: m.monthlyIncomeFen + delta } : m)),
        };
        const before = evaluateDibao(h, asOf);
        const after = evaluateDibao(richer, asOf);
        if (before.status === 'NEEDS_MANUAL_REVIEW') return;
        expect(after.topUpFen!).toBeLessThanOrEqual(before.topUpFen!);
        expect(after.totalMonthlyFen!).toBeLessThanOrEqual(before.totalMonthlyFen!);
        if (before.status === 'INELIGIBLE') expect(after.status).toBe('INELIGIBLE');
      }),
      { numRuns: 300 },
    );
  });

  it('when the same household is evaluated twice, then both results are equal and the input is untouched', () => {
    fc.assert(
      fc.property(asOfArb, ({ h, asOf }) => {
        const copy = structuredClone(h);
        expect(evaluate({ asOf, household: h })).toEqual(evaluate({ asOf, household: h }));
        expect(evaluateDibao(h, asOf)).toEqual(evaluateDibao(h, asOf));
        expect(h).toEqual(copy);
      }),
      { numRuns: 200 },
    );
  });

  it('when the evaluation date is before 2014-01-01, then dibao always needs manual review and never pays', () => {
    fc.assert(
      fc.property(evaluationArb('2000-01-01', '2013-12-31'), ({ h, asOf }) => {
        const r = evaluateDibao(h, asOf);
        if (r.householdSize === 0) {
          expect(r.status).toBe('INELIGIBLE');
          return;
        }
        expect(r.status).toBe('NEEDS_MANUAL_REVIEW');
        expect(r.totalMonthlyFen).toBeNull();
        expect(r.reasons).toContainEqual(expect.objectContaining({ parameter: 'dibao.standard' }));
      }),
      { numRuns: 100 },
    );
  });

  it('when every member has a name, then no Chinese sentence or step caption contains a member id, and member steps carry the id', () => {
    const named = asOfArb.chain(({ h, asOf }) =>
      fc.tuple(...h.members.map(() => fc.uuid())).map((ids) => ({
        asOf,
        h: { ...h, members: h.members.map((m, i) => ({ ...m, id: ids[i]!, name: `成员${'甲乙丙丁戊己'[i]}` })) },
      })),
    );
    fc.assert(
      fc.property(named, ({ h, asOf }) => {
        fc.pre(new Set(h.members.map((m) => m.id)).size === h.members.length);
        const r = evaluateDibao(h, asOf);
        const texts = [r.explanation, ...r.supplements.map((s) => s.explanation), ...r.steps.map((s) => s.labelZh)];
        for (const e of evaluate({ asOf, household: h }).entitlements) texts.push(e.explanation);
        for (const t of texts) for (const m of h.members) expect(t).not.toContain(m.id);
        for (const s of r.steps) {
          expect(s.label).toMatch(/^[a-z-]+$/);
          expect(s.labelZh).toMatch(/[\u4e00-\u9fff]/);
        }
        expect(r.steps.filter((s) => s.label === 'supplement').map((s) => s.memberId)).toEqual(r.supplements.map((s) => s.memberId));
      }),
      { numRuns: 200 },
    );
  });
});
