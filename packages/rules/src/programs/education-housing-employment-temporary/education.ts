import { yuan as yuanImport } from '../../money';
import { parameterSlot } from '../../parameter-table';
import { memberLabel as memberLabelImport } from '../../people';
import type { Member, Reason, SchoolFacts } from '../../types';
import { EDUCATION_ADMISSION, EDUCATION_UNKNOWN_LEVEL, type ProgramCode, type ProgramContext, type ProgramOutcome } from '../program';
import { ConstantLine, constantReason, dibaoUndecided as dibaoUndecidedImport, entitledLine as entitledLineImport, isTekun as isTekunImport, leanReason as leanReasonImport, reason as reasonImport, reasonsWith as reasonsWithImport, type AssistanceFacts, type DecisionSink, type ProgramFold } from './decision';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const yuan = yuanImport;
const memberLabel = memberLabelImport;
const entitledLine = entitledLineImport;
const leanReason = leanReasonImport;
const reason = reasonImport;
const reasonsWith = reasonsWithImport;
const dibaoUndecided = dibaoUndecidedImport;
const isTekun = isTekunImport;

/** The education programs (City §7–8), in the order of evaluations.md. */
export const EDUCATION_PROGRAMS = [
  'education.preschool-waiver',
  'education.living-subsidy',
  'education.senior-grant',
  'education.college-grant',
] as const satisfies readonly ProgramCode[];

const LEVEL_ZH: Record<SchoolFacts['level'], string> = {
  preschool: '学前教育',
  primary: '小学',
  junior: '初中',
  senior: '高中',
  vocational: '中等职业学校',
};

type EducationProgram = (typeof EDUCATION_PROGRAMS)[number];

/** Which City §7 program a school level belongs to, and the slot of the parameter giving its yearly amount. */
const SCHOOL_PROGRAM: Record<SchoolFacts['level'], { program: EducationProgram; slot: number | null }> = {
  preschool: { program: 'education.preschool-waiver', slot: null },
  primary: { program: 'education.living-subsidy', slot: parameterSlot('education.living-subsidy.primary') },
  junior: { program: 'education.living-subsidy', slot: parameterSlot('education.living-subsidy.junior') },
  senior: { program: 'education.senior-grant', slot: parameterSlot('education.senior-grant') },
  vocational: { program: 'education.senior-grant', slot: parameterSlot('education.senior-grant') },
};
const S_BACHELOR = parameterSlot('education.college-grant.bachelor');
const S_JUNIOR_COLLEGE = parameterSlot('education.college-grant.junior-college');

/** The lines of a program with no candidate, in `EDUCATION_PROGRAMS` order. */
const NONE_LINES: readonly ConstantLine[] = [
  new ConstantLine(
    'education.preschool-waiver',
    constantReason('EDUCATION.NO_PRESCHOOL_CHILD', '家庭中没有接受学前教育的幼儿', 'no member attends preschool'),
  ),
  new ConstantLine(
    'education.living-subsidy',
    constantReason('EDUCATION.NO_PRIMARY_OR_JUNIOR_STUDENT', '家庭中没有小学或初中在校生', 'no member attends primary or junior secondary school'),
  ),
  new ConstantLine(
    'education.senior-grant',
    constantReason('EDUCATION.NO_SENIOR_OR_VOCATIONAL_STUDENT', '家庭中没有高中或中等职业学校在校生', 'no member attends senior secondary or secondary vocational school'),
  ),
  new ConstantLine(
    'education.college-grant',
    constantReason('EDUCATION.NO_NEW_ADMISSION', '家庭中没有本年度新录取的普通高校新生', 'no member is newly admitted to a university or college'),
  ),
];

const SCHOOL_CLAUSES = ['City §7'];
const COLLEGE_CLAUSES = ['City §8'];
const COLLEGE = 3;

/**
 * City §7 covers "低保家庭子女、孤儿在校生": an orphan (tekun kind `orphan`) always; any other
 * member when the household is dibao-eligible on the evaluation date.
 */
