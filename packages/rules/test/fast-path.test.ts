import fc from 'fast-check';
import {
  evaluate,
  evaluateBatch,
  PARAMETER_NAMES,
  parameterDefinitions,
  PROGRAM_CODES,
  type EvaluationResponse,
  type Household,
  type ParameterDefinition,
} from '../src';
import { caseArb, householdArb } from './support/generated-households';

/**
 * The fast path (`explain: false`) against the explained path, over every program of
 * evaluations.md: the same decisions (amounts, statuses, reason codes, members, parameters,
 * clauses), no sentences. Households are drawn so that every program meets its cases: students of
 * each level, admissions, tekun members of each kind, family-planning families, medical bills,
 * hardships, current dibao with jobs started around the gradual-exit boundary, refusals.
 */

const ALL = [...PROGRAM_CODES];

/** Everything the fast path must decide as the explained path does: all but the sentences. */
function decisions(r: EvaluationResponse) {
  const reasons = (rs: { code: string; memberId?: string; parameter?: string }[]) => rs.map((x) => [x.code, x.memberId ?? null, x.parameter ?? null]);
  return {
    status: r.status,
    dibaoClass: r.dibaoClass,
    perCapitaIncomeFen: r.perCapitaIncomeFen,
    entitlements: r.entitlements.map(({ explanation: _explanation, ...line }) => line),
    ineligible: r.ineligible.map((l) => [l.program, reasons(l.reasons)]),
    needsManualReview: r.needsManualReview.map((l) => [l.program, reasons(l.reasons)]),
  };
}

type Outcome = { response: EvaluationResponse } | { error: string };
function run(f: () => EvaluationResponse): Outcome {
  try {
    return { response: f() };
  } catch (e) {
    return { error: (e as { code?: string }).code ?? String(e) };
  }
}

function expectSameDecisions(asOf: string, h: Household, parameters?: ReadonlyMap<string, ParameterDefinition>): void {
  const explained = run(() => evaluate({ asOf, household: h }, { programs: ALL, parameters }));
  const fast = run(() => evaluate({ asOf, household: h }, { programs: ALL, explain: false, parameters }));
  if ('error' in explained) {
    expect(fast).toEqual(explained);
    return;
  }
  if (!('response' in fast)) throw new Error(`the fast path refused what the explained path accepted: ${fast.error}`);
  expectEqualDecisions(fast.response, explained.response);
  for (const e of fast.response.entitlements) expect(e.explanation).toBe('');
  for (const e of explained.response.entitlements) expect(e.explanation).toMatch(/依据/);
}

/** `decisions(a)` equals `decisions(b)` (compared as JSON first: jest's deep equality is slow). */
function expectEqualDecisions(a: EvaluationResponse, b: EvaluationResponse): void {
  const x = decisions(a);
  const y = decisions(b);
  if (JSON.stringify(x) !== JSON.stringify(y)) expect(x).toEqual(y);
}

describe('fast path (explain: false) against the explained path, every program', () => {
  it('when generated households are evaluated both ways, then amounts, statuses, reason codes, members, parameters and clauses agree and the fast path writes no sentence', () => {
    fc.assert(
      fc.property(caseArb, ({ asOf, household: h }) => expectSameDecisions(asOf, h)),
      { numRuns: 1500, seed: 20261130 },
    );
  });

  it('when some parameters have no value in force, then both ways name the same missing parameters and decide the rest alike', () => {
    const defs = parameterDefinitions();
    const withoutSome = fc.subarray([...PARAMETER_NAMES], { minLength: 1, maxLength: 4 }).map((names) => {
      const set = new Map<string, ParameterDefinition>(defs);
      for (const n of names) set.set(n, { ...defs.get(n)!, values: [{ effectiveFrom: '2099-01-01', value: 1 }] });
      return set as ReadonlyMap<string, ParameterDefinition>;
    });
    fc.assert(
      fc.property(caseArb, withoutSome, ({ asOf, household: h }, set) => expectSameDecisions(asOf, h, set)),
      { numRuns: 500, seed: 4242 },
    );
  });

  it('when generated households are streamed through evaluateBatch, then each result is what evaluate gives, both ways', () => {
    const asOf = '2015-06-01';
    const households = fc.sample(householdArb(asOf), { numRuns: 300, seed: 99 });
    const items = households.map((household, i) => ({ id: `h${i}`, household }));
    const lean = [...evaluateBatch(items, { asOf, programs: ALL, explain: false })];
    const full = [...evaluateBatch(items, { asOf, programs: ALL, explain: true })];
    households.forEach((household, i) => {
      const explained = run(() => evaluate({ asOf, household }, { programs: ALL }));
      if ('error' in explained) {
        expect(lean[i]!.error?.code).toBe(explained.error);
        expect(full[i]!.error?.code).toBe(explained.error);
        return;
      }
      expect(full[i]!.result).toEqual(explained.response);
      expectEqualDecisions(lean[i]!.result!, explained.response);
    });
  });

  it('when explanations are off, then the constant lines shared between results are frozen, so no result can change another', () => {
    const h = householdArb('2015-06-01');
    const [a, b] = fc.sample(h, { numRuns: 2, seed: 7 });
    const ra = evaluate({ asOf: '2015-06-01', household: a! }, { programs: ALL, explain: false });
    const rb = evaluate({ asOf: '2015-06-01', household: b! }, { programs: ALL, explain: false });
    const shared = ra.ineligible.filter((l) => rb.ineligible.includes(l));
    expect(shared.length).toBeGreaterThan(0);
    for (const line of shared) {
      expect(Object.isFrozen(line)).toBe(true);
      expect(Object.isFrozen(line.reasons)).toBe(true);
    }
  });
});
