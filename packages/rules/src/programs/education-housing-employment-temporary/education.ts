import { yuan } from '../../money';
import type { ParameterName } from '../../parameters';
import { memberLabel } from '../../people';
import type { Member, Reason, SchoolFacts } from '../../types';
import type { ProgramCode } from '../program';
import { dibaoUndecided, entitled, isTekun, missingReasons, reason, review, type AssistanceFacts, type Decision } from './decision';

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

/** Which City §7 program a school level belongs to, and the parameter giving its yearly amount. */
const SCHOOL_PROGRAM: Record<SchoolFacts['level'], { program: ProgramCode; parameter: ParameterName | null }> = {
  preschool: { program: 'education.preschool-waiver', parameter: null },
  primary: { program: 'education.living-subsidy', parameter: 'education.living-subsidy.primary' },
  junior: { program: 'education.living-subsidy', parameter: 'education.living-subsidy.junior' },
  senior: { program: 'education.senior-grant', parameter: 'education.senior-grant' },
  vocational: { program: 'education.senior-grant', parameter: 'education.senior-grant' },
};

const NONE_REASON: Record<(typeof EDUCATION_PROGRAMS)[number], Reason> = {
  'education.preschool-waiver': reason('EDUCATION.NO_PRESCHOOL_CHILD', '家庭中没有接受学前教育的幼儿', 'no member attends preschool'),
  'education.living-subsidy': reason('EDUCATION.NO_PRIMARY_OR_JUNIOR_STUDENT', '家庭中没有小学或初中在校生', 'no member attends primary or junior secondary school'),
  'education.senior-grant': reason('EDUCATION.NO_SENIOR_OR_VOCATIONAL_STUDENT', '家庭中没有高中或中等职业学校在校生', 'no member attends senior secondary or secondary vocational school'),
  'education.college-grant': reason('EDUCATION.NO_NEW_ADMISSION', '家庭中没有本年度新录取的普通高校新生', 'no member is newly admitted to a university or college'),
};

type Basis = { kind: 'ok'; zh: string } | { kind: 'no'; reasons: Reason[] } | { kind: 'review'; reasons: Reason[] };

/**
 * City §7 covers "低保家庭子女、孤儿在校生": an orphan (tekun kind `orphan`) always; any other
 * member when the household is dibao-eligible on the evaluation date.
 */
function schoolBasis(m: Member, f: AssistanceFacts): Basis {
  if (isTekun(m, 'orphan')) return { kind: 'ok', zh: '孤儿' };
  const s = f.standing();
  if (s.kind === 'eligible') return { kind: 'ok', zh: '低保家庭子女' };
  if (s.kind === 'review') return { kind: 'review', reasons: dibaoUndecided(s) };
  const who = memberLabel(m);
  return {
    kind: 'no',
    reasons: [
      reason(
        'EDUCATION.REQUIRES_DIBAO_OR_ORPHAN',
        `${who}所在家庭不符合低保条件，且${who}不是孤儿`,
        `the household of ${who} does not qualify for dibao and ${who} is not an orphan`,
        { memberId: m.id },
      ),
      ...s.reasons,
    ],
  };
}

/**
 * City §8 covers new university students "具有乌海市户籍且录取时为低保家庭的子女": the household must
 * be dibao-eligible on the evaluation date (taken as the time of admission); orphans outside a
 * dibao household are not named by City §8.
 */
function collegeBasis(m: Member, f: AssistanceFacts): Basis {
  const s = f.standing();
  if (s.kind === 'eligible') return { kind: 'ok', zh: '低保家庭子女' };
  if (s.kind === 'review') return { kind: 'review', reasons: dibaoUndecided(s) };
  const who = memberLabel(m);
  return {
    kind: 'no',
    reasons: [
      reason(
        'EDUCATION.COLLEGE_GRANT_REQUIRES_DIBAO',
        `${who}录取时所在家庭不符合低保条件，新生入学资助限于低保家庭子女${isTekun(m, 'orphan') ? '(孤儿不在市第8条所列范围)' : ''}`,
        `the household of ${who} does not qualify for dibao at admission; the grant is for children of dibao households${isTekun(m, 'orphan') ? ' (City §8 does not name orphans)' : ''}`,
        { memberId: m.id },
      ),
      ...s.reasons,
    ],
  };
}