function schoolDecision(m: Member, school: SchoolFacts, f: AssistanceFacts, sink: DecisionSink): void {
  const { program, slot } = SCHOOL_PROGRAM[school.level];
  const explain = f.explain;
  const who = explain ? memberLabel(m) : '';
  const level = LEVEL_ZH[school.level];
  let failures: Reason[] | null = null;
  if (slot !== null && !school.boarding) {
    failures = [
      explain
        ? reason('EDUCATION.NOT_BOARDING', `${who}为${level}走读生，生活费补助和助学金只发给寄宿生`, `${who} is a day student at ${school.level} level; the subsidy is for boarders only`, m.id)
        : leanReason('EDUCATION.NOT_BOARDING', '走读生，生活费补助和助学金只发给寄宿生 / a day student; the subsidy is for boarders only', m.id),
    ];
  }
  let basisZh = '孤儿';
  if (!isTekun(m, 'orphan')) {
    const d = f.dibao();
    if (d.status === 'ELIGIBLE') basisZh = '低保家庭子女';
    else if (d.status === 'INELIGIBLE') {
      failures ??= [];
      failures.push(
        explain
          ? reason(
              'EDUCATION.REQUIRES_DIBAO_OR_ORPHAN',
              `${who}所在家庭不符合低保条件，且${who}不是孤儿`,
              `the household of ${who} does not qualify for dibao and ${who} is not an orphan`,
              m.id,
            )
          : leanReason('EDUCATION.REQUIRES_DIBAO_OR_ORPHAN', '所在家庭不符合低保条件，且不是孤儿 / the household does not qualify for dibao and the student is not an orphan', m.id),
      );
      for (let i = 0; i < d.reasons.length; i++) failures.push(d.reasons[i]!);
    } else if (failures === null) {
      sink.review(program, m.id, 'year', SCHOOL_CLAUSES, dibaoUndecided(d.reasons), who);
      return;
    }
  }
  if (failures !== null) {
    sink.ineligible(program, m.id, failures);
    return;
  }
  if (slot === null) {
    sink.entitled(entitledLine(program, m.id, 0, 'year', SCHOOL_CLAUSES, explain ? `${who}为${basisZh}，接受学前教育，免除保育教育费` : null));
    return;
  }
  const p = f.params.value(slot);
  if (!p) {
    sink.review(program, m.id, 'year', SCHOOL_CLAUSES, f.params.missingReasons([slot]), who);
    return;
  }
  let sentence: string | null = null;
  if (explain) {
    const what =
      program === 'education.senior-grant'
        ? `免除住宿费，每生每年补助国家助学金${yuan(p.value)}元(市第7条规定1000—2000元)`
        : `免除住宿费，每生每年补助生活费${yuan(p.value)}元`;
    sentence = `${who}为${basisZh}、${level}寄宿生，${what}`;
  }
  sink.entitled(entitledLine(program, m.id, p.value, 'year', SCHOOL_CLAUSES, sentence));
}

/**
 * City §8 covers new university students "具有乌海市户籍且录取时为低保家庭的子女": the household must
 * be dibao-eligible on the evaluation date (taken as the time of admission); orphans outside a
 * dibao household are not named by City §8.
 */
function collegeDecision(m: Member, level: 'bachelor' | 'junior-college', f: AssistanceFacts, sink: DecisionSink): void {
  const program = 'education.college-grant';
  const explain = f.explain;
  const who = explain ? memberLabel(m) : '';
  const d = f.dibao();
  if (d.status === 'INELIGIBLE') {
    const orphan = isTekun(m, 'orphan');
    const first = explain
      ? reason(
          'EDUCATION.COLLEGE_GRANT_REQUIRES_DIBAO',
          `${who}录取时所在家庭不符合低保条件，新生入学资助限于低保家庭子女${orphan ? '(孤儿不在市第8条所列范围)' : ''}`,
          `the household of ${who} does not qualify for dibao at admission; the grant is for children of dibao households${orphan ? ' (City §8 does not name orphans)' : ''}`,
          m.id,
        )
      : leanReason('EDUCATION.COLLEGE_GRANT_REQUIRES_DIBAO', '录取时所在家庭不符合低保条件 / the household does not qualify for dibao at admission', m.id);
    sink.ineligible(program, m.id, reasonsWith(first, d.reasons));
    return;
  }
  if (d.status === 'NEEDS_MANUAL_REVIEW') {
    sink.review(program, m.id, 'once', COLLEGE_CLAUSES, dibaoUndecided(d.reasons), who);
    return;
  }
  const slot = level === 'bachelor' ? S_BACHELOR : S_JUNIOR_COLLEGE;
  const p = f.params.value(slot);
  if (!p) {
    sink.review(program, m.id, 'once', COLLEGE_CLAUSES, f.params.missingReasons([slot]), who);
    return;
  }
  const school = level === 'bachelor' ? '普通高校本科' : '普通高校专科(高职高专)';
  const sentence = explain
    ? `${who}录取时为低保家庭子女，具有乌海市户籍(本平台登记的家庭均为乌海市户籍)，录取到${school}，新生入学资助一次性${yuan(p.value)}元`
    : null;
  sink.entitled(entitledLine(program, m.id, p.value, 'once', COLLEGE_CLAUSES, sentence));
}

