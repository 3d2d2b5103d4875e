import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkParameters, formatReport, runCheckCli, type ParameterCheckReport } from '../src/parameter-check';
import { currentDate, loadParameterDirectory, parameter, staleParameters } from '../src/parameters';

/** A valid file of one parameter; `extra` lines go before `values:`. */
function file(name: string, values: string, { unit = 'fen', clause = 'City §3', extra = '' } = {}): string {
  return `name: ${name}\ndescription: 测试参数\nunit: ${unit}\nclause: ${clause}\n${extra}values:\n${values}`;
}

const dirs: string[] = [];
/** Writes a parameter set into a fresh temporary directory. */
function writeSet(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-params-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Checks a set whose formulas read `names` (default: every file's name). */
function check(files: Record<string, string>, names = Object.keys(files).map((f) => f.replace(/\.yaml$/, '')), today = '2016-01-01'): ParameterCheckReport {
  return checkParameters({ dir: writeSet(files), names, today });
}

const good = { 'a.one.yaml': file('a.one', '  2014-01-01: 100\n  2015-01-01: 200\n') };

describe('checkParameters on a crafted parameter set', () => {
  it('when every file is valid, complete and read, then there is no error and no warning', () => {
    const report = check({
      ...good,
      'a.rate.yaml': file('a.rate', '  2014-01-01: 0.05\n', { unit: 'rate', clause: 'DOMAIN default, interprets Reg. Art. 9' }),
      'a.split.yaml': file('a.split', "  2014-01-01:\n    urban: 100\n    rural: 80\n    areas:\n      '150303': { urban: 120, rural: 90 }\n"),
    });
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.files).toBe(3);
  });

  it.each([
    ['a clause citing nothing', 'somewhere in the policy', /must cite City §N, Reg\. Art\. N or MCA-2012 Art\. N/],
    ['a DOMAIN default naming no clause', 'DOMAIN default', /DOMAIN default must name the clause it interprets/],
    ['a clause citing an unknown document', 'Art. 5 of some law', /must cite/],
  ])('when a file has %s, then a source-clause error names it', (_what, clause, detail) => {
    const report = check({ 'a.one.yaml': file('a.one', '  2014-01-01: 100\n', { clause }) });
    expect(report.errors).toEqual([expect.objectContaining({ parameter: 'a.one', problem: 'source-clause', detail: expect.stringMatching(detail) })]);
  });

  it('when a file has no clause at all, then a source-clause error names it', () => {
    const report = check({ 'a.one.yaml': 'name: a.one\ndescription: 测试参数\nunit: fen\nvalues:\n  2014-01-01: 100\n' });
    expect(report.errors).toEqual([expect.objectContaining({ parameter: 'a.one', problem: 'source-clause' })]);
  });

  it('when a formula reads a parameter that has no file, then a missing-file error names it', () => {
    const report = check(good, ['a.one', 'a.absent']);
    expect(report.errors).toEqual([expect.objectContaining({ parameter: 'a.absent', problem: 'missing-file', severity: 'error' })]);
  });

  it('when the first value takes effect after 2014-01-01, then a not-in-force error gives the first date', () => {
    const report = check({ 'a.one.yaml': file('a.one', '  2015-01-01: 100\n') });
    expect(report.errors).toEqual([expect.objectContaining({ parameter: 'a.one', problem: 'not-in-force', detail: expect.stringContaining('2015-01-01') })]);
  });

  it('when a value read by a formula is repealed (null) from a date, then a not-in-force error gives that date', () => {
    const report = check({ 'a.one.yaml': file('a.one', '  2014-01-01: 100\n  2016-01-01: null\n') });
    expect(report.errors).toEqual([expect.objectContaining({ problem: 'not-in-force', detail: expect.stringContaining('from 2016-01-01') })]);
  });

  it('when a value before 2014 is superseded on 2014-01-01, then only the values from 2014 on are checked', () => {
    const report = check({ 'a.one.yaml': file('a.one', '  2010-01-01: { urban: 1 }\n  2014-01-01: 100\n') });
    expect(report.errors).toEqual([]);
  });

  it('when a value split by hukou lacks the rural figure, then a no-value-for-context error names rural hukou in every area', () => {
    const report = check({ 'a.one.yaml': file('a.one', '  2014-01-01: 100\n  2015-01-01: { urban: 200 }\n') });
    expect(report.errors).toEqual([
      expect.objectContaining({ problem: 'no-value-for-context', detail: expect.stringMatching(/2015-01-01.*rural hukou in area 150302, 150303, 150304/) }),
    ]);
  });

  it('when per-area overrides miss an area and there is no city value, then the missing area is named', () => {
    const report = check({ 'a.one.yaml': file('a.one', "  2014-01-01:\n    areas:\n      '150302': 100\n      '150303': { urban: 100, rural: 90 }\n") });
    expect(report.errors.map((e) => e.detail)).toEqual([
      'value of 2014-01-01 has nothing for urban hukou in area 150304 (no override and no city value)',
      'value of 2014-01-01 has nothing for rural hukou in area 150304 (no override and no city value)',
    ]);
  });

  it('when per-area overrides are complete, or incomplete but falling back to the city value, then there is no error', () => {
    const report = check({
      'a.areas.yaml': file('a.areas', "  2014-01-01:\n    areas:\n      '150302': 100\n      '150303': 110\n      '150304': { urban: 120, rural: 90 }\n"),
      'a.fallback.yaml': file('a.fallback', "  2014-01-01:\n    value: 100\n    areas:\n      '150304': 120\n"),
    });
    expect(report.errors).toEqual([]);
  });

  it('when a file is not read by any formula, then it is a warning, not an error', () => {
    const report = check({ ...good, 'b.unused.yaml': file('b.unused', '  2014-01-01: 100\n') }, ['a.one']);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([expect.objectContaining({ parameter: 'b.unused', problem: 'unused-file', severity: 'warning' })]);
  });

  it('when dates are not in ascending order, then a date-order error names them', () => {
    const report = check({ 'a.one.yaml': file('a.one', '  2015-01-01: 200\n  2014-01-01: 100\n') });
    expect(report.errors).toEqual([expect.objectContaining({ problem: 'date-order', detail: expect.stringContaining('2014-01-01 comes after 2015-01-01') })]);
  });

  it('when a date is given twice, then a duplicate-date error names the date and its lines', () => {
    const report = check({ 'a.one.yaml': file('a.one', '  2014-01-01: 100\n  2014-01-01: 200\n') });
    expect(report.errors).toEqual([expect.objectContaining({ parameter: 'a.one', problem: 'duplicate-date', detail: '2014-01-01 is given 2 times (lines 6, 7)' })]);
  });

  it.each([
    ['a fraction of a fen', '  2014-01-01: 100.5\n'],
    ['a negative amount', '  2014-01-01: -1\n'],
    ['an amount beyond safe integers', '  2014-01-01: 9007199254740993\n'],
    ['a negative area override', "  2014-01-01:\n    value: 100\n    areas:\n      '150302': { urban: -5, rural: 5 }\n"],
  ])('when money has %s, then a money error is reported', (_what, values) => {
    const report = check({ 'a.one.yaml': file('a.one', values) });
    expect(report.errors).toEqual([expect.objectContaining({ problem: 'money', detail: expect.stringContaining('is not a non-negative safe integer') })]);
  });

  it.each([
    ['above 1', '1.5'],
    ['below 0', '-0.1'],
  ])('when a rate lies %s, then a rate error is reported', (_what, rate) => {
    const report = check({ 'a.rate.yaml': file('a.rate', `  2014-01-01: ${rate}\n`, { unit: 'rate' }) });
    expect(report.errors).toEqual([expect.objectContaining({ problem: 'rate', detail: expect.stringContaining('outside 0..1') })]);
  });

  it('when a file is not YAML or misses fields, then an invalid-file error is reported', () => {
    const report = check({ 'a.one.yaml': 'name: [unclosed\n', 'a.two.yaml': 'name: a.two\nunit: fen\nclause: City §3\nvalues:\n  2014-01-01: 1\n' });
    expect(report.errors).toEqual([
      expect.objectContaining({ parameter: 'a.one', problem: 'invalid-file', detail: expect.stringMatching(/^YAML:/) }),
      expect.objectContaining({ parameter: 'a.two', problem: 'invalid-file', detail: expect.stringContaining('description') }),
    ]);
  });
});

describe('review dates', () => {
  const reviewed = {
    'a.one.yaml': file('a.one', '  2014-01-01: 100\n  2015-01-01: { value: 200, reviewBy: 2017-06-30 }\n  2030-01-01: 300\n', { extra: 'reviewBy: 2015-12-31\n' }),
  };

  it('when a value in force is past its reviewBy, then a stale-value warning lists parameter, value date and reviewBy, and no error', () => {
    const report = check(reviewed, undefined, '2018-01-01');
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([
      { severity: 'warning', parameter: 'a.one', problem: 'stale-value', detail: 'value of 2014-01-01 (superseded 2015-01-01): reviewBy 2015-12-31 has passed' },
      { severity: 'warning', parameter: 'a.one', problem: 'stale-value', detail: 'value of 2015-01-01 (in force): reviewBy 2017-06-30 has passed' },
    ]);
  });

  it('when the value’s own reviewBy is later than the check date, then it overrides the file’s and only the older value is stale', () => {
    const report = check(reviewed, undefined, '2016-01-01');
    expect(report.warnings.map((w) => w.detail)).toEqual(['value of 2014-01-01 (superseded 2015-01-01): reviewBy 2015-12-31 has passed']);
  });

  it('when the check date is the reviewBy date itself, then nothing is stale yet', () => {
    expect(check(reviewed, undefined, '2015-12-31').warnings).toEqual([]);
  });

  it('when reviewBy is not a calendar date, then the file is invalid', () => {
    const report = check({ 'a.one.yaml': file('a.one', '  2014-01-01: 100\n', { extra: 'reviewBy: 2015-02-30\n' }) });
    expect(report.errors).toEqual([expect.objectContaining({ problem: 'invalid-file', detail: expect.stringContaining('reviewBy') })]);
  });

  it('when staleParameters is asked for a date, then it lists the value in force then whose reviewBy is before today', () => {
    const defs = loadParameterDirectory(writeSet({ ...reviewed, 'b.fresh.yaml': file('b.fresh', '  2014-01-01: 1\n') }));
    expect(staleParameters('2014-06-01', '2016-01-01', defs)).toEqual([{ name: 'a.one', effectiveFrom: '2014-01-01', reviewBy: '2015-12-31', isDefault: false }]);
    expect(staleParameters('2015-06-01', '2016-01-01', defs)).toEqual([]);
    expect(staleParameters('2015-06-01', '2017-07-01', defs)).toEqual([expect.objectContaining({ name: 'a.one', effectiveFrom: '2015-01-01', reviewBy: '2017-06-30' })]);
    expect(staleParameters('2014-06-01', '2015-12-31', defs)).toEqual([]);
  });

  it('when a later value has no reviewBy of its own, then the file’s reviewBy applies to it too', () => {
    const defs = loadParameterDirectory(writeSet(reviewed));
    expect(staleParameters('2031-01-01', '2040-01-01', defs)).toEqual([expect.objectContaining({ name: 'a.one', effectiveFrom: '2030-01-01', reviewBy: '2015-12-31' })]);
  });

  it('when a formula reads the illustrative dibao standard after its review date, then the value says stale with its reviewBy', () => {
    const ctx = { hukou: 'urban', area: '150302' } as const;
    expect(parameter('dibao.standard', '2015-06-01', ctx, { today: '2016-01-01' })).toMatchObject({ value: 60000, reviewBy: '2015-12-31', stale: true });
    const fresh = parameter('dibao.standard', '2015-06-01', ctx, { today: '2015-12-31' });
    expect(fresh.reviewBy).toBe('2015-12-31');
    expect(fresh).not.toHaveProperty('stale');
    expect(parameter('education.living-subsidy.primary', '2015-06-01', ctx, { today: '2030-01-01' })).not.toHaveProperty('reviewBy');
  });

  it('when the real parameters are listed as stale on 2016-01-01, then the illustrative DOMAIN defaults are among them', () => {
    const names = staleParameters('2015-06-01', '2016-01-01').map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['dibao.standard', 'medical.premium']));
    expect(names).not.toContain('education.living-subsidy.primary');
  });
});

