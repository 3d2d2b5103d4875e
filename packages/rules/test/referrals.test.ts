import { CITY_POLICY_ZH, departmentReferrals, InvalidInputError, type Department } from '../src';
import { household } from './support/builders';

describe('departmentReferrals', () => {
  it('when the disability federation is asked, then the explanation names category and grade and cites items 3 and 21', () => {
    const [line] = departmentReferrals(
      'disability',
      household({ members: [{ id: 'm1', name: '李四', birthDate: '1960-01-01', disability: { category: 6, grade: 1 } }] }),
      '2015-06-01',
      'A',
    );
    expect(line!.explanation).toContain('李四');
    expect(line!.explanation).toContain('精神一级残疾');
    expect(line!.explanation).toContain(`依据${CITY_POLICY_ZH}第3条、第21条`);
  });

  it('when education amounts are explained, then they are stated in yuan', () => {
    const lines = departmentReferrals(
      'education',
      household({ members: [{ id: 'm1', birthDate: '1975-01-01' }, { id: 'm2', birthDate: '1997-01-01', admission: { level: 'bachelor' } }] }),
      '2015-09-01',
      'B',
    );
    expect(lines[0]!.explanation).toContain('一次性40000元');
  });

  it('when a parameter is missing, then the line is flagged for manual review with amount 0 and a reason naming it', () => {
    const lines = departmentReferrals(
      'health',
      household({ members: [{ id: 'm1', birthDate: '1975-01-01', school: { level: 'senior', boarding: false } }] }),
      '2013-06-01',
      'B',
    );
    const premium = lines.find((l) => l.program === 'medical.premium-subsidy')!;
    expect(premium).toMatchObject({ memberId: 'm1', amountFen: 0, needsManualReview: true });
    expect(premium.reasons).toEqual([expect.objectContaining({ code: 'RULES.MISSING_PARAMETER', parameter: 'medical.premium' })]);
    expect(premium.explanation).toContain('人工审核');
  });

  it('when the employment age parameters are missing, then a person who can work and has no job is flagged for review', () => {
    const lines = departmentReferrals('employment', household({ members: [{ id: 'm1', birthDate: '1975-01-01', canWork: true }] }), '2013-06-01', 'C');
    expect(lines).toEqual([
      expect.objectContaining({ program: 'employment.assistance', memberId: 'm1', needsManualReview: true, reasons: [expect.objectContaining({ parameter: 'employment.minimum-working-age' })] }),
    ]);
  });

  it('when an unknown department or class is given, then an InvalidInputError is thrown', () => {
    const h = household({ members: [{ id: 'm1', birthDate: '1975-01-01' }] });
    expect(() => departmentReferrals('finance' as Department, h, '2015-06-01', 'A')).toThrow(InvalidInputError);
    expect(() => departmentReferrals('housing', h, '2015-06-01', 'D' as 'A')).toThrow(expect.objectContaining({ code: 'RULES.INVALID_FACT' }));
  });
});
