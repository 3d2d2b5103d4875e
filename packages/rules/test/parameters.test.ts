import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AREA_CODES,
  MissingParameterError,
  PARAMETER_NAMES,
  PARAMETERS_DIR,
  ParameterFileError,
  parameter,
  parameterDefinitions,
  parseParameterFile,
  resolveParameter,
  type Hukou,
} from '../src';

const HUKOUS: Hukou[] = ['urban', 'rural'];
const files = fs.readdirSync(PARAMETERS_DIR).filter((f) => f.endsWith('.yaml'));

describe('parameter files', () => {
  it('when the parameter directory is listed, then there is exactly one file per parameter the code reads', () => {
    expect(files.map((f) => f.replace(/\.yaml$/, '')).sort()).toEqual([...PARAMETER_NAMES].sort());
  });

  it.each(files)('when %s is read, then it names a clause citing the policy and a Chinese description', (file) => {
    const def = parseParameterFile(fs.readFileSync(path.join(PARAMETERS_DIR, file), 'utf8'), file);
    expect(def.clause.length).toBeGreaterThan(0);
    expect(def.citations.length).toBeGreaterThan(0);
    for (const c of def.citations) expect(c).toMatch(/^(City §([1-9]|1\d|2[0-2])|Reg\. Art\. \d+|MCA-2012 Art\. \d+)$/);
    expect(def.description).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each([...PARAMETER_NAMES])('when %s is read on 2014-01-01, then it has a value for every hukou and area', (name) => {
    for (const hukou of HUKOUS) {
      for (const area of AREA_CODES) {
        const p = parameter(name, '2014-01-01', { hukou, area });
        expect(p.effectiveFrom).toBe('2014-01-01');
        expect(Number.isFinite(p.value)).toBe(true);
        if (p.unit === 'fen') expect(Number.isSafeInteger(p.value)).toBe(true);
      }
    }
  });

  it('when a value is a DOMAIN default, then the definition is marked as such; the policy’s own figures are not', () => {
    const defs = parameterDefinitions();
    expect(defs.get('dibao.standard')!.isDefault).toBe(true);
    expect(defs.get('employment.retirement-age.female')!.isDefault).toBe(true);
    expect(defs.get('education.living-subsidy.primary')!.isDefault).toBe(false);
    expect(defs.get('medical.premium-subsidy.flat')!.citations).toEqual(['City §6']);
  });
});

describe('parameter(name, asOf, context)', () => {
  it.each([
    ['2014-01-01', 'urban', 56000],
    ['2014-12-31', 'urban', 56000],
    ['2015-01-01', 'urban', 60000],
    ['2014-12-31', 'rural', 40000],
    ['2015-01-01', 'rural', 45000],
    ['2020-06-30', 'rural', 45000],
  ] as const)('when the dibao standard is read on %s for %s hukou, then it is %i fen', (asOf, hukou, fen) => {
    expect(parameter('dibao.standard', asOf, { hukou, area: '150302' }).value).toBe(fen);
  });

  it('when the medical premium is read on 2014-12-31 and 2015-01-01, then it is 9000 and 12000 fen with their effective dates', () => {
    expect(parameter('medical.premium', '2014-12-31')).toMatchObject({ value: 9000, effectiveFrom: '2014-01-01', unit: 'fen' });
    expect(parameter('medical.premium', '2015-01-01')).toMatchObject({ value: 12000, effectiveFrom: '2015-01-01', unit: 'fen' });
  });

  it('when a parameter is read before any value is in force, then a MissingParameterError names it', () => {
    let caught: unknown;
    try {
      parameter('dibao.standard', '2013-12-31', { hukou: 'urban', area: '150302' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(MissingParameterError);
    expect(caught).toMatchObject({ code: 'RULES.MISSING_PARAMETER', parameter: 'dibao.standard', detail: 'not-in-force', kind: 'failed-precondition' });
  });

  it('when a per-hukou parameter is read without a hukou, then it is missing rather than zero', () => {
    expect(() => parameter('dibao.standard', '2015-01-01')).toThrow(expect.objectContaining({ detail: 'no-value-for-context' }));
  });

  it('when an unknown parameter is read, then a MissingParameterError says it is not defined', () => {
    expect(() => parameter('dibao.no-such-thing', '2015-01-01')).toThrow(expect.objectContaining({ parameter: 'dibao.no-such-thing', detail: 'unknown-parameter' }));
  });

  it('when the date is malformed, then an InvalidInputError is thrown', () => {
    expect(() => parameter('medical.premium', '2015-02-30')).toThrow(expect.objectContaining({ code: 'RULES.INVALID_DATE' }));
  });
});

describe('parseParameterFile and resolveParameter', () => {
  const base = (values: string, extra = '') =>
    `name: test.param\ndescription: 测试参数\nunit: fen\nclause: City §3\n${extra}values:\n${values}`;

  it('when a file gives an area override, then that area reads it and the others read the hukou value', () => {
    const def = parseParameterFile(
      base("  2014-01-01:\n    urban: 100\n    rural: 80\n    areas:\n      '150304': { urban: 120, rural: 90 }\n      '150303': 70\n"),
      'test.param.yaml',
    );
    expect(resolveParameter(def, '2014-05-01', { hukou: 'urban', area: '150302' })).toEqual({ value: 100, effectiveFrom: '2014-01-01' });
    expect(resolveParameter(def, '2014-05-01', { hukou: 'rural', area: '150304' })).toEqual({ value: 90, effectiveFrom: '2014-01-01' });
    expect(resolveParameter(def, '2014-05-01', { hukou: 'urban', area: '150303' })).toEqual({ value: 70, effectiveFrom: '2014-01-01' });
  });

  it('when a value is null from a date, then nothing is in force from that date', () => {
    const def = parseParameterFile(base('  2014-01-01: 100\n  2016-01-01: null\n'), 'test.param.yaml');
    expect(resolveParameter(def, '2015-12-31')).toEqual({ value: 100, effectiveFrom: '2014-01-01' });
    expect(resolveParameter(def, '2016-01-01')).toEqual({ missing: 'not-in-force' });
  });

  it.each([
    ['fen with a fraction', base('  2014-01-01: 100.5\n')],
    ['a negative amount', base('  2014-01-01: -1\n')],
    ['an impossible date key', base('  2014-02-30: 100\n')],
    ['no values', base('  {}\n')],
    ['a clause without a citation', base('  2014-01-01: 100\n').replace('City §3', 'somewhere')],
    ['no clause', base('  2014-01-01: 100\n').replace('clause: City §3\n', '')],
    ['an English-only description', base('  2014-01-01: 100\n').replace('测试参数', 'test')],
    ['an unknown field', base('  2014-01-01: 100\n', 'colour: red\n')],
    ['a rate above 1', base('  2014-01-01: 1.5\n').replace('unit: fen', 'unit: rate')],
    ['a count with a fraction', base('  2014-01-01: 2.5\n').replace('unit: fen', 'unit: count')],
    ['an unknown area', base("  2014-01-01:\n    areas:\n      '150399': 5\n")],
  ])('when a file has %s, then it is rejected with a ParameterFileError', (_what, text) => {
    expect(() => parseParameterFile(text, 'test.param.yaml')).toThrow(ParameterFileError);
  });

  it('when a file counts things (unit count), then a whole number is accepted and read back with that unit', () => {
    expect(parseParameterFile(base('  2014-01-01: 3\n').replace('unit: fen', 'unit: count'), 'test.param.yaml')).toMatchObject({ unit: 'count' });
  });

  it('when the work-refusal threshold is read, then it is a count of refused referrals (3), not a number of months', () => {
    expect(parameter('dibao.work-refusal-threshold', '2015-06-01')).toMatchObject({ value: 3, unit: 'count' });
  });

  it('when the name differs from the file name, then it is rejected', () => {
    expect(() => parseParameterFile(base('  2014-01-01: 100\n'), 'other.yaml')).toThrow(/must equal the file name/);
  });
});