describe('the real parameters folder', () => {
  it('when it is checked today and far in the future, then there is no error', () => {
    expect(checkParameters({ today: currentDate() }).errors).toEqual([]);
    expect(checkParameters({ today: '2040-01-01' }).errors).toEqual([]);
  });
});

describe('rules:check command', () => {
  function run(args: string[], names?: string[]): { code: number; out: string; err: string } {
    let out = '';
    let err = '';
    const code = runCheckCli(args, (t) => (out += `${t}\n`), (t) => (err += `${t}\n`), names ? { names } : {});
    return { code, out, err };
  }

  it('when the folder has an error, then the table names parameter, problem and detail and the exit code is 1', () => {
    const dir = writeSet({ 'dibao.standard.yaml': file('dibao.standard', '  2014-01-01: -3\n') });
    const r = run(['--dir', dir, '--today', '2016-01-01'], ['dibao.standard']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/parameter\s+problem\s+detail/);
    expect(r.out).toMatch(/dibao\.standard\s+invalid money \(fen\)\s+values\.2014-01-01: -3 fen is not a non-negative safe integer/);
    expect(r.out).toContain('FAILED: 1 error(s)');
  });

  it('when the folder has only warnings, then they are printed and the exit code is 0', () => {
    const dir = writeSet({ 'dibao.standard.yaml': file('dibao.standard', '  2014-01-01: 3\n', { extra: 'reviewBy: 2015-12-31\n' }) });
    const r = run(['--dir', dir, '--today', '2016-01-01'], ['dibao.standard']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/dibao\.standard\s+past review date\s+value of 2014-01-01 \(in force\): reviewBy 2015-12-31 has passed/);
    expect(r.out).toContain('OK: no errors');
  });

  it('when the real folder is checked, then the exit code is 0', () => {
    expect(run(['--today', '2016-01-01']).code).toBe(0);
  });

  it.each([
    ['a malformed --today', ['--today', '2016-02-30']],
    ['an unknown option', ['--verbose']],
    ['a missing directory', ['--dir', '/nonexistent/rules-parameters']],
  ])('when given %s, then it prints the usage and exits 2', (_what, args) => {
    const r = run(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain('usage: rules:check');
  });

  it('when a report is formatted with no problems, then both sections say none', () => {
    expect(formatReport({ dir: 'x', today: '2016-01-01', files: 0, errors: [], warnings: [] })).toContain('Errors (0)\n  none\n\nWarnings (0)\n  none');
  });
});
