import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { z } from 'zod';
import { evaluate, PROGRAM_CODES, type EvaluationResponse, type Household } from '../src';
import { household, type HouseholdInput } from './support/builders';

/**
 * Runner of the hand-worked `evaluate()` cases: `test/cases/evaluate-*.yaml` only (the other case
 * files belong to test/cases.test.ts). Format (see test/cases/README.md):
 *
 * ```yaml
 * - name: <the situation, read as "when …">
 *   description: <the hand calculation>
 *   asOf: YYYY-MM-DD
 *   household: { … }          # same defaults as test/support/builders.ts
 *   programs: [tekun, …]      # program codes of evaluations.md
 *   expected:                 # every list is order-insensitive
 *     entitlements: [ { program, memberId, amountFen, period }, … ]   # exactly these lines
 *       # a line may add `clauses: [..]` (exactly, in order) and a program's added fields
 *       # (`approvalLevel`, `priority`, `waiver` of temporary), compared only when given
 *     ineligible: [program, …]          # exactly the programs with an ineligible line
 *     needsManualReview: [program, …]   # exactly the programs under review
 *     clauses: { program: [City §4, …] }         # optional: every line of that program cites exactly these
 *     reasons: { program: [CODE, …] }            # optional: the set of reason codes (ineligible + review) of that program
 *     missingParameters: [name, …]               # optional: each named by a RULES.MISSING_PARAMETER reason
 *     explanationContains: [text, …]             # optional: each found in some entitlement's explanation
 * ```
 */
const programCode = z.enum(PROGRAM_CODES);
const caseSchema = z.strictObject({
  name: z.string().min(10),
  description: z.string().min(10),
  asOf: z.string(),
  household: z.looseObject({ members: z.array(z.looseObject({ id: z.string(), birthDate: z.string() })) }),
  programs: z.array(programCode).min(1),
  expected: z.strictObject({
    entitlements: z.array(
      z.strictObject({
        program: programCode,
        memberId: z.string().nullable(),
        amountFen: z.number().int(),
        period: z.enum(['month', 'year', 'once']),
        // Optional, per line: its exact clauses and the added fields of a program's lines
        // (temporary: approvalLevel, priority, waiver); compared only when given.
        clauses: z.array(z.string()).min(1).optional(),
        approvalLevel: z.enum(['street', 'district', 'joint']).nullable().optional(),
        priority: z.boolean().nullable().optional(),
        waiver: z.string().optional(),
      }),
    ),
    ineligible: z.array(programCode),
    needsManualReview: z.array(programCode),
    clauses: z.partialRecord(programCode, z.array(z.string()).min(1)).optional(),
    reasons: z.partialRecord(programCode, z.array(z.string())).optional(),
    missingParameters: z.array(z.string()).optional(),
    explanationContains: z.array(z.string()).optional(),
  }),
});
type Case = z.infer<typeof caseSchema>;

const dir = path.join(__dirname, 'cases');
const files = fs
  .readdirSync(dir)
  .filter((f) => f.startsWith('evaluate-') && f.endsWith('.yaml'))
  .sort();
const all: { file: string; c: Case }[] = files.flatMap((file) => {
  const raw = yaml.load(fs.readFileSync(path.join(dir, file), 'utf8'), { schema: yaml.CORE_SCHEMA });
  return z.array(caseSchema).parse(raw).map((c) => ({ file, c }));
});

type Line = { program: string; memberId: string | null; amountFen: number; period: string };
const key = (l: Line) => `${l.program}|${l.memberId ?? ''}|${l.amountFen}|${l.period}`;
const uniqueSorted = (xs: readonly string[]) => [...new Set(xs)].sort();

function reasonsOf(r: EvaluationResponse, program: string) {
  return [...r.ineligible, ...r.needsManualReview].filter((x) => x.program === program).flatMap((x) => x.reasons);
}

