import { departmentReferrals, evaluate, type Household } from '../src';
import { household } from './support/builders';

const EDUCATION = ['education.preschool-waiver', 'education.living-subsidy', 'education.senior-grant', 'education.college-grant'];
const pick = ({ program, memberId, amountFen, period, clauses, explanation }: { program: string; memberId: string | null; amountFen: number; period: string; clauses: string[]; explanation: string }) => ({
  program,
  memberId,
  amountFen,
  period,
  clauses,
  explanation,
});

/** A dibao-eligible household (no income, 2015 urban standard 600 yuan) with one student of each kind. */
const students: Household = household({
  members: [
    { id: '6f1c0b1e-0000-4000-8000-000000000001', name: '王建国', birthDate: '1975-01-01' },
    { id: '6f1c0b1e-0000-4000-8000-000000000002', name: '王小米', birthDate: '2011-03-01', school: { level: 'preschool', boarding: false } },
    { id: '6f1c0b1e-0000-4000-8000-000000000003', name: '王小禾', birthDate: '2006-03-01', school: { level: 'primary', boarding: true } },
    { id: '6f1c0b1e-0000-4000-8000-000000000004', name: '王小麦', birthDate: '1999-03-01', school: { level: 'vocational', boarding: true } },
    { id: '6f1c0b1e-0000-4000-8000-000000000005', name: '王大禾', birthDate: '1997-03-01', admission: { level: 'junior-college' } },
  ],
});

describe('education programs (City §7–8)', () => {
  it('when an approved dibao household is referred to education, then the referral lines are exactly the lines evaluate() gives', () => {
    const r = evaluate({ asOf: '2015-09-01', household: students }, { programs: EDUCATION });
    const referred = departmentReferrals('education', students, '2015-09-01', 'A');
    expect(referred.map(pick)).toEqual(r.entitlements.map(pick));
    expect(referred.map((l) => l.amountFen).sort((a, b) => a - b)).toEqual([0, 100000, 200000, 3000000]);
  });

  it('when the lines are explained, then each names the student by name, states the yuan amount and never shows the internal id', () => {
    const r = evaluate({ asOf: '2015-09-01', household: students }, { programs: EDUCATION });
    const text = (memberId: string) => r.entitlements.find((l) => l.memberId === memberId)!.explanation;
    expect(text('6f1c0b1e-0000-4000-8000-000000000002')).toMatch(/^王小米为低保家庭子女，接受学前教育，免除保育教育费，依据《/);
    expect(text('6f1c0b1e-0000-4000-8000-000000000003')).toContain('每生每年补助生活费1000元');
    expect(text('6f1c0b1e-0000-4000-8000-000000000004')).toContain('王小麦为低保家庭子女、中等职业学校寄宿生');
    expect(text('6f1c0b1e-0000-4000-8000-000000000005')).toContain('一次性30000元');
    for (const l of r.entitlements) expect(l.explanation).not.toMatch(/6f1c0b1e/);
  });

  it('when a college grant is explained, then it says the household is registered in Wuhai and cites City §8', () => {
    const r = evaluate({ asOf: '2015-09-01', household: students }, { programs: ['education.college-grant'] });
    expect(r.entitlements).toHaveLength(1);
    expect(r.entitlements[0]!.explanation).toContain('具有乌海市户籍(本平台登记的家庭均为乌海市户籍)');
    expect(r.entitlements[0]!.explanation).toMatch(/第8条$/);
  });

  it('when a day pupil is refused, then the reason carries her member id and says boarders only', () => {
    const h = household({ members: [{ id: 'm1', birthDate: '1975-01-01' }, { id: 'm2', name: '刘思远', birthDate: '2007-04-01', school: { level: 'primary', boarding: false } }] });
    const r = evaluate({ asOf: '2015-09-01', household: h }, { programs: ['education.living-subsidy'] });
    expect(r.ineligible).toEqual([
      { program: 'education.living-subsidy', reasons: [expect.objectContaining({ code: 'EDUCATION.NOT_BOARDING', memberId: 'm2', message: expect.stringContaining('刘思远为小学走读生') })] },
    ]);
  });

  it('when dibao cannot be decided but the boarder is an orphan, then the orphan is decided on his own and the other student goes to review', () => {
    // 2013-09-01: no dibao standard and no education amounts are in force yet.
    const h = household({
      members: [
        { id: 'm1', birthDate: '1950-01-01' },
        { id: 'm2', relation: 'grandchild', birthDate: '2005-01-01', tekun: { kind: 'orphan' }, school: { level: 'junior', boarding: true } },
        { id: 'm3', relation: 'grandchild', birthDate: '2004-01-01', school: { level: 'junior', boarding: true } },
      ],
    });
    const r = evaluate({ asOf: '2013-09-01', household: h }, { programs: ['education.living-subsidy'] });
    const reasons = r.needsManualReview.flatMap((x) => x.reasons);
    expect(reasons).toContainEqual(expect.objectContaining({ code: 'RULES.MISSING_PARAMETER', parameter: 'education.living-subsidy.junior' }));
    expect(reasons).toContainEqual(expect.objectContaining({ code: 'RULES.DIBAO_UNDECIDED' }));
    expect(reasons).toContainEqual(expect.objectContaining({ parameter: 'dibao.standard' }));
    expect(r.entitlements).toEqual([]);
  });

  it('when a referral needs an amount that is not in force, then the line is flagged for review with amount 0 and names the parameter', () => {
    const h = household({ members: [{ id: 'm1', birthDate: '1975-01-01' }, { id: 'm2', birthDate: '1999-01-01', school: { level: 'senior', boarding: true } }] });
    const [line] = departmentReferrals('education', h, '2013-09-01', 'A');
    expect(line).toMatchObject({ program: 'education.senior-grant', memberId: 'm2', amountFen: 0, needsManualReview: true });
    expect(line!.reasons).toEqual([expect.objectContaining({ parameter: 'education.senior-grant' })]);
  });
});
