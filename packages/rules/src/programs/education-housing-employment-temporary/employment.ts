import { parameterSlot } from '../../parameter-table';
import { memberLabel as memberLabelImport } from '../../people';
import type { ProgramContext, ProgramOutcome } from '../program';
import { ConstantLine, constantReason, DibaoReasonLines, dibaoUndecided as dibaoUndecidedImport, entitledLine as entitledLineImport, leanReason as leanReasonImport, reason as reasonImport, type AssistanceFacts, type DecisionSink, type ProgramFold } from './decision';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const memberLabel = memberLabelImport;
const entitledLine = entitledLineImport;
const leanReason = leanReasonImport;
const reason = reasonImport;
const dibaoUndecided = dibaoUndecidedImport;

const CLAUSES = ['City §11', 'City §12'];
const S_MINIMUM_AGE = parameterSlot('employment.minimum-working-age');
const S_RETIREMENT_MALE = parameterSlot('employment.retirement-age.male');
const S_RETIREMENT_FEMALE = parameterSlot('employment.retirement-age.female');
const REQUIRES_DIBAO = new DibaoReasonLines('employment.assistance', [
  constantReason('EMPLOYMENT.REQUIRES_DIBAO', '本户不符合低保条件，就业救助限于低保家庭成员', 'the household does not qualify for dibao; employment assistance is for dibao members'),
]);
const NO_MEMBER_TO_ASSIST = new ConstantLine(
  'employment.assistance',
  constantReason('EMPLOYMENT.NO_MEMBER_TO_ASSIST', '家庭中没有有劳动能力而未就业的低保成员', 'no counted member is able to work and without a job'),
);

/**
 * The outcome of `employment.assistance` for its program module: with no candidate in the member
 * counts (`jobSeekers`: no member without tekun who can work and has no job) its
 * `EMPLOYMENT.NO_MEMBER_TO_ASSIST` line at once — what `employmentDecisions` decides then —, else
 * `employmentDecisions(ctx, fold)` folded into `out`.
 */
export function employmentOutcome(ctx: ProgramContext, out: ProgramOutcome, fold: ProgramFold): void {
  if (ctx.members.jobSeekers === 0) {
    NO_MEMBER_TO_ASSIST.push(out, ctx.explain);
    return;
  }
  fold.start(out, ctx.explain);
  employmentDecisions(ctx, fold);
  fold.finish();
}

/**
 * Employment assistance `employment.assistance` (City §11–12; Reg. Art. 42–46): one line per
 * member, amount 0, period once.
 *
 * - Who: each counted member (tekun recipients are not dibao members) of a household that is
 *   dibao-eligible on `asOf`, who `canWork`, is not `employed`, and is of working age:
 *   `employment.minimum-working-age` (16) ≤ age < statutory retirement age
 *   (`employment.retirement-age.male` 60 / `.female` 50, DOMAIN defaults). Ages are whole years
 *   on calendar dates: a person turns 16, or reaches retirement age, on the birthday itself.
 * - Gives: registration for free public employment services; public-welfare posts go first to
 *   them (City §11). When no counted member of the household has a job, the explanation says that
 *   at least one of them is to be placed in a public-welfare post (Reg. Art. 43; DOMAIN).
 * - Not: a candidate under working age (`EMPLOYMENT.BELOW_WORKING_AGE`) or at/over retirement
 *   age (`EMPLOYMENT.RETIREMENT_AGE_REACHED`); nobody to assist (`EMPLOYMENT.NO_MEMBER_TO_ASSIST`);
 *   a household that does not qualify for dibao (`EMPLOYMENT.REQUIRES_DIBAO`).
 * - Review: a missing age parameter (the minimum age is checked first and named alone when it is
 *   missing; otherwise the retirement age for the member's sex), or dibao under review.
 */
export function employmentDecisions(f: AssistanceFacts, sink: DecisionSink): void {
  const program = 'employment.assistance';
  const explain = f.explain;
  const members = f.household.members;
  let nobodyWorks = true;
  let candidates = 0;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.tekun) continue;
    if (m.employed) nobodyWorks = false;
    else if (m.canWork) candidates++;
  }
  let decided = false;
  if (candidates > 0) {
    const minimum = f.params.value(S_MINIMUM_AGE);
    // Indices of the members eligible by age.
    let eligibleByAge: number[] | null = null;
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      if (m.tekun || m.employed || !m.canWork) continue;
      const who = explain ? memberLabel(m) : '';
      decided = true;
      if (!minimum) {
        sink.review(program, m.id, 'once', CLAUSES, f.params.missingReasons([S_MINIMUM_AGE]), who);
        continue;
      }
      const slot = m.sex === 'F' ? S_RETIREMENT_FEMALE : S_RETIREMENT_MALE;
      const retirement = f.params.value(slot);
      if (!retirement) {
        sink.review(program, m.id, 'once', CLAUSES, f.params.missingReasons([slot]), who);
        continue;
      }
      const age = f.ages[i]!;
      if (age < minimum.value) {
        sink.ineligible(program, m.id, [
          explain
            ? reason('EMPLOYMENT.BELOW_WORKING_AGE', `${who}${age}周岁，未满劳动年龄${minimum.value}周岁`, `${who} is ${age}, under the working age of ${minimum.value}`, m.id)
            : leanReason('EMPLOYMENT.BELOW_WORKING_AGE', '未满劳动年龄 / under the working age', m.id),
        ]);
      } else if (age >= retirement.value) {
        sink.ineligible(program, m.id, [
          explain
            ? reason(
                'EMPLOYMENT.RETIREMENT_AGE_REACHED',
                `${who}${age}周岁，已达到${m.sex === 'F' ? '女' : '男'}性法定退休年龄${retirement.value}周岁`,
                `${who} is ${age}, at or over the statutory retirement age of ${retirement.value}`,
                m.id,
              )
            : leanReason('EMPLOYMENT.RETIREMENT_AGE_REACHED', '已达到法定退休年龄 / at or over the statutory retirement age', m.id),
        ]);
      } else {
        (eligibleByAge ??= []).push(i);
      }
    }

    if (eligibleByAge !== null) {
      const d = f.dibao();
      if (d.status === 'INELIGIBLE') {
        sink.dibaoIneligible(REQUIRES_DIBAO, d.reasons);
      } else if (d.status === 'NEEDS_MANUAL_REVIEW') {
        for (const i of eligibleByAge) {
          const m = members[i]!;
          sink.review(program, m.id, 'once', CLAUSES, dibaoUndecided(d.reasons), explain ? memberLabel(m) : '');
        }
      } else {
        for (const i of eligibleByAge) {
          const m = members[i]!;
          let sentence: string | null = null;
          if (explain) {
            const placement = nobodyWorks ? '；本户无人就业，至少安排一人到公益性岗位就业' : '';
            const retirement = f.params.value(m.sex === 'F' ? S_RETIREMENT_FEMALE : S_RETIREMENT_MALE)!.value;
            sentence =
              `${memberLabel(m)}，${f.ages[i]!}周岁(劳动年龄${minimum!.value}周岁至${m.sex === 'F' ? '女' : '男'}性退休年龄${retirement}周岁)，有劳动能力但未就业，` +
              `登记享受免费公共就业服务，公益性岗位优先安排${placement}`;
          }
          sink.entitled(entitledLine(program, m.id, 0, 'once', CLAUSES, sentence));
        }
      }
    }
  }
  if (!decided) sink.constant(NO_MEMBER_TO_ASSIST);
}