describe('hand-worked evaluate() cases', () => {
  it('when the evaluate case files are read, then every case name is unique', () => {
    expect(all.length).toBeGreaterThan(0);
    expect(new Set(all.map(({ c }) => c.name)).size).toBe(all.length);
  });

  describe.each(files)('%s', (file) => {
    const cases = all.filter((x) => x.file === file).map(({ c }) => c);
    it.each(cases.map((c) => [c.name, c] as const))('when %s, then the response matches the hand calculation', (_name, c) => {
      const h: Household = household(c.household as unknown as HouseholdInput);
      const r = evaluate({ asOf: c.asOf, household: h }, { programs: c.programs });
      const e = c.expected;

      expect(r.entitlements.map((l) => key(l)).sort()).toEqual(e.entitlements.map((l) => key(l)).sort());
      expect(uniqueSorted(r.ineligible.map((x) => x.program))).toEqual(uniqueSorted(e.ineligible));
      expect(uniqueSorted(r.needsManualReview.map((x) => x.program))).toEqual(uniqueSorted(e.needsManualReview));

      for (const w of e.entitlements) {
        const { program: _p, memberId: _m, amountFen: _a, period: _t, ...extras } = w;
        if (Object.keys(extras).length === 0) continue;
        expect(r.entitlements.filter((l) => key(l) === key(w))).toContainEqual(expect.objectContaining(extras));
      }
      for (const [program, clauses] of Object.entries(e.clauses ?? {})) {
        const lines = r.entitlements.filter((l) => l.program === program);
        expect(lines.length).toBeGreaterThan(0);
        for (const l of lines) expect([...l.clauses].sort()).toEqual([...clauses].sort());
      }
      for (const [program, codes] of Object.entries(e.reasons ?? {})) {
        expect(uniqueSorted(reasonsOf(r, program).map((x) => x.code))).toEqual(uniqueSorted(codes));
      }
      for (const p of e.missingParameters ?? []) {
        expect(r.needsManualReview.flatMap((x) => x.reasons)).toContainEqual(expect.objectContaining({ code: 'RULES.MISSING_PARAMETER', parameter: p }));
      }
      const explanations = r.entitlements.map((l) => l.explanation).join('\n');
      for (const text of e.explanationContains ?? []) expect(explanations).toContain(text);

      // Every line cites a clause in both forms; every status follows from the lines.
      for (const l of r.entitlements) {
        expect(l.clauses.length).toBeGreaterThan(0);
        for (const cl of l.clauses) expect(cl).toMatch(/^(City §\d+|Reg\. Art\. \d+|MCA-2012 Art\. \d+)$/);
        expect(l.explanation).toMatch(/依据《/);
        expect(Number.isSafeInteger(l.amountFen) && l.amountFen >= 0).toBe(true);
      }
      for (const x of [...r.ineligible, ...r.needsManualReview]) expect(x.reasons.length).toBeGreaterThan(0);
      // Clerks read these verbatim: a named member appears by name, never by internal id.
      const texts = [...r.entitlements.map((l) => l.explanation), ...[...r.ineligible, ...r.needsManualReview].flatMap((x) => x.reasons.map((y) => y.message))];
      for (const m of h.members.filter((x) => x.name)) for (const t of texts) expect(t).not.toContain(m.id);

      // The fast path (explain: false) decides the same lines, statuses and reason codes, without sentences.
      const fast = evaluate({ asOf: c.asOf, household: h }, { programs: c.programs, explain: false });
      expect(fast.status).toBe(r.status);
      expect(fast.dibaoClass).toBe(r.dibaoClass);
      expect(fast.entitlements.map(({ explanation: _x, ...line }) => line)).toEqual(r.entitlements.map(({ explanation: _x, ...line }) => line));
      for (const l of fast.entitlements) expect(l.explanation).toBe('');
      const codes = (lines: EvaluationResponse['ineligible']) => lines.map((x) => [x.program, x.reasons.map((y) => [y.code, y.memberId, y.parameter])]);
      expect(codes(fast.ineligible)).toEqual(codes(r.ineligible));
      expect(codes(fast.needsManualReview)).toEqual(codes(r.needsManualReview));
    });
  });
});
