import fc from 'fast-check';
import { evaluate, PROGRAM_CODES, type Household, type ProgramCode } from '../src';
import { parameterTable } from '../src/parameter-table';
import { asOfToInt, checkDibaoHousehold, dibaoOfChecked } from '../src/programs/dibao';
import { agesOn, ProgramFold, type AssistanceFacts, type DecisionSink } from '../src/programs/education-housing-employment-temporary/decision';
import { educationDecisions } from '../src/programs/education-housing-employment-temporary/education';
import { employmentDecisions } from '../src/programs/education-housing-employment-temporary/employment';
import { rentalDecisions, ruralRenovationDecisions } from '../src/programs/education-housing-employment-temporary/housing';
import { temporaryDecisions } from '../src/programs/education-housing-employment-temporary/temporary';
import { dailySubsidyLines, premiumSubsidyLines } from '../src/programs/medical/subsidies';
import type { ProgramOutcome } from '../src/programs/program';
import { caseArb } from './support/generated-households';

/**
 * The program modules decide a program without its full computation when the household's member
 * counts (or facts read at once) show it has no candidate (`educationOutcome`, `employmentOutcome`,
 * `temporaryOutcome`, `rentalOutcome`, `ruralRenovationOutcome`, `subsidyOutcome`). Each such exit
 * must give exactly what the full computation gives: here every module's lines are compared, both
 * ways (explained and fast), with the department computations run in full through a
 * `ProgramFold`, over generated households.
 */

type Full = (f: AssistanceFacts, sink: DecisionSink, program: ProgramCode) => void;
const FULL: [ProgramCode, Full][] = [
  ['education.preschool-waiver', (f, s, p) => educationDecisions(f, s, p)],
  ['education.living-subsidy', (f, s, p) => educationDecisions(f, s, p)],
  ['education.senior-grant', (f, s, p) => educationDecisions(f, s, p)],
  ['education.college-grant', (f, s, p) => educationDecisions(f, s, p)],
  ['housing.rental', (f, s) => rentalDecisions(f, s)],
  ['housing.rural-renovation', (f, s) => ruralRenovationDecisions(f, s)],
  ['employment.assistance', (f, s) => employmentDecisions(f, s)],
  ['temporary', (f, s) => temporaryDecisions(f, s)],
];

/** The facts of `evaluate` for `h` on `asOf`, or null when the household is refused. */
function factsOf(asOf: string, h: Household, explain: boolean): AssistanceFacts | null {
  const asOfInt = asOfToInt(asOf);
  try {
    checkDibaoHousehold(h, asOf, asOfInt);
  } catch {
    return null;
  }
  const params = parameterTable(asOf, { hukou: h.hukou, area: h.area });
  const dibao = dibaoOfChecked(h, asOfInt, params, explain);
  return { household: h, asOf, explain, params, ages: agesOn(h, asOf), dibao: () => dibao };
}

function fullOutcome(facts: AssistanceFacts, program: ProgramCode, full: Full): ProgramOutcome {
  const out: ProgramOutcome = { entitlements: [], ineligible: [], needsManualReview: [] };
  const fold = new ProgramFold(program);
  fold.start(out, facts.explain);
  full(facts, fold, program);
  fold.finish();
  return out;
}

/** The lines of `evaluate` for the programs asked, or null when the household is refused (any program's error). */
function moduleOutcome(asOf: string, h: Household, programs: ProgramCode | readonly ProgramCode[], explain: boolean): ProgramOutcome | null {
  try {
    const asked = typeof programs === 'string' ? [programs] : programs;
    const { entitlements, ineligible, needsManualReview } = evaluate({ asOf, household: h }, { programs: asked, explain });
    return { entitlements, ineligible, needsManualReview };
  } catch {
    return null;
  }
}

describe('quick exits of the program modules', () => {
  it('when generated households are evaluated program by program, then each module gives exactly the lines of its full computation, explained and fast', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), ({ asOf, household: h }, explain) => {
        const facts = factsOf(asOf, h, explain);
        for (const [program, full] of FULL) {
          const got = moduleOutcome(asOf, h, program, explain);
          if (facts === null) {
            expect(got).toBeNull();
            continue;
          }
          let want: ProgramOutcome | null;
          try {
            want = fullOutcome(facts, program, full);
          } catch {
            want = null;
          }
          expect(got).toEqual(want);
        }
      }),
      { numRuns: 1500, seed: 20261130 },
    );
  });

  it('when a household does not qualify for dibao and has no wubao member, then the premium and daily subsidies have no line to compute (the modules refuse them at once)', () => {
    fc.assert(
      fc.property(caseArb, ({ asOf, household: h }) => {
        const facts = factsOf(asOf, h, false);
        if (facts === null || facts.dibao().status !== 'INELIGIBLE') return;
        const basis = { household: h, asOf, dibaoClass: null, params: facts.params, explain: false, ages: facts.ages };
        expect(dailySubsidyLines(basis)).toEqual([]);
        if (!h.members.some((m) => m.tekun?.kind === 'wubao')) expect(premiumSubsidyLines(basis)).toEqual([]);
      }),
      { numRuns: 1000, seed: 7 },
    );
  });

  it('when every program is asked at once (each module called directly), then the lines are those of each program asked alone, in the order of evaluations.md, both ways', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), ({ asOf, household: h }, explain) => {
        const all = moduleOutcome(asOf, h, [...PROGRAM_CODES], explain);
        const alone = PROGRAM_CODES.map((p) => moduleOutcome(asOf, h, [p], explain));
        if (all === null || alone.some((o) => o === null)) {
          expect(all === null).toBe(alone.some((o) => o === null));
          return;
        }
        expect(all).toEqual({
          entitlements: alone.flatMap((o) => o!.entitlements),
          ineligible: alone.flatMap((o) => o!.ineligible),
          needsManualReview: alone.flatMap((o) => o!.needsManualReview),
        });
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
