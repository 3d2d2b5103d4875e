import { departmentReferrals, evaluate, InvalidInputError, type Household } from '../src';
import { parameterTable } from '../src/parameter-table';
import { reimbursementShare } from '../src/programs/medical-reimbursement.program';
import { premiumSubsidyLines } from '../src/programs/medical/subsidies';
import { household } from './support/builders';

describe('reimbursementShare', () => {
  it.each([
    // [outOfPocket, rate, cap, already, exact, remaining, paid]
    [1000000, 0.7, 3000000, 0, 700000, 3000000, 700000], // 70% × 10 000 yuan = 7 000 yuan
    [714286, 0.7, 3000000, 2900000, 500000, 100000, 100000], // 500 000.2 → 500 000; room 100 000
    [15, 0.7, 3000000, 0, 11, 3000000, 11], // 10.5 fen rounds half-up to 11
    [14, 0.7, 3000000, 0, 10, 3000000, 10], // 9.8 fen → 10
    [12347, 0.8, 3000000, 0, 9878, 3000000, 9878], // 9 877.6 → 9 878
    [2000000, 1, 3000000, 1500000, 2000000, 1500000, 1500000], // full, capped by the room
    [100000, 0.7, 3000000, 3100000, 70000, 0, 0], // room never negative
  ])('when %i fen is reimbursed at %d under a cap of %i with %i already paid, then exact %i, room %i, paid %i', (oop, rate, cap, already, exact, remaining, paid) => {
    expect(reimbursementShare(oop, rate, cap, already)).toEqual({ exactFen: exact, remainingFen: remaining, amountFen: paid });
  });
});

describe('medical.reimbursement in evaluate()', () => {
  const reimburse = (h: Household, asOf = '2015-06-01') => evaluate({ asOf, household: h }, { programs: ['medical.reimbursement'] });

  it('when two dibao members each submit a bill near the cap, then each member has a cap of their own', () => {
    // Both already paid 2 500 000 → room 500 000 each. 70% × 1 000 000 = 700 000 → 500 000 each.
    const h = household({
      members: [
        { id: 'm1', birthDate: '1945-01-01' },
        { id: 'm2', sex: 'F', relation: 'spouse', birthDate: '1946-01-01' },
      ],
      medicalBills: [
        { memberId: 'm1', outOfPocketFen: 1000000, reimbursedThisYearFen: 2500000 },
        { memberId: 'm2', outOfPocketFen: 1000000, reimbursedThisYearFen: 2500000 },
      ],
    });
    expect(reimburse(h).entitlements.map((e) => [e.memberId, e.amountFen])).toEqual([
      ['m1', 500000],
      ['m2', 500000],
    ]);
  });

  it('when dibao itself needs review, then a tekun member’s bill is still paid and a dibao member’s bill waits', () => {
    // 2013: no dibao standard → dibao under review. The reimbursement rates are missing too in 2013,
    // so both bills are reviewed: the sanwu one for the missing rate, the other for dibao.
    const h = household({
      members: [
        { id: 'm1', name: '钟一', birthDate: '1945-01-01' },
        { id: 'm2', name: '钟二', relation: 'parent', birthDate: '1925-01-01', tekun: { kind: 'sanwu' } },
      ],
      medicalBills: [
        { memberId: 'm1', outOfPocketFen: 100000, reimbursedThisYearFen: 0 },
        { memberId: 'm2', outOfPocketFen: 100000, reimbursedThisYearFen: 0 },
      ],
    });
    const r = reimburse(h, '2013-06-01');
    const reasons = r.needsManualReview[0]!.reasons;
    expect(reasons).toContainEqual(expect.objectContaining({ code: 'MEDICAL.DIBAO_UNDER_REVIEW', memberId: 'm1' }));
    expect(reasons).toContainEqual(expect.objectContaining({ code: 'RULES.MISSING_PARAMETER', memberId: 'm2', parameter: 'medical.reimbursement-rate.tekun' }));
    expect(r.entitlements).toEqual([]);
  });

  it('when a bill names a member who is not in the household, then an InvalidInputError is thrown', () => {
    const h = household({ members: [{ id: 'm1', birthDate: '1945-01-01' }], medicalBills: [{ memberId: 'x9', outOfPocketFen: 100, reimbursedThisYearFen: 0 }] });
    expect(() => reimburse(h)).toThrow(InvalidInputError);
    expect(() => reimburse(h)).toThrow(expect.objectContaining({ code: 'RULES.UNKNOWN_MEMBER' }));
  });

  it('when a bill has a negative or fractional amount, then an InvalidInputError RULES.NOT_AN_AMOUNT is thrown', () => {
    const base = { members: [{ id: 'm1', birthDate: '1945-01-01' }] };
    expect(() => reimburse(household({ ...base, medicalBills: [{ memberId: 'm1', outOfPocketFen: -1, reimbursedThisYearFen: 0 }] }))).toThrow(
      expect.objectContaining({ code: 'RULES.NOT_AN_AMOUNT' }),
    );
    expect(() => reimburse(household({ ...base, medicalBills: [{ memberId: 'm1', outOfPocketFen: 100, reimbursedThisYearFen: 0.5 }] }))).toThrow(
      expect.objectContaining({ code: 'RULES.NOT_AN_AMOUNT' }),
    );
  });

  it('when a bill is reimbursed, then the explanation states the bill, the rate and the amount in yuan by the member’s name', () => {
    const h = household({ members: [{ id: 'm1', name: '曾老', birthDate: '1945-01-01' }], medicalBills: [{ memberId: 'm1', outOfPocketFen: 333, reimbursedThisYearFen: 0 }] });
    // 70% × 333 fen = 233.1 fen → 233 fen = 2.33 yuan.
    const [line] = reimburse(h).entitlements;
    expect(line).toMatchObject({ amountFen: 233, period: 'once', clauses: ['City §6', 'Reg. Art. 28', 'Reg. Art. 29'] });
    expect(line!.explanation).toContain('曾老为低保对象，政策范围内个人自付医疗费用3.33元，按70%救助2.33元');
  });
});

