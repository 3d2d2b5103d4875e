import fc from 'fast-check';
import { evaluate, InvalidInputError, type Hardship, type Member } from '../src';
import type { TemporaryEntitlement } from '../src/programs/education-housing-employment-temporary/temporary';
import { household } from './support/builders';

const CATEGORIES: Hardship['category'][] = ['fire', 'accident', 'illness', 'expense', 'disaster', 'funeral', 'other'];
const temporaryLines = (r: { entitlements: unknown[] }) => r.entitlements as TemporaryEntitlement[];

describe('temporary assistance (City §13)', () => {
  it('when any positive need is assessed for any household, then the grant is within 20 000–3 000 000 fen, a whole number of yuan, and its approval level follows the grant', () => {
    const memberArb = (i: number): fc.Arbitrary<Member> =>
      fc.record({
        id: fc.constant(`m${i}`),
        sex: fc.constantFrom('M' as const, 'F' as const),
        birthDate: fc.constantFrom('1940-05-01', '1965-06-01', '1980-01-31', '2005-12-31'),
        monthlyIncomeFen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 300_000 })),
        canWork: fc.boolean(),
        employed: fc.boolean(),
        tekun: fc.option(fc.record({ kind: fc.constantFrom('wubao' as const, 'sanwu' as const, 'orphan' as const) }), { nil: null, freq: 4 }),
      });
    const caseArb = fc.record({
      asOf: fc.constantFrom('2014-01-01', '2014-12-31', '2015-06-01', '2016-03-01'),
      hukou: fc.constantFrom('urban' as const, 'rural' as const),
      category: fc.constantFrom(...CATEGORIES),
      need: fc.oneof(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 1, max: 30_000 }),
        fc.constantFrom(1, 19_949, 19_950, 20_000, 99_999, 100_049, 100_050, 500_049, 500_050, 2_999_949, 2_999_950, 3_000_000, 3_000_001),
      ),
      members: fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => memberArb(i + 1)))),
    });
    fc.assert(
      fc.property(caseArb, ({ asOf, hukou, category, need, members }) => {
        const h = household({ hukou, members, hardship: { category, assessedNeedFen: need } });
        const grants = temporaryLines(evaluate({ asOf, household: h }, { programs: ['temporary'] })).filter((l) => l.waiver === undefined);
        expect(grants).toHaveLength(1);
        const g = grants[0]!;
        expect(Number.isSafeInteger(g.amountFen)).toBe(true);
        expect(g.amountFen).toBeGreaterThanOrEqual(20_000);
        expect(g.amountFen).toBeLessThanOrEqual(3_000_000);
        expect(g.amountFen % 100).toBe(0);
        expect(g.approvalLevel).toBe(g.amountFen <= 100_000 ? 'street' : g.amountFen <= 500_000 ? 'district' : 'joint');
        expect(g.period).toBe('once');
        expect(g.memberId).toBeNull();
      }),
      { numRuns: 400 },
    );
  });

  it('when the assessed need grows, then the grant never shrinks', () => {
    const h = (need: number) => household({ members: [{ id: 'm1', birthDate: '1970-01-01' }], hardship: { category: 'fire', assessedNeedFen: need } });
    const grant = (need: number) => temporaryLines(evaluate({ asOf: '2015-06-01', household: h(need) }, { programs: ['temporary'] }))[0]!.amountFen;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5_000_000 }), fc.integer({ min: 0, max: 500_000 }), (need, more) => {
        expect(grant(need + more)).toBeGreaterThanOrEqual(grant(need));
      }),
      { numRuns: 200 },
    );
  });

  it('when a dibao household has a funeral, then the waiver line has amount 0 and no approval fields, and the grant line has no waiver', () => {
    const h = household({ members: [{ id: 'm1', name: '林秀珍', sex: 'F', birthDate: '1950-01-01' }], hardship: { category: 'funeral', assessedNeedFen: 50_000 } });
    const lines = temporaryLines(evaluate({ asOf: '2015-06-01', household: h }, { programs: ['temporary'] }));
    expect(lines).toHaveLength(2);
    const waiver = lines.find((l) => l.waiver === 'funeral-basic-services')!;
    const grant = lines.find((l) => l.waiver === undefined)!;
    expect(waiver).toMatchObject({ amountFen: 0, period: 'once', memberId: null, clauses: ['City §13'] });
    expect(waiver).not.toHaveProperty('approvalLevel');
    expect(grant).toMatchObject({ amountFen: 50_000, approvalLevel: 'street', priority: true });
    expect(grant.explanation).toContain('家庭成员死亡');
    expect(waiver.explanation).toContain('基本丧葬服务费用');
  });

  it('when dibao cannot be decided at a funeral, then the waiver goes to review with its own reason and the missing grant range is named', () => {
    // 2013-06-01: nothing is in force yet; the funeral waiver depends on dibao, which needs review.
    const h = household({ members: [{ id: 'm1', birthDate: '1950-01-01' }], hardship: { category: 'funeral', assessedNeedFen: 50_000 } });
    const r = evaluate({ asOf: '2013-06-01', household: h }, { programs: ['temporary'] });
    expect(r.entitlements).toEqual([]);
    const codes = r.needsManualReview.flatMap((x) => x.reasons.map((y) => y.code));
    expect(codes).toContain('TEMPORARY.FUNERAL_WAIVER_UNDECIDED');
    expect(r.needsManualReview.flatMap((x) => x.reasons)).toContainEqual(expect.objectContaining({ parameter: 'temporary.minimum' }));
  });

  it('when the assessed need is negative or fractional fen, then an InvalidInputError is thrown rather than a grant', () => {
    for (const need of [-100, 150.5]) {
      const h = household({ members: [{ id: 'm1', birthDate: '1970-01-01' }], hardship: { category: 'fire', assessedNeedFen: need } });
      expect(() => evaluate({ asOf: '2015-06-01', household: h }, { programs: ['temporary'] })).toThrow(InvalidInputError);
    }
  });

  it('when a grant is rounded, then the explanation states the need, the rounding and the yuan amount granted', () => {
    const h = household({ members: [{ id: 'm1', birthDate: '1970-01-01' }], hardship: { category: 'illness', assessedNeedFen: 123_450 } });
    const [line] = temporaryLines(evaluate({ asOf: '2015-06-01', household: h }, { programs: ['temporary'] }));
    // 123450 fen = 1234.50 yuan → 50 fen rounds up → 1235 yuan.
    expect(line!.amountFen).toBe(123_500);
    expect(line!.explanation).toContain('经评估救助需求1234.5元，按元四舍五入为1235元，给予临时救助1235元');
  });
});
