import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  canonicalJson,
  decisionRecord,
  evaluate,
  evaluateDibao,
  InvalidInputError,
  parameterDefinitions,
  parameterHashes,
  reproduce,
  sha256,
  type DecisionRecord,
  type EvaluationRequest,
  type ParameterDefinition,
  type ParameterSet,
} from '../src';
import { household } from './support/builders';

const PACKAGE_VERSION = (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

/** Urban, 2015: one person aged 65 without income → top-up 60000 + supplement 5 % = 3000. */
const request: EvaluationRequest = {
  asOf: '2015-06-01',
  household: household({ members: [{ id: 'm1', name: '张三', birthDate: '1950-03-15' }] }),
};

/** The loaded parameter files with one definition's dated values replaced. */
function withValues(name: string, values: ParameterDefinition['values']): ParameterSet {
  const defs = new Map(parameterDefinitions());
  defs.set(name, { ...defs.get(name)!, values });
  return defs;
}
/** dibao.standard with the 2015 urban value raised from 60000 to 62000 fen. */
const raisedStandard = withValues('dibao.standard', [
  { effectiveFrom: '2014-01-01', value: { urban: 56000, rural: 40000 } },
  { effectiveFrom: '2015-01-01', value: { urban: 62000, rural: 45000 } },
]);

describe('canonicalJson', () => {
  it('when an object is written, then keys are sorted at every level, without whitespace, and undefined properties are left out', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('when two objects hold the same data in another key order, then their canonical JSON is byte-identical', () => {
    expect(canonicalJson({ x: 1, y: [1, 2] })).toBe(canonicalJson({ y: [1, 2], x: 1 }));
  });

  it('when a value cannot be JSON, then an InvalidInputError is thrown', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(InvalidInputError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(expect.objectContaining({ code: 'RULES.NOT_JSON' }));
  });
});

describe('decisionRecord', () => {
  it('when the same request is evaluated twice, then the two records are byte-identical', () => {
    const a = decisionRecord(request, evaluate(request));
    const b = decisionRecord(request, evaluate(request));
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('when a record is made, then it pins the package version, the parameters, the input hash, the date, the programs and the result', () => {
    const response = evaluate(request);
    const r = decisionRecord(request, response);
    expect(r.rulesVersion).toBe(PACKAGE_VERSION);
    expect(r.parametersHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(r.parameterHashes).sort()).toEqual([...parameterDefinitions().keys()].sort());
    expect(r.inputHash).toBe(sha256(canonicalJson(request)));
    expect(r).toMatchObject({ asOf: '2015-06-01', entry: 'evaluate', programs: ['dibao', 'dibao.supplement'], explain: true });
    expect(r.result).toEqual(JSON.parse(JSON.stringify(response)));
    expect((r.result as { entitlements: { amountFen: number }[] }).entitlements.map((e) => e.amountFen)).toEqual([60000, 3000]);
  });

  it('when a parameter value changes in an injected set, then parametersHash and that parameter’s hash change and no other', () => {
    const before = parameterHashes();
    const after = parameterHashes(raisedStandard);
    expect(after.parametersHash).not.toBe(before.parametersHash);
    const changed = Object.keys(before.byName).filter((n) => before.byName[n] !== after.byName[n]);
    expect(changed).toEqual(['dibao.standard']);
    const r = decisionRecord(request, evaluate(request, { parameters: raisedStandard }), { parameters: raisedStandard });
    expect(r.parametersHash).toBe(after.parametersHash);
    // 62000 − 0 = 62000 top-up; 5 % × 62000 = 3100 supplement.
    expect((r.result as { entitlements: { amountFen: number }[] }).entitlements.map((e) => e.amountFen)).toEqual([62000, 3100]);
  });

  it('when only the programs differ, then the input hash is the same and the records differ in programs', () => {
    const a = decisionRecord(request, evaluate(request, { programs: ['dibao'] }), { programs: ['dibao'] });
    const b = decisionRecord(request, evaluate(request));
    expect(a.inputHash).toBe(b.inputHash);
    expect(a.programs).toEqual(['dibao']);
  });

  it('when the response is of another date than the request, then the record is refused', () => {
    expect(() => decisionRecord({ ...request, asOf: '2015-06-02' }, evaluate(request))).toThrow(expect.objectContaining({ code: 'RULES.RECORD_MISMATCH' }));
  });
});

describe('reproduce', () => {
  it('when a record is replayed with the same version and parameters, then the result is byte-identical and nothing differs', () => {
    const record = decisionRecord(request, evaluate(request));
    const parsed = JSON.parse(canonicalJson(record)) as DecisionRecord;
    const r = reproduce(parsed);
    expect(r).toMatchObject({ identical: true, inputIntact: true, sameRulesVersion: true, sameParameters: true, differences: [] });
    expect(r.changedParameters).toEqual({ changed: [], added: [], removed: [] });
  });

  it('when a record is replayed with a changed standard, then it says the parameters differ, names dibao.standard, and the result differs', () => {
    const record = decisionRecord(request, evaluate(request));
    const r = reproduce(record, { parameters: raisedStandard });
    expect(r).toMatchObject({ identical: false, sameRulesVersion: true, sameParameters: false });
    expect(r.changedParameters.changed).toEqual(['dibao.standard']);
    expect(r.differences).toEqual(['parameters differ: dibao.standard changed', 'result differs']);
  });

  it('when a parameter the household does not touch changes, then the parameters differ but the result is still identical', () => {
    const record = decisionRecord(request, evaluate(request));
    const r = reproduce(record, { parameters: withValues('housing.living-area-threshold', [{ effectiveFrom: '2014-01-01', value: 20 }]) });
    expect(r).toMatchObject({ identical: true, sameParameters: false, changedParameters: { changed: ['housing.living-area-threshold'], added: [], removed: [] } });
  });

  it('when a parameter was added since the record, then it is named as added', () => {
    const record = decisionRecord(request, evaluate(request));
    const defs = new Map(parameterDefinitions());
    defs.set('zz.test-only', { ...defs.get('dibao.standard')!, name: 'zz.test-only' });
    expect(reproduce(record, { parameters: defs }).changedParameters.added).toEqual(['zz.test-only']);
  });

  it('when the record was made by another rules version, then it says which versions', () => {
    const record = { ...decisionRecord(request, evaluate(request)), rulesVersion: '0.0.9' };
    const r = reproduce(record);
    expect(r).toMatchObject({ identical: true, sameRulesVersion: false, rulesVersion: { recorded: '0.0.9', current: PACKAGE_VERSION } });
    expect(r.differences).toEqual([`rules version differs: 0.0.9 → ${PACKAGE_VERSION}`]);
  });

  it('when the recorded input was altered, then the replay reports that the input no longer matches its hash', () => {
    const record = decisionRecord(request, evaluate(request));
    const altered = { ...record, request: { ...(record.request as object), asOf: '2015-06-02' } };
    const r = reproduce(altered as DecisionRecord);
    expect(r.inputIntact).toBe(false);
    expect(r.differences[0]).toMatch(/input differs/);
  });

  it('when an evaluateDibao result (fast path) is recorded, then it replays through evaluateDibao to the same bytes', () => {
    const result = evaluateDibao(request.household, request.asOf, { explain: false });
    const record = decisionRecord(request, result, { explain: false });
    expect(record).toMatchObject({ entry: 'evaluateDibao', programs: ['dibao'], explain: false });
    expect(reproduce(record)).toMatchObject({ identical: true, differences: [] });
    expect(canonicalJson(decisionRecord(request, evaluateDibao(request.household, request.asOf, { explain: false }), { explain: false }))).toBe(canonicalJson(record));
  });
});
