import { CITY_POLICY_ZH, evaluateDibao, InvalidInputError } from '../src';
import { household } from './support/builders';

describe('evaluateDibao — explanation and trace', () => {
  const threePeople = household({
    members: [
      { id: 'm1', birthDate: '1970-05-05', canWork: true, employed: true, monthlyIncomeFen: 90000 },
      { id: 'm2', sex: 'F', birthDate: '1976-08-08', illness: 'serious' },
      { id: 'm3', birthDate: '2004-09-09' },
    ],
  });

  it('when an eligible household is evaluated, then the explanation states the formula in yuan and cites the city policy item 3', () => {
    const r = evaluateDibao(threePeople, '2015-06-01');
    expect(r.explanation).toContain('(600−300)×3=600×3−900=900元');
    expect(r.explanation).toContain(`依据${CITY_POLICY_ZH}第3条`);
    expect(r.explanation).toContain('《社会救助暂行办法》(国务院令第649号)第9条、第12条');
  });

  it('when the standard is read, then the trace names the parameter, its effective date and the clause', () => {
    const r = evaluateDibao(threePeople, '2015-06-01');
    expect(r.steps).toContainEqual(
      expect.objectContaining({ parameter: 'dibao.standard', value: 60000, unit: 'fen', effectiveFrom: '2015-01-01', clause: 'City §3' }),
    );
    expect(r.steps).toContainEqual(expect.objectContaining({ unit: 'persons', value: 3 }));
    expect(r.steps).toContainEqual(expect.objectContaining({ value: 90000, unit: 'fen', clause: 'Reg. Art. 12' }));
    for (const s of r.steps) expect(s.clause).toMatch(/^(City §\d+|Reg\. Art\. \d+)$/);
  });

  it('when a member meets several supplement grounds, then only the highest rate is paid and all grounds are listed', () => {
    const r = evaluateDibao(
      household({ members: [{ id: 'm1', birthDate: '1933-01-15', minority: true, disability: { category: 4, grade: 1 } }] }),
      '2015-06-01',
    );
    expect(r.supplements).toEqual([
      expect.objectContaining({
        memberId: 'm1',
        rate: 0.1,
        basis: 'disability-grade-1-2',
        amountFen: 6000,
        clauses: ['City §3'],
        applicable: [
          { basis: 'disability-grade-1-2', rate: 0.1 },
          { basis: 'age-80', rate: 0.1 },
          { basis: 'minority', rate: 0.05 },
        ],
      }),
    ]);
    expect(r.supplements[0]!.explanation).toContain('不叠加');
    expect(r.supplements[0]!.explanation).toContain('60元');
  });

  it('when a supplement is rounded, then its explanation shows the exact and the rounded amount', () => {
    const r = evaluateDibao(household({ hukou: 'rural', members: [{ id: 'm1', birthDate: '1975-01-01', minority: true }] }), '2015-06-01');
    expect(r.supplements[0]!.explanation).toContain('22.5元，四舍五入为23元');
  });

  it('when the household is ineligible, then each reason has a bilingual message and the explanation lists them in Chinese', () => {
    const r = evaluateDibao(
      household({ assets: { vehicles: 1 }, members: [{ id: 'm1', birthDate: '1970-01-01', monthlyIncomeFen: 70000 }] }),
      '2015-06-01',
    );
    expect(r.reasons.map((x) => x.code)).toEqual(['DIBAO.INCOME_NOT_BELOW_STANDARD', 'DIBAO.HAS_VEHICLE']);
    for (const x of r.reasons) expect(x.message).toMatch(/[\u4e00-\u9fff].* \/ [A-Za-z]/);
    expect(r.explanation).toMatch(/^不符合低保条件：家庭人均月收入700元不低于低保标准600元；/);
  });

  it('when a parameter is missing, then the result asks for review and names it instead of throwing or paying zero', () => {
    const r = evaluateDibao(household({ members: [{ id: 'm1', birthDate: '1970-01-01' }] }), '2013-06-01');
    expect(r.status).toBe('NEEDS_MANUAL_REVIEW');
    expect(r.topUpFen).toBeNull();
    expect(r.totalMonthlyFen).toBeNull();
    expect(r.standardFen).toBeNull();
    expect(r.reasons[0]).toMatchObject({ code: 'RULES.MISSING_PARAMETER', parameter: 'dibao.standard' });
    expect(r.explanation).toMatch(/^需人工审核：参数“dibao\.standard”在2013-06-01/);
  });

  it('when a parameter is missing and a test already fails, then the result still asks for review and keeps the failure', () => {
    const r = evaluateDibao(household({ assets: { vehicles: 2 }, members: [{ id: 'm1', birthDate: '1970-01-01' }] }), '2013-06-01');
    expect(r.status).toBe('NEEDS_MANUAL_REVIEW');
    expect(r.reasons.map((x) => x.code)).toContain('DIBAO.HAS_VEHICLE');
    expect(r.reasons.map((x) => x.code)).toContain('RULES.MISSING_PARAMETER');
  });

  it.each([
    ['a negative income', { monthlyIncomeFen: -1 }, 'RULES.NOT_AN_AMOUNT'],
    ['a fractional income', { monthlyIncomeFen: 100.5 }, 'RULES.NOT_AN_AMOUNT'],
    ['an impossible birth date', { birthDate: '1970-02-30' }, 'RULES.INVALID_DATE'],
  ])('when a member has %s, then an InvalidInputError is thrown', (_what, patch, code) => {
    const h = household({ members: [{ id: 'm1', birthDate: '1970-01-01', ...patch }] });
    expect(() => evaluateDibao(h, '2015-06-01')).toThrow(InvalidInputError);
    expect(() => evaluateDibao(h, '2015-06-01')).toThrow(expect.objectContaining({ code }));
  });

  it('when the evaluation date is malformed or members are missing, then an InvalidInputError is thrown', () => {
    expect(() => evaluateDibao(household({ members: [{ id: 'm1', birthDate: '1970-01-01' }] }), '2015/06/01')).toThrow(
      expect.objectContaining({ code: 'RULES.INVALID_DATE' }),
    );
    expect(() => evaluateDibao(household({ members: [] }), '2015-06-01')).toThrow(expect.objectContaining({ code: 'RULES.NO_MEMBERS' }));
    expect(() =>
      evaluateDibao(household({ members: [{ id: 'm1', birthDate: '1970-01-01' }, { id: 'm1', birthDate: '1971-01-01' }] }), '2015-06-01'),
    ).toThrow(expect.objectContaining({ code: 'RULES.DUPLICATE_MEMBER' }));
  });
});