describe('medical subsidies: one computation for evaluate() and the health referral', () => {
  it('when a class-A household is evaluated and referred to health, then both give the same lines and sentences', () => {
    const h = household({
      hukou: 'rural',
      area: '150303',
      members: [
        { id: 'm1', name: '白一', birthDate: '1950-01-01', disability: { category: 1, grade: 3 } },
        { id: 'm2', name: '白二', sex: 'F', relation: 'spouse', birthDate: '1952-01-01' },
        { id: 'm3', name: '白叔', relation: 'other', birthDate: '1935-01-01', tekun: { kind: 'wubao' } },
      ],
    });
    const r = evaluate({ asOf: '2015-06-01', household: h }, { programs: ['medical.premium-subsidy', 'medical.daily-subsidy'] });
    expect(r.dibaoClass).toBe('A');
    const referral = departmentReferrals('health', h, '2015-06-01', 'A');
    const shape = (l: { program: string; memberId: string | null; amountFen: number; period: string; explanation: string }) => [
      l.program,
      l.memberId,
      l.amountFen,
      l.period,
      l.explanation,
    ];
    expect(r.entitlements.map(shape)).toEqual(referral.map(shape));
    // Premium 12000 for all three (A, A, wubao); daily 3000 for 白一 and 白二 only.
    expect(r.entitlements.map((e) => e.amountFen)).toEqual([12000, 12000, 12000, 3000, 3000]);
  });

  it('when premiumSubsidyLines is given no dibao class, then only wubao members get a line, at the full premium', () => {
    const h = household({
      hukou: 'rural',
      area: '150303',
      members: [
        { id: 'm1', birthDate: '1975-01-01', disability: { category: 4, grade: 1 } },
        { id: 'm2', relation: 'other', birthDate: '1935-01-01', tekun: { kind: 'wubao' } },
      ],
    });
    const params = parameterTable('2014-06-01', { hukou: 'rural', area: '150303' });
    const lines = premiumSubsidyLines({ household: h, asOf: '2014-06-01', dibaoClass: null, params });
    expect(lines.map((l) => [l.member.id, l.kind === 'paid' ? l.amountFen : null])).toEqual([['m2', 9000]]);
  });

  it('when all six programs are evaluated for one household, then the request is left unchanged and every line is whole fen', () => {
    const h = household({
      familyPlanning: { onlyChild: 'disabled', ruralOneChildOrTwoDaughters: false, urbanOneChild: true },
      members: [
        { id: 'm1', birthDate: '1950-01-01' },
        { id: 'm2', sex: 'F', relation: 'spouse', birthDate: '1955-01-01' },
        { id: 'm3', relation: 'other', birthDate: '1930-01-01', tekun: { kind: 'sanwu' } },
      ],
      medicalBills: [{ memberId: 'm3', outOfPocketFen: 123457, reimbursedThisYearFen: 0 }],
    });
    const before = JSON.stringify(h);
    const r = evaluate(
      { asOf: '2015-06-01', household: h },
      { programs: ['tekun', 'family-planning.special', 'family-planning.reward', 'medical.premium-subsidy', 'medical.daily-subsidy', 'medical.reimbursement'] },
    );
    expect(JSON.stringify(h)).toBe(before);
    expect(r.status).toBe('ELIGIBLE');
    for (const e of r.entitlements) expect(Number.isSafeInteger(e.amountFen)).toBe(true);
    // Sanwu → 100% × 123 457 fen = 123457 fen.
    expect(r.entitlements.find((e) => e.program === 'medical.reimbursement')).toMatchObject({ memberId: 'm3', amountFen: 123457 });
  });
});
