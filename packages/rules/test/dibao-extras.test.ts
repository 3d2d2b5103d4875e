import {
  DIBAO_STEP_LABELS,
  evaluate,
  evaluateDibao,
  InvalidInputError,
  parameterDefinitions,
  type Household,
  type ParameterDefinition,
  type ParameterSet,
} from '../src';
import { household } from './support/builders';

/** The loaded parameter files with one definition's dated values replaced. */
function withValues(name: string, values: ParameterDefinition['values']): ParameterSet {
  const defs = new Map(parameterDefinitions());
  defs.set(name, { ...defs.get(name)!, values });
  return defs;
}
/** The loaded parameter files without one definition. */
function without(name: string): ParameterSet {
  const defs = new Map(parameterDefinitions());
  defs.delete(name);
  return defs;
}

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}/i;
const WANG = '5c1f2e3d-4b5a-4c6d-8e7f-901a2b3c4d5e';
const LI = 'a7b8c9d0-e1f2-4a3b-9c4d-5e6f7a8b9c0d';

/** Urban, 2 persons; 王建国 works since 2015-01-10 and earns 150000 (≥ 60000 × 2); receives 50000 now. */
const exiting: Household = household({
  dibao: { since: '2014-06-01', topUpFen: 50000 },
  members: [
    { id: WANG, name: '王建国', birthDate: '1975-01-01', canWork: true, employed: true, monthlyIncomeFen: 150000, jobStartedOn: '2015-01-10' },
    { id: LI, name: '李梅', sex: 'F', relation: 'spouse', birthDate: '1950-01-01' },
  ],
});

/** Urban, 2 persons, income 12345; 李梅 (able, unemployed, minority) refused 3 referrals. */
const refusing: Household = household({
  members: [
    { id: WANG, name: '王建国', birthDate: '1975-01-01', canWork: true, employed: true, monthlyIncomeFen: 12345 },
    { id: LI, name: '李梅', sex: 'F', relation: 'spouse', birthDate: '1977-01-01', canWork: true, minority: true, refusedReferrals: 3 },
  ],
});

function labelsInOrder(labels: string[]): boolean {
  const order = labels.map((l) => (DIBAO_STEP_LABELS as readonly string[]).indexOf(l));
  return order.every((i, k) => i >= 0 && (k === 0 || i >= order[k - 1]!));
}

