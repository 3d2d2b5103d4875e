import { departmentReferrals, evaluate } from '../src';
import { household } from './support/builders';

describe('employment assistance (City §11–12)', () => {
  it('when an approved dibao household is referred to employment, then the referral lines are exactly the lines evaluate() gives', () => {
    const h = household({
      members: [
        { id: 'm1', name: '秦淑芬', sex: 'F', birthDate: '1965-06-01', canWork: true },
        { id: 'm2', name: '秦淑兰', sex: 'F', birthDate: '1965-06-02', canWork: true },
        { id: 'm3', name: '秦远', birthDate: '1990-01-01', canWork: true },
      ],
    });
    const r = evaluate({ asOf: '2015-06-01', household: h }, { programs: ['employment.assistance'] });
    expect(departmentReferrals('employment', h, '2015-06-01', 'C')).toEqual(r.entitlements);
    expect(r.entitlements.map((l) => l.memberId)).toEqual(['m2', 'm3']);
  });

  it('when nobody in the household has a job, then every line says at least one member is to be placed in a public-welfare post', () => {
    const h = household({ members: [{ id: 'm1', name: '汪洋', birthDate: '1975-01-01', canWork: true }] });
    const [line] = evaluate({ asOf: '2015-06-01', household: h }, { programs: ['employment.assistance'] }).entitlements;
    expect(line!.explanation).toContain('汪洋，40周岁');
    expect(line!.explanation).toContain('本户无人就业，至少安排一人到公益性岗位就业');
  });

  it('when another member has a job, then the line does not ask for a public-welfare placement', () => {
    const h = household({
      members: [
        { id: 'm1', birthDate: '1975-01-01', canWork: true, employed: true, monthlyIncomeFen: 50000 },
        { id: 'm2', name: '沈梅', sex: 'F', birthDate: '1977-01-01', canWork: true },
      ],
    });
    const [line] = evaluate({ asOf: '2015-06-01', household: h }, { programs: ['employment.assistance'] }).entitlements;
    expect(line!.memberId).toBe('m2');
    expect(line!.explanation).not.toContain('至少安排一人');
  });

  it('when a tekun member of a dibao household is marked able to work, then no employment line is given to that member', () => {
    // Tekun recipients are not dibao members (City §4); only counted members are assisted.
    const h = household({
      members: [
        { id: 'm1', birthDate: '1975-01-01', canWork: true },
        { id: 'm2', birthDate: '1980-01-01', canWork: true, tekun: { kind: 'sanwu' } },
      ],
    });
    const r = evaluate({ asOf: '2015-06-01', household: h }, { programs: ['employment.assistance'] });
    expect(r.entitlements.map((l) => l.memberId)).toEqual(['m1']);
  });

  it('when a woman turns 50 on the evaluation date, then she is refused with the retirement-age reason naming her', () => {
    const h = household({ members: [{ id: 'm1', name: '秦淑芬', sex: 'F', birthDate: '1965-06-01', canWork: true }] });
    const r = evaluate({ asOf: '2015-06-01', household: h }, { programs: ['employment.assistance'] });
    expect(r.entitlements).toEqual([]);
    expect(r.ineligible[0]!.reasons).toEqual([
      expect.objectContaining({ code: 'EMPLOYMENT.RETIREMENT_AGE_REACHED', memberId: 'm1', message: expect.stringContaining('秦淑芬50周岁，已达到女性法定退休年龄50周岁') }),
    ]);
  });
});
