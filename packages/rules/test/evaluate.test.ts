import { evaluate, InvalidInputError, parameterDefinitions, PROGRAM_CODES, type EvaluationRequest, type ParameterDefinition } from '../src';
import { household } from './support/builders';

/** The request example of shared/contracts/evaluations.md. */
const contractExample: EvaluationRequest = {
  asOf: '2015-06-01',
  household: {
    area: '150302',
    hukou: 'urban',
    livingAreaM2: 38.5,
    homeOwned: true,
    houseDangerGrade: null,
    assets: { financialFen: 0, vehicles: 0, disabilityVehicles: 0, residences: 1, businessCapitalFen: 0 },
    familyPlanning: { onlyChild: null, ruralOneChildOrTwoDaughters: false, urbanOneChild: false },
    members: [
      {
        id: 'm1',
        idNumber: '150302195003150017',
        name: '张三',
        sex: 'M',
        birthDate: '1950-03-15',
        relation: 'head',
        minority: false,
        disability: { category: 4, grade: 2 },
        monthlyIncomeFen: 0,
        canWork: false,
        employed: false,
        pensionInsured: false,
        illness: null,
        school: null,
        admission: null,
        tekun: null,
      },
    ],
    medicalBills: [{ memberId: 'm1', outOfPocketFen: 1000000, reimbursedThisYearFen: 0 }],
    hardship: { category: 'fire', assessedNeedFen: 800000 },
  },
};

