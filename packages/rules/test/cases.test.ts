import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { z } from 'zod';
import { departmentReferrals, evaluateDibao, REFERRAL_DEPARTMENTS, type Household } from '../src';
import { household, type HouseholdInput } from './support/builders';

/** Structure of test/cases/*.yaml (see test/cases/README.md); a typo in a case fails loudly. */
const referralLine = z.strictObject({
  program: z.string(),
  memberId: z.string().nullable(),
  amountFen: z.number().int(),
  period: z.enum(['month', 'year', 'once']),
  clauses: z.array(z.string()).optional(),
});
const caseSchema = z.strictObject({
  name: z.string().min(10),
  description: z.string().min(10),
  asOf: z.string(),
  household: z.looseObject({ members: z.array(z.looseObject({ id: z.string(), birthDate: z.string() })) }),
  referrals: z.strictObject({ department: z.enum(REFERRAL_DEPARTMENTS), dibaoClass: z.enum(['A', 'B', 'C']) }).optional(),
  expected: z.union([
    z.strictObject({
      status: z.enum(['ELIGIBLE', 'INELIGIBLE', 'NEEDS_MANUAL_REVIEW']),
      dibaoClass: z.enum(['A', 'B', 'C']).nullable(),
      householdSize: z.number().int().optional(),
      perCapitaIncomeFen: z.number().int().optional(),
      topUpFen: z.number().int().nullable(),
      supplements: z.record(z.string(), z.number().int()),
      totalMonthlyFen: z.number().int().nullable().optional(),
      reasons: z.array(z.string()),
      missingParameters: z.array(z.string()).optional(),
      clauses: z.array(z.string()).min(1),
      explanationContains: z.string().optional(),
      // Gradual exit (City §12): the member whose job keeps the payment and the last day paid.
      gradualExit: z.strictObject({ memberId: z.string(), paidThrough: z.string() }).optional(),
      // Work refusal (City §12; Reg. Art. 45): member → own share withheld (top-up share + supplement), fen.
      withheld: z.record(z.string(), z.number().int()).optional(),
    }),
    z.strictObject({ referrals: z.array(referralLine), explanationContains: z.string().optional() }),
  ]),
});
type Case = z.infer<typeof caseSchema>;

const dir = path.join(__dirname, 'cases');
// `evaluate-*.yaml` belong to test/cases-evaluate.test.ts.
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml') && !f.startsWith('evaluate-')).sort();
const all: { file: string; c: Case }[] = files.flatMap((file) => {
  const raw = yaml.load(fs.readFileSync(path.join(dir, file), 'utf8'), { schema: yaml.CORE_SCHEMA });
  return z.array(caseSchema).parse(raw).map((c) => ({ file, c }));
});

const byProgramAndMember = (a: { program: string; memberId: string | null }, b: { program: string; memberId: string | null }) =>
  a.program.localeCompare(b.program) || String(a.memberId).localeCompare(String(b.memberId));

describe('hand-worked YAML cases', () => {
  it('when the case files are read, then there are at least 40 cases with unique names', () => {
    expect(all.length).toBeGreaterThanOrEqual(40);
    expect(new Set(all.map(({ c }) => c.name)).size).toBe(all.length);
  });

  describe.each(files)('%s', (file) => {
    const cases = all.filter((x) => x.file === file).map(({ c }) => c);
    it.each(cases.map((c) => [c.name, c] as const))('when %s, then the result matches the hand calculation', (_name, c) => {
      const h: Household = household(c.household as unknown as HouseholdInput);
      const expected = c.expected;
      if ('referrals' in expected) {
        expect(c.referrals).toBeDefined();
        const { department, dibaoClass } = c.referrals!;
        const got = departmentReferrals(department, h, c.asOf, dibaoClass);
        const wanted = [...expected.referrals].sort(byProgramAndMember);
        const actual = [...got].sort(byProgramAndMember);
        expect(actual.map(({ program, memberId, amountFen, period }) => ({ program, memberId, amountFen, period }))).toEqual(
          wanted.map(({ program, memberId, amountFen, period }) => ({ program, memberId, amountFen, period })),
        );
        wanted.forEach((w, i) => {
          if (w.clauses) expect(actual[i]!.clauses).toEqual(w.clauses);
          expect(actual[i]!.explanation).toMatch(/依据《/);
          expect(actual[i]!.needsManualReview).toBeUndefined();
        });
        if (expected.explanationContains) expect(actual.map((r) => r.explanation).join('\n')).toContain(expected.explanationContains);
        return;
      }
      expect(c.referrals).toBeUndefined();
      const r = evaluateDibao(h, c.asOf);
      expect(r.status).toBe(expected.status);
      expect(r.dibaoClass).toBe(expected.dibaoClass);
      expect(r.topUpFen).toBe(expected.topUpFen);
      expect(Object.fromEntries(r.supplements.map((s) => [s.memberId, s.amountFen]))).toEqual(expected.supplements);
      expect([...new Set(r.reasons.map((x) => x.code))].sort()).toEqual([...new Set(expected.reasons)].sort());
      expect(r.clauses).toEqual(expected.clauses);
      if (expected.householdSize !== undefined) expect(r.householdSize).toBe(expected.householdSize);
      if (expected.perCapitaIncomeFen !== undefined) expect(r.perCapitaIncomeFen).toBe(expected.perCapitaIncomeFen);
      if (expected.totalMonthlyFen !== undefined) expect(r.totalMonthlyFen).toBe(expected.totalMonthlyFen);
      for (const p of expected.missingParameters ?? []) {
        expect(r.reasons).toContainEqual(expect.objectContaining({ code: 'RULES.MISSING_PARAMETER', parameter: p }));
        expect(r.explanation).toContain(p);
      }
      if (expected.explanationContains) expect(r.explanation).toContain(expected.explanationContains);
      if (expected.gradualExit) expect(r.gradualExit).toMatchObject(expected.gradualExit);
      else expect(r.gradualExit).toBeNull();
      if (expected.withheld) expect(Object.fromEntries(r.withheldShares.map((w) => [w.memberId, w.totalFen]))).toEqual(expected.withheld);
      // The fast path (explain: false) decides the same amounts, statuses, reasons and clauses.
      const fast = evaluateDibao(h, c.asOf, { explain: false });
      for (const k of ['status', 'dibaoClass', 'topUpFen', 'totalMonthlyFen', 'clauses', 'gradualExit', 'withheldShares'] as const) expect(fast[k]).toEqual(r[k]);
      expect(fast.supplements.map((x) => [x.memberId, x.amountFen])).toEqual(r.supplements.map((x) => [x.memberId, x.amountFen]));
      expect(fast.reasons.map((x) => x.code)).toEqual(r.reasons.map((x) => x.code));
      // Clerks read these verbatim: a named member appears by name, never by internal id.
      const texts = [r.explanation, ...r.supplements.map((s) => s.explanation), ...r.steps.map((s) => s.labelZh)];
      for (const m of h.members.filter((x) => x.name)) for (const t of texts) expect(t).not.toContain(m.id);
      for (const t of texts) expect(t).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    });
  });
});