function schoolDecision(m: Member, school: SchoolFacts, f: AssistanceFacts): Decision {
  const { program, parameter } = SCHOOL_PROGRAM[school.level];
  const who = memberLabel(m);
  const level = LEVEL_ZH[school.level];
  const clauses = ['City §7'];
  const failures: Reason[] = [];
  if (parameter !== null && !school.boarding) {
    failures.push(
      reason(
        'EDUCATION.NOT_BOARDING',
        `${who}为${level}走读生，生活费补助和助学金只发给寄宿生`,
        `${who} is a day student at ${school.level} level; the subsidy is for boarders only`,
        { memberId: m.id },
      ),
    );
  }
  const basis = schoolBasis(m, f);
  if (basis.kind === 'no') failures.push(...basis.reasons);
  if (failures.length > 0) return { kind: 'ineligible', program, memberId: m.id, reasons: failures };
  if (basis.kind !== 'ok') return review(program, m.id, 'year', clauses, basis.reasons, who);
  if (parameter === null) {
    return entitled(program, m.id, 0, 'year', clauses, `${who}为${basis.zh}，接受学前教育，免除保育教育费`);
  }
  const p = f.reader.get(parameter);
  if (!p) return review(program, m.id, 'year', clauses, missingReasons(f.reader, [parameter]), who);
  const what =
    program === 'education.senior-grant'
      ? `免除住宿费，每生每年补助国家助学金${yuan(p.value)}元(市第7条规定1000—2000元)`
      : `免除住宿费，每生每年补助生活费${yuan(p.value)}元`;
  return entitled(program, m.id, p.value, 'year', clauses, `${who}为${basis.zh}、${level}寄宿生，${what}`);
}

function collegeDecision(m: Member, level: 'bachelor' | 'junior-college', f: AssistanceFacts): Decision {
  const program = 'education.college-grant';
  const who = memberLabel(m);
  const clauses = ['City §8'];
  const basis = collegeBasis(m, f);
  if (basis.kind === 'no') return { kind: 'ineligible', program, memberId: m.id, reasons: basis.reasons };
  if (basis.kind === 'review') return review(program, m.id, 'once', clauses, basis.reasons, who);
  const parameter: ParameterName = level === 'bachelor' ? 'education.college-grant.bachelor' : 'education.college-grant.junior-college';
  const p = f.reader.get(parameter);
  if (!p) return review(program, m.id, 'once', clauses, missingReasons(f.reader, [parameter]), who);
  const school = level === 'bachelor' ? '普通高校本科' : '普通高校专科(高职高专)';
  return entitled(
    program,
    m.id,
    p.value,
    'once',
    clauses,
    `${who}录取时为低保家庭子女，具有乌海市户籍(本平台登记的家庭均为乌海市户籍)，录取到${school}，新生入学资助一次性${yuan(p.value)}元`,
  );
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
 * @returns decisions for the four education programs (see `outcomeOf`, `referralsOf`)
 */
export function educationDecisions(f: AssistanceFacts): Decision[] {
  const out: Decision[] = [];
  for (const m of f.household.members) {
    if (m.school) out.push(schoolDecision(m, m.school, f));
    if (m.admission) out.push(collegeDecision(m, m.admission.level, f));
  }
  for (const program of EDUCATION_PROGRAMS) {
    const any = out.some((d) => (d.kind === 'entitled' ? d.line.program : d.program) === program);
    if (!any) out.push({ kind: 'ineligible', program, memberId: null, reasons: [NONE_REASON[program]] });
  }
  return out;
}