describe('evaluate', () => {
  it('when the contract example is evaluated, then the response has the contract shape with the hand-worked amounts', () => {
    // Urban 2015 standard 600 yuan, one person without income → top-up 600 yuan = 60000 fen (class A:
    // 65 years old, cannot work). Grade-2 disability (10 %) and age 65 (5 %) → highest 10 % = 6000 fen.
    const r = evaluate(contractExample);
    expect(Object.keys(r).sort()).toEqual(['asOf', 'dibaoClass', 'entitlements', 'ineligible', 'needsManualReview', 'perCapitaIncomeFen', 'status']);
    expect(r).toMatchObject({ asOf: '2015-06-01', dibaoClass: 'A', perCapitaIncomeFen: 0, status: 'ELIGIBLE', ineligible: [], needsManualReview: [] });
    expect(r.entitlements).toEqual([
      { program: 'dibao', memberId: null, amountFen: 60000, period: 'month', clauses: ['City §3', 'Reg. Art. 9', 'Reg. Art. 12'], explanation: expect.stringContaining('(600−0)×1=600×1−0=600元') },
      { program: 'dibao.supplement', memberId: 'm1', amountFen: 6000, period: 'month', clauses: ['City §3'], explanation: expect.stringContaining('张三') },
    ]);
  });

  it('when only dibao is asked for, then no supplement line is returned', () => {
    const r = evaluate(contractExample, { programs: ['dibao'] });
    expect(r.entitlements.map((e) => e.program)).toEqual(['dibao']);
  });

  it('when the household is ineligible, then dibao and its supplement are listed as ineligible with reasons and the class is null', () => {
    const r = evaluate({ asOf: '2015-06-01', household: household({ members: [{ id: 'm1', birthDate: '1950-01-01', monthlyIncomeFen: 60000 }] }) });
    expect(r.status).toBe('INELIGIBLE');
    expect(r.dibaoClass).toBeNull();
    expect(r.entitlements).toEqual([]);
    expect(r.ineligible).toEqual([
      { program: 'dibao', reasons: [expect.objectContaining({ code: 'DIBAO.INCOME_NOT_BELOW_STANDARD' })] },
      { program: 'dibao.supplement', reasons: [expect.objectContaining({ code: 'DIBAO.SUPPLEMENT_REQUIRES_DIBAO' }), expect.objectContaining({ code: 'DIBAO.INCOME_NOT_BELOW_STANDARD' })] },
    ]);
  });

  it('when an eligible household has nobody qualifying for a supplement, then the supplement is ineligible with its own reason', () => {
    const r = evaluate({ asOf: '2015-06-01', household: household({ members: [{ id: 'm1', birthDate: '1975-01-01' }] }) });
    expect(r.status).toBe('ELIGIBLE');
    expect(r.ineligible).toEqual([{ program: 'dibao.supplement', reasons: [expect.objectContaining({ code: 'DIBAO.SUPPLEMENT_NO_QUALIFYING_MEMBER' })] }]);
  });

  it('when no standard is in force, then the response needs manual review naming dibao.standard and pays nothing', () => {
    const r = evaluate({ ...contractExample, asOf: '2013-06-01' });
    expect(r.status).toBe('NEEDS_MANUAL_REVIEW');
    expect(r.entitlements).toEqual([]);
    expect(r.dibaoClass).toBeNull();
    expect(r.needsManualReview.map((x) => x.program)).toEqual(['dibao', 'dibao.supplement']);
    expect(r.needsManualReview[0]!.reasons).toContainEqual(expect.objectContaining({ code: 'RULES.MISSING_PARAMETER', parameter: 'dibao.standard' }));
  });

  it('when every program code of the contract is asked for, then each is decided by a module (none is left unimplemented)', () => {
    const r = evaluate(contractExample, { programs: [...PROGRAM_CODES] });
    const unimplemented = r.needsManualReview.filter((x) => x.reasons.some((reason) => reason.code === 'RULES.PROGRAM_NOT_IMPLEMENTED'));
    expect(unimplemented).toEqual([]);
    const decided = new Set([...r.entitlements.map((e) => e.program), ...r.ineligible.map((x) => x.program), ...r.needsManualReview.map((x) => x.program)]);
    expect([...decided].sort()).toEqual([...PROGRAM_CODES].sort());
  });

  it('when an unknown program is asked for, then an InvalidInputError is thrown', () => {
    expect(() => evaluate(contractExample, { programs: ['lottery'] })).toThrow(InvalidInputError);
    expect(() => evaluate(contractExample, { programs: ['lottery'] })).toThrow(expect.objectContaining({ code: 'RULES.UNKNOWN_PROGRAM' }));
  });

  it('when a parameter set is injected, then every program reads its values, not only dibao', () => {
    // A sanwu member (urban, 80, no income, no supporter): tekun.standard 90 000 fen from 2015 in
    // the files; injected 95 000. A fire with a need of 8 000 yuan: temporary.maximum 30 000 yuan
    // in the files; injected 5 000 yuan → the grant is clamped to 500 000 fen.
    const defs = parameterDefinitions();
    const set = new Map<string, ParameterDefinition>(defs);
    set.set('tekun.standard', { ...defs.get('tekun.standard')!, values: [{ effectiveFrom: '2014-01-01', value: { urban: 95000, rural: 95000 } }] });
    set.set('temporary.maximum', { ...defs.get('temporary.maximum')!, values: [{ effectiveFrom: '2014-01-01', value: 500000 }] });
    const h = household({
      members: [{ id: 'm1', name: '钟一', birthDate: '1935-01-01', tekun: { kind: 'sanwu' } }],
      hardship: { category: 'fire', assessedNeedFen: 800000 },
    });
    const amounts = (parameters?: ReadonlyMap<string, ParameterDefinition>) =>
      evaluate({ asOf: '2015-06-01', household: h }, { programs: ['tekun', 'temporary'], parameters }).entitlements.map((e) => [e.program, e.amountFen]);
    expect(amounts()).toEqual([
      ['tekun', 90000],
      ['temporary', 800000],
    ]);
    expect(amounts(set)).toEqual([
      ['tekun', 95000],
      ['temporary', 500000],
    ]);
  });

  it('when the request is evaluated, then the input is not modified', () => {
    const before = JSON.stringify(contractExample);
    evaluate(contractExample);
    expect(JSON.stringify(contractExample)).toBe(before);
  });
});