describe('gradual exit (City §12)', () => {
  it('when the exit period applies, then the trace shows the period and the last day paid, and sentences name the member', () => {
    // 2015-01-10 + 6 months = 2015-07-10 → paid through 2015-07-09. Income 150000 ≥ 120000.
    // 李梅 is 65 → 5 % × 60000 = 3000 supplement; total 50000 + 3000 = 53000.
    const r = evaluateDibao(exiting, '2015-07-09');
    expect(r).toMatchObject({ status: 'ELIGIBLE', topUpFen: 50000, totalMonthlyFen: 53000 });
    expect(r.gradualExit).toEqual({ memberId: WANG, jobStartedOn: '2015-01-10', months: 6, paidThrough: '2015-07-09' });
    expect(r.steps).toContainEqual(expect.objectContaining({ label: 'gradual-exit-months', value: 6, parameter: 'dibao.gradual-exit-months', clause: 'City §12' }));
    expect(r.steps).toContainEqual(expect.objectContaining({ label: 'gradual-exit-until', value: '2015-07-09', memberId: WANG, clause: 'City §12' }));
    expect(r.steps).toContainEqual(expect.objectContaining({ label: 'top-up', value: 50000, clause: 'City §12' }));
    expect(r.steps.map((s) => s.label)).not.toContain('top-up-exact');
    expect(labelsInOrder(r.steps.map((s) => s.label))).toBe(true);
    expect(r.reasons).toEqual([expect.objectContaining({ code: 'DIBAO.GRADUAL_EXIT', memberId: WANG })]);
    expect(r.reasons[0]!.message).toMatch(/^王建国于2015-01-10就业.*2015-07-09.* \/ 王建国 started a job on 2015-01-10/);
    expect(r.explanation).toContain('发放至2015-07-09止');
    expect(r.explanation).toContain('第3条、第12条');
    for (const t of [r.explanation, ...r.reasons.map((x) => x.message), ...r.steps.map((s) => s.labelZh)]) expect(t).not.toMatch(UUID_RE);
  });

  it('when the exit period parameter is 3 months in an injected set, then the payment stops three months after the job started', () => {
    // 2015-01-10 + 3 months = 2015-04-10: paid on 2015-04-09, not on 2015-04-10.
    const parameters = withValues('dibao.gradual-exit-months', [{ effectiveFrom: '2014-01-01', value: 3 }]);
    expect(evaluateDibao(exiting, '2015-04-09', { parameters }).gradualExit?.paidThrough).toBe('2015-04-09');
    expect(evaluateDibao(exiting, '2015-04-10', { parameters }).status).toBe('INELIGIBLE');
  });

  it('when the exit period parameter is missing, then the household needs review naming it and keeps the income failure', () => {
    const r = evaluateDibao(exiting, '2015-06-01', { parameters: without('dibao.gradual-exit-months') });
    expect(r.status).toBe('NEEDS_MANUAL_REVIEW');
    expect(r.totalMonthlyFen).toBeNull();
    expect(r.reasons.map((x) => x.code)).toEqual(['RULES.MISSING_PARAMETER', 'DIBAO.INCOME_NOT_BELOW_STANDARD']);
    expect(r.reasons[0]).toMatchObject({ parameter: 'dibao.gradual-exit-months' });
  });

  it('when no member has a job start date, then the exit parameter is not needed and its absence changes nothing', () => {
    const noJob = household({ dibao: { since: '2014-06-01', topUpFen: 50000 }, members: [{ id: 'm1', birthDate: '1975-01-01', monthlyIncomeFen: 70000 }] });
    const r = evaluateDibao(noJob, '2015-06-01', { parameters: without('dibao.gradual-exit-months') });
    expect(r.status).toBe('INELIGIBLE');
    expect(r.reasons.map((x) => x.code)).toEqual(['DIBAO.INCOME_NOT_BELOW_STANDARD']);
  });

  it('when evaluate() is asked, then the dibao line pays the continued top-up and cites City §12', () => {
    const r = evaluate({ asOf: '2015-07-09', household: exiting });
    expect(r.status).toBe('ELIGIBLE');
    expect(r.dibaoClass).toBe('B');
    expect(r.entitlements).toEqual([
      expect.objectContaining({ program: 'dibao', memberId: null, amountFen: 50000, clauses: ['City §3', 'City §12', 'Reg. Art. 9'] }),
      expect.objectContaining({ program: 'dibao.supplement', memberId: LI, amountFen: 3000 }),
    ]);
  });
});

