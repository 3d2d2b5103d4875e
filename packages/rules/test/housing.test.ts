import { departmentReferrals, evaluate } from '../src';
import { household } from './support/builders';

describe('housing programs (City §9–10)', () => {
  it('when an approved dibao household is referred to housing, then the referral line is exactly the housing.rental line evaluate() gives', () => {
    const h = household({ livingAreaM2: 44.97, members: [{ id: 'm1', birthDate: '1970-01-01' }, { id: 'm2', birthDate: '1972-01-01' }, { id: 'm3', birthDate: '2005-01-01' }] });
    const r = evaluate({ asOf: '2015-06-01', household: h }, { programs: ['housing.rental'] });
    const referred = departmentReferrals('housing', h, '2015-06-01', 'A');
    expect(referred).toEqual(r.entitlements);
    expect(referred[0]!.explanation).toContain('人均14.99平方米，低于15平方米');
  });

  it('when exactly 15 m² per person are owned, then housing.rental is refused with the contract reason code and the figures', () => {
    const h = household({ livingAreaM2: 30, members: [{ id: 'm1', birthDate: '1970-01-01' }, { id: 'm2', birthDate: '1972-01-01' }] });
    const r = evaluate({ asOf: '2015-06-01', household: h }, { programs: ['housing.rental'] });
    expect(r.ineligible).toEqual([
      { program: 'housing.rental', reasons: [expect.objectContaining({ code: 'HOUSING.AREA_NOT_BELOW_THRESHOLD', message: expect.stringContaining('人均15平方米，不低于15平方米') })] },
    ]);
  });

  it('when dibao cannot be decided but a tekun member lives in a small home, then housing.rental is still granted on the tekun basis', () => {
    // 2013-06-01: no dibao standard and no area threshold, but the household owns no home.
    const h = household({ homeOwned: false, members: [{ id: 'm1', name: '韩老四', birthDate: '1945-01-01', tekun: { kind: 'sanwu' } }, { id: 'm2', birthDate: '1980-01-01' }] });
    const r = evaluate({ asOf: '2013-06-01', household: h }, { programs: ['housing.rental'] });
    expect(r.entitlements).toEqual([expect.objectContaining({ program: 'housing.rental', memberId: null, amountFen: 0, period: 'once' })]);
    expect(r.entitlements[0]!.explanation).toContain('有特困供养人员韩老四的家庭，无自有住房');
  });

  it('when a grade D and a grade C house are renovated, then the first is rebuilt (新建) and the second repaired (修缮)', () => {
    const facts = (grade: 'C' | 'D') => household({ hukou: 'rural', area: '150303', houseDangerGrade: grade, members: [{ id: 'm1', birthDate: '1960-01-01' }] });
    const [d] = evaluate({ asOf: '2015-06-01', household: facts('D') }, { programs: ['housing.rural-renovation'] }).entitlements;
    const [c] = evaluate({ asOf: '2015-06-01', household: facts('C') }, { programs: ['housing.rural-renovation'] }).entitlements;
    expect(d!.explanation).toContain('D级危房');
    expect(d!.explanation).toContain('新建');
    expect(d!.explanation).not.toContain('修缮');
    expect(c!.explanation).toContain('C级危房');
    expect(c!.explanation).toContain('修缮');
    expect(c!.explanation).not.toContain('新建');
  });

  it('when a rural household is neither dibao nor wubao and no standard is in force, then renovation needs review naming the standard and the dibaoEdge margin', () => {
    const h = household({ hukou: 'rural', area: '150303', houseDangerGrade: 'D', members: [{ id: 'm1', birthDate: '1960-01-01', monthlyIncomeFen: 50000 }] });
    const r = evaluate({ asOf: '2013-06-01', household: h }, { programs: ['housing.rural-renovation'] });
    expect(r.entitlements).toEqual([]);
    const reasons = r.needsManualReview.flatMap((x) => x.reasons);
    expect(reasons).toContainEqual(expect.objectContaining({ parameter: 'dibao.standard' }));
    expect(reasons).toContainEqual(expect.objectContaining({ parameter: 'housing.rural-renovation.dibao-edge-margin-rate' }));
  });

  it('when an urban household has no dangerous house either, then both failed tests are reported', () => {
    const h = household({ members: [{ id: 'm1', birthDate: '1960-01-01' }] });
    const r = evaluate({ asOf: '2015-06-01', household: h }, { programs: ['housing.rural-renovation'] });
    expect(r.ineligible[0]!.reasons.map((x) => x.code)).toEqual(['HOUSING.NOT_RURAL_HUKOU', 'HOUSING.HOUSE_NOT_DANGEROUS']);
  });
});