/** `MemberCounts.education` bits of each program's candidates, in `EDUCATION_PROGRAMS` order. */
const CANDIDATE_BITS: readonly number[] = [1, 2, 4, EDUCATION_ADMISSION];

/**
 * The outcome of education program `k` (index in `EDUCATION_PROGRAMS`) for a program module: when
 * the member counts show no candidate (no member at its school levels, or no admission for the
 * college grant, and no unknown level), its `EDUCATION.NO_…` line at once — what
 * `educationDecisions` decides then —, else `educationDecisions(ctx, fold, program)` folded into
 * `out`.
 */
export function educationOutcome(ctx: ProgramContext, out: ProgramOutcome, fold: ProgramFold, k: number): void {
  if ((ctx.members.education & (CANDIDATE_BITS[k]! | EDUCATION_UNKNOWN_LEVEL)) === 0) {
    NONE_LINES[k]!.push(out, ctx.explain);
    return;
  }
  fold.start(out, ctx.explain);
  educationDecisions(ctx, fold, EDUCATION_PROGRAMS[k]!);
  fold.finish();
}

/**
 * Education assistance (City §7–8), one decision per student and program:
 * - `education.preschool-waiver` (member, amount 0, year): a preschool child → care and
 *   education fees waived.
 * - `education.living-subsidy` (member, fen per year): primary boarder
 *   `education.living-subsidy.primary` (100 000 fen), junior boarder `.junior` (125 000 fen),
 *   boarding fee waived; a day student is ineligible (`EDUCATION.NOT_BOARDING`).
 * - `education.senior-grant` (member, fen per year): senior or secondary-vocational boarder
 *   `education.senior-grant` (200 000 fen, DOMAIN default within City §7's 1000–2000 yuan).
 * - `education.college-grant` (member, fen once, City §8): a member newly admitted (`admission`)
 *   from a dibao-eligible household: bachelor `education.college-grant.bachelor` (4 000 000 fen),
 *   junior college `.junior-college` (3 000 000 fen). City §8 also asks for Wuhai hukou: every
 *   household on this platform is registered in Wuhai, which the explanation states.
 *
 * Who is covered (City §7 "低保家庭子女、孤儿"): every member of a household that is dibao-eligible
 * on `asOf` (`standing()`), and orphans (`tekun.kind === 'orphan'`) whatever the household's dibao.
 * Amounts are the parameters' whole-yuan figures in fen; nothing is computed, so nothing is rounded.
 * A program with no candidate gets one household-level ineligible decision (`EDUCATION.NO_…`); a
 * missing amount parameter, or dibao under review for a non-orphan, gives a review decision.
 *
 * @param sink where the decisions go (`ProgramFold`, `ReferralCollector`)
 * @param only decide this program only (a program module); all four when omitted (referrals)
 */
export function educationDecisions(f: AssistanceFacts, sink: DecisionSink, only?: ProgramCode): void {
  const want = only === undefined ? -1 : programIndex(only);
  const members = f.household.members;
  let seen = 0;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    const school = m.school;
    if (school) {
      const k = schoolProgramIndex(school.level);
      // An unknown level (k < 0) is decided too: `schoolDecision` refuses it.
      if (want < 0 || k === want || k < 0) {
        schoolDecision(m, school, f, sink);
        seen |= 1 << k;
      }
    }
    if (m.admission && (want < 0 || want === COLLEGE)) {
      collegeDecision(m, m.admission.level, f, sink);
      seen |= 1 << COLLEGE;
    }
  }
  for (let k = 0; k < EDUCATION_PROGRAMS.length; k++) {
    if ((want < 0 || k === want) && (seen & (1 << k)) === 0) sink.constant(NONE_LINES[k]!);
  }
}

/** Index of an education program in `EDUCATION_PROGRAMS`, -1 for another program. */
export function programIndex(program: ProgramCode): number {
  switch (program) {
    case 'education.preschool-waiver':
      return 0;
    case 'education.living-subsidy':
      return 1;
    case 'education.senior-grant':
      return 2;
    case 'education.college-grant':
      return COLLEGE;
    default:
      return -1;
  }
}

/** Index in `EDUCATION_PROGRAMS` of the City §7 program of a school level, -1 for an unknown level. */
function schoolProgramIndex(level: SchoolFacts['level']): number {
  switch (level) {
    case 'preschool':
      return 0;
    case 'primary':
    case 'junior':
      return 1;
    case 'senior':
    case 'vocational':
      return 2;
    default:
      return -1;
  }
}
