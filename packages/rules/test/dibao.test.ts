import { CITY_POLICY_ZH, DIBAO_STEP_LABELS, evaluate, evaluateDibao, InvalidInputError } from '../src';
import { household } from './support/builders';

/** A uuid as the registry issues member ids (the form clerks must never read). */
const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const UUID_PREFIX_RE = /[0-9a-f]{8}-[0-9a-f]{4}/i;

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

  it('when the trace is built, then each step has a stable machine label and a Chinese caption for the clerk', () => {
    const r = evaluateDibao(threePeople, '2015-06-01');
    expect(r.steps).toContainEqual(expect.objectContaining({ label: 'standard', labelZh: '低保标准（城区）', parameter: 'dibao.standard' }));
    expect(r.steps).toContainEqual(expect.objectContaining({ label: 'household-size', labelZh: '家庭人口', value: 3 }));
    expect(r.steps).toContainEqual(expect.objectContaining({ label: 'total-income', labelZh: '家庭月收入合计', value: 90000 }));
    expect(r.steps).toContainEqual(expect.objectContaining({ label: 'per-capita-income', labelZh: '人均月收入', value: 30000 }));
    expect(r.steps).toContainEqual(expect.objectContaining({ label: 'top-up', labelZh: '补差金额', value: 90000 }));
    for (const s of r.steps) {
      expect(DIBAO_STEP_LABELS).toContain(s.label);
      expect(s.labelZh).toMatch(/^[^A-Za-z]*$/);
      expect(s.memberId).toBeUndefined();
    }
  });

  it('when members have names and uuid ids, then sentences and step captions name them and never show an id, while supplement steps carry the id', () => {
    const heId = '222ffa4c-48be-4c1e-9a4f-3b1d2e5f6a70';
    const wuId = '7d0c9e3b-1f2a-4b5c-8d6e-9f0a1b2c3d4e';
    const r = evaluateDibao(
      household({
        members: [
          { id: heId, name: '何德胜', birthDate: '1950-03-01' },
          { id: wuId, name: '乌云', sex: 'F', birthDate: '1990-01-01', minority: true },
          { id: 'c0ffee00-0000-4000-8000-000000000001', name: '何小宝', birthDate: '2012-01-01' },
        ],
      }),
      '2015-06-01',
    );
    expect(r.status).toBe('ELIGIBLE');
    // 65 → age 60–79, 5 % × 60000 = 3000; minority 5 % = 3000; the child gets none.
    expect(r.explanation).toContain('增发补助金何德胜 30元、乌云 30元');
    expect(r.supplements.map((s) => s.memberId)).toEqual([heId, wuId]);
    expect(r.supplements[0]!.explanation).toMatch(/^何德胜：65周岁老年人/);
    expect(r.supplements[1]!.explanation).toMatch(/^乌云：少数民族/);
    expect(r.steps.filter((s) => s.label === 'supplement')).toEqual([
      expect.objectContaining({ labelZh: '增发补助金：何德胜（60–79岁，5%）', memberId: heId, value: 3000, parameter: 'dibao.supplement.age-60-rate' }),
      expect.objectContaining({ labelZh: '增发补助金：乌云（少数民族，5%）', memberId: wuId, value: 3000, parameter: 'dibao.supplement.minority-rate' }),
    ]);
    for (const text of [r.explanation, ...r.supplements.map((s) => s.explanation), ...r.steps.map((s) => s.labelZh)]) {
      expect(text).not.toMatch(UUID_RE);
      expect(text).not.toMatch(UUID_PREFIX_RE);
    }
  });

  it('when a member has no name, then the sentence falls back to the member reference', () => {
    const r = evaluateDibao(household({ members: [{ id: 'm1', birthDate: '1933-01-15' }] }), '2015-06-01');
    expect(r.explanation).toContain('增发补助金m1 60元');
    expect(r.steps).toContainEqual(expect.objectContaining({ label: 'supplement', labelZh: '增发补助金：m1（80岁以上，10%）', memberId: 'm1' }));
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

  it('when the evaluation date is before a member’s birth date, then evaluateDibao and evaluate refuse with an InvalidInputError naming that member', () => {
    const babyId = '9b2e4f6a-8c1d-4e3f-a5b7-c9d1e3f5a7b9';
    const h = household({
      members: [
        { id: 'a1f0c3d2-5e4b-4a69-8b7c-0d1e2f3a4b5c', name: '何德胜', birthDate: '1970-01-01' },
        { id: babyId, name: '何小宝', birthDate: '2015-06-02' },
      ],
    });
    for (const run of [() => evaluateDibao(h, '2015-06-01'), () => evaluate({ asOf: '2015-06-01', household: h })]) {
      expect(run).toThrow(InvalidInputError);
      expect(run).toThrow(expect.objectContaining({ code: 'RULES.MEMBER_NOT_YET_BORN', kind: 'invalid-argument', memberId: babyId }));
      expect(run).toThrow(/何小宝.*2015-06-02.*2015-06-01/);
      expect(run).not.toThrow(UUID_RE);
    }
    // Born on the evaluation date itself: counted, aged 0.
    expect(evaluateDibao(h, '2015-06-02').householdSize).toBe(2);
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