describe('refusing work (City §12; Reg. Art. 45)', () => {
  it('when a member refused three referrals, then the trace withholds the top-up share and the own supplement, naming the member', () => {
    // Top-up 120000 − 12345 = 107655 → 107700. Share 107700 / 2 = 53850 fen → 539 yuan = 53900.
    // Own supplement (minority 5 %) 3000 → withheld 56900. Paid top-up 107700 − 53900 = 53800; total 53800.
    const r = evaluateDibao(refusing, '2015-06-01');
    expect(r).toMatchObject({ status: 'ELIGIBLE', dibaoClass: 'C', topUpFen: 53800, totalMonthlyFen: 53800, supplements: [] });
    expect(r.withheldShares).toEqual([{ memberId: LI, refusedReferrals: 3, topUpShareFen: 53900, supplementFen: 3000, totalFen: 56900 }]);
    expect(r.steps).toContainEqual(expect.objectContaining({ label: 'top-up', value: 107700 }));
    expect(r.steps).toContainEqual(expect.objectContaining({ label: 'work-refusal-threshold', value: 3, parameter: 'dibao.work-refusal-threshold' }));
    expect(r.steps).toContainEqual(expect.objectContaining({ label: 'work-refusal-share', value: 56900, memberId: LI, labelZh: '停发本人份额：李梅（连续拒绝介绍工作3次）' }));
    expect(r.steps).toContainEqual(expect.objectContaining({ label: 'top-up-paid', value: 53800 }));
    expect(r.steps.filter((s) => s.label === 'supplement')).toEqual([]);
    expect(labelsInOrder(r.steps.map((s) => s.label))).toBe(true);
    expect(r.reasons).toEqual([expect.objectContaining({ code: 'DIBAO.WORK_REFUSAL_SHARE_WITHHELD', memberId: LI })]);
    expect(r.reasons[0]!.message).toContain('李梅有劳动能力，连续3次无正当理由拒绝介绍的工作，停发其本人份额569元/月');
    expect(r.clauses).toEqual(['City §3', 'City §12', 'Reg. Art. 9', 'Reg. Art. 12', 'Reg. Art. 45']);
    expect(r.explanation).toContain('实发补差538元，每月合计538元');
    for (const t of [r.explanation, ...r.reasons.map((x) => x.message), ...r.steps.map((s) => s.labelZh)]) expect(t).not.toMatch(UUID_RE);
  });

  it('when evaluate() is asked, then the dibao line is the reduced top-up and the withheld supplement is not paid', () => {
    const r = evaluate({ asOf: '2015-06-01', household: refusing });
    expect(r.entitlements).toEqual([expect.objectContaining({ program: 'dibao', amountFen: 53800 })]);
    expect(r.ineligible).toEqual([{ program: 'dibao.supplement', reasons: [expect.objectContaining({ code: 'DIBAO.SUPPLEMENT_NO_QUALIFYING_MEMBER' })] }]);
  });

  it('when the threshold is 2 in an injected set, then two refusals are enough', () => {
    const twice = household({ members: [{ id: 'm1', birthDate: '1975-01-01', canWork: true, refusedReferrals: 2 }, { id: 'm2', birthDate: '2010-01-01' }] });
    // Size 2, no income: top-up 120000; share 60000; paid 60000.
    expect(evaluateDibao(twice, '2015-06-01').topUpFen).toBe(120000);
    const r = evaluateDibao(twice, '2015-06-01', { parameters: withValues('dibao.work-refusal-threshold', [{ effectiveFrom: '2014-01-01', value: 2 }]) });
    expect(r.topUpFen).toBe(60000);
    expect(r.withheldShares.map((w) => w.memberId)).toEqual(['m1']);
  });

  it('when the threshold parameter is missing, then the household needs review naming it', () => {
    const r = evaluateDibao(refusing, '2015-06-01', { parameters: without('dibao.work-refusal-threshold') });
    expect(r.status).toBe('NEEDS_MANUAL_REVIEW');
    expect(r.reasons).toEqual([expect.objectContaining({ code: 'RULES.MISSING_PARAMETER', parameter: 'dibao.work-refusal-threshold' })]);
  });

  it('when nobody refused a referral, then the threshold is not read and its absence changes nothing', () => {
    const calm = household({ members: [{ id: 'm1', birthDate: '1975-01-01', canWork: true }] });
    expect(evaluateDibao(calm, '2015-06-01', { parameters: without('dibao.work-refusal-threshold') })).toMatchObject({ status: 'ELIGIBLE', topUpFen: 60000 });
  });
});

describe('input checks of the new facts', () => {
  const one = (patch: object) => household({ members: [{ id: 'm1', name: '王建国', birthDate: '1975-01-01', ...patch }] });
  it.each([
    ['a job start date that does not exist', one({ jobStartedOn: '2015-02-30' }), 'RULES.INVALID_DATE'],
    ['a negative number of refused referrals', one({ refusedReferrals: -1 }), 'RULES.INVALID_FACT'],
    ['a fractional number of refused referrals', one({ refusedReferrals: 1.5 }), 'RULES.INVALID_FACT'],
    ['a current top-up with fractional fen', { ...one({}), dibao: { since: '2014-01-01', topUpFen: 100.5 } }, 'RULES.NOT_AN_AMOUNT'],
    ['a current dibao since an impossible date', { ...one({}), dibao: { since: '2014-13-01', topUpFen: 100 } }, 'RULES.INVALID_DATE'],
  ] as const)('when a household has %s, then evaluateDibao and evaluate refuse it with an InvalidInputError', (_what, h, code) => {
    for (const run of [() => evaluateDibao(h as Household, '2015-06-01'), () => evaluate({ asOf: '2015-06-01', household: h as Household })]) {
      expect(run).toThrow(InvalidInputError);
      expect(run).toThrow(expect.objectContaining({ code }));
    }
  });

  it('when a member’s job start date is invalid, then the error names the member and carries the id', () => {
    expect(() => evaluateDibao(one({ jobStartedOn: '2015/01/10' }), '2015-06-01')).toThrow(expect.objectContaining({ memberId: 'm1', message: expect.stringContaining('王建国') }));
  });
});
