import { evaluate } from '../src';
import { household, type HouseholdInput } from './support/builders';

const run = (h: HouseholdInput, asOf = '2015-06-01') =>
  evaluate({ asOf, household: household(h) }, { programs: ['family-planning.special', 'family-planning.reward'] });

describe('family-planning.special and family-planning.reward', () => {
  it('when an urban one-child couple over 49 has lost its only child, then each parent gets 1500 yuan a month and 2000 yuan a year', () => {
    // Special: 150000 fen/month per parent; reward: both ≥49, not insured → 200000 fen/year each.
    const r = run({
      familyPlanning: { onlyChild: 'deceased', ruralOneChildOrTwoDaughters: false, urbanOneChild: true },
      members: [
        { id: 'm1', name: '唐明', birthDate: '1960-01-01' },
        { id: 'm2', name: '唐丽', sex: 'F', relation: 'spouse', birthDate: '1962-01-01' },
      ],
    });
    expect(r.entitlements.map(({ program, memberId, amountFen, period }) => [program, memberId, amountFen, period])).toEqual([
      ['family-planning.special', 'm1', 150000, 'month'],
      ['family-planning.special', 'm2', 150000, 'month'],
      ['family-planning.reward', 'm1', 200000, 'year'],
      ['family-planning.reward', 'm2', 200000, 'year'],
    ]);
    expect(r.entitlements[0]!.explanation).toBe(
      '唐明为独生子女死亡家庭的父母，女方唐丽53周岁(年满49周岁)，发放计划生育特别扶助金每人每月1500元，依据《乌海市人民政府关于贯彻落实〈社会救助暂行办法〉的实施意见》(乌海政发〔2014〕73号)第4条',
    );
    expect(r.entitlements[2]!.explanation).toContain('唐明55周岁');
    expect(r.entitlements[2]!.explanation).toContain('唐丽53周岁');
  });

  it('when the household gives no family-planning facts, then both programs are ineligible with their reasons', () => {
    const r = run({ members: [{ id: 'm1', birthDate: '1960-01-01' }] });
    expect(r.entitlements).toEqual([]);
    expect(r.ineligible.map((x) => [x.program, x.reasons.map((y) => y.code)])).toEqual([
      ['family-planning.special', ['FAMILY_PLANNING.NO_ONLY_CHILD_HARDSHIP']],
      ['family-planning.reward', ['FAMILY_PLANNING.NOT_QUALIFYING_FAMILY']],
    ]);
  });

  it('when both head and spouse are recorded as women, then the mother cannot be told apart and the special assistance is reviewed', () => {
    const r = run({
      familyPlanning: { onlyChild: 'disabled', ruralOneChildOrTwoDaughters: false, urbanOneChild: false },
      members: [
        { id: 'm1', sex: 'F', birthDate: '1960-01-01' },
        { id: 'm2', sex: 'F', relation: 'spouse', birthDate: '1962-01-01' },
      ],
    });
    expect(r.needsManualReview).toEqual([{ program: 'family-planning.special', reasons: [expect.objectContaining({ code: 'FAMILY_PLANNING.MOTHER_UNKNOWN' })] }]);
  });

  it('when a rural two-daughter family is evaluated, then the parents are paid and the daughters are not', () => {
    // Rural flag → head and spouse 200000 fen/year each; children (relation child) get no line.
    const r = run({
      hukou: 'rural',
      area: '150304',
      familyPlanning: { onlyChild: null, ruralOneChildOrTwoDaughters: true, urbanOneChild: false },
      members: [
        { id: 'm1', birthDate: '1980-01-01' },
        { id: 'm2', sex: 'F', relation: 'spouse', birthDate: '1982-01-01' },
        { id: 'm3', sex: 'F', birthDate: '2008-01-01' },
      ],
    });
    expect(r.entitlements.filter((e) => e.program === 'family-planning.reward').map((e) => e.memberId)).toEqual(['m1', 'm2']);
  });

  it('when an urban couple has a spouse under 49 who is also insured, then both failed conditions are reasons naming that spouse', () => {
    const r = run({
      familyPlanning: { onlyChild: null, ruralOneChildOrTwoDaughters: false, urbanOneChild: true },
      members: [
        { id: 'm1', name: '汪洋', birthDate: '1960-01-01' },
        { id: 'm2', name: '汪静', sex: 'F', relation: 'spouse', birthDate: '1970-01-01', pensionInsured: true },
      ],
    });
    const reasons = r.ineligible.find((x) => x.program === 'family-planning.reward')!.reasons;
    expect(reasons.map((x) => [x.code, x.memberId])).toEqual([
      ['FAMILY_PLANNING.SPOUSE_UNDER_AGE', 'm2'],
      ['FAMILY_PLANNING.SPOUSE_PENSION_INSURED', 'm2'],
    ]);
    expect(reasons[0]!.message).toContain('汪静45周岁');
  });

  it('when the evaluation date is before 2014, then the amounts are missing and the programs are reviewed naming them', () => {
    const r = run(
      {
        familyPlanning: { onlyChild: 'disabled', ruralOneChildOrTwoDaughters: false, urbanOneChild: true },
        members: [
          { id: 'm1', birthDate: '1955-01-01' },
          { id: 'm2', sex: 'F', relation: 'spouse', birthDate: '1956-01-01' },
        ],
      },
      '2013-06-01',
    );
    expect(r.entitlements).toEqual([]);
    const params = r.needsManualReview.flatMap((x) => x.reasons.map((y) => y.parameter));
    expect(params).toEqual(
      expect.arrayContaining(['family-planning.special.disabled-child', 'family-planning.special.mother-age', 'family-planning.reward', 'family-planning.reward.urban-couple-age']),
    );
  });
});
