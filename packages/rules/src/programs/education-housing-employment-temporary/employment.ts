import { ageOn } from '../../dates';
import type { ParameterName } from '../../parameters';
import { countedMembers, memberLabel } from '../../people';
import type { Member, Reason } from '../../types';
import { dibaoUndecided, entitled, missingReasons, reason, review, type AssistanceFacts, type Decision } from './decision';

const CLAUSES = ['City §11', 'City §12'];

function retirementParameter(m: Member): ParameterName {
  return m.sex === 'F' ? 'employment.retirement-age.female' : 'employment.retirement-age.male';
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
export function employmentDecisions(f: AssistanceFacts): Decision[] {
  const program = 'employment.assistance';
  const counted = countedMembers(f.household);
  const nobodyWorks = counted.every((m) => !m.employed);
  const candidates = counted.filter((m) => m.canWork && !m.employed);
  const minimum = candidates.length > 0 ? f.reader.get('employment.minimum-working-age') : undefined;
  const decisions: Decision[] = [];
  const eligibleByAge: { m: Member; age: number; minimumAge: number; retirement: number }[] = [];
  for (const m of candidates) {
    const who = memberLabel(m);
    if (!minimum) {
      decisions.push(review(program, m.id, 'once', CLAUSES, missingReasons(f.reader, ['employment.minimum-working-age']), who));
      continue;
    }
    const name = retirementParameter(m);
    const retirement = f.reader.get(name);
    if (!retirement) {
      decisions.push(review(program, m.id, 'once', CLAUSES, missingReasons(f.reader, [name]), who));
      continue;
    }
    const age = ageOn(m.birthDate, f.asOf);
    if (age < minimum.value) {
      decisions.push({
        kind: 'ineligible',
        program,
        memberId: m.id,
        reasons: [reason('EMPLOYMENT.BELOW_WORKING_AGE', `${who}${age}周岁，未满劳动年龄${minimum.value}周岁`, `${who} is ${age}, under the working age of ${minimum.value}`, { memberId: m.id })],
      });
    } else if (age >= retirement.value) {
      const sexZh = m.sex === 'F' ? '女' : '男';
      decisions.push({
        kind: 'ineligible',
        program,
        memberId: m.id,
        reasons: [
          reason(
            'EMPLOYMENT.RETIREMENT_AGE_REACHED',
            `${who}${age}周岁，已达到${sexZh}性法定退休年龄${retirement.value}周岁`,
            `${who} is ${age}, at or over the statutory retirement age of ${retirement.value}`,
            { memberId: m.id },
          ),
        ],
      });
    } else {
      eligibleByAge.push({ m, age, minimumAge: minimum.value, retirement: retirement.value });
    }
  }

  if (eligibleByAge.length > 0) {
    const s = f.standing();
    if (s.kind === 'ineligible') {
      decisions.push({
        kind: 'ineligible',
        program,
        memberId: null,
        reasons: [reason('EMPLOYMENT.REQUIRES_DIBAO', '本户不符合低保条件，就业救助限于低保家庭成员', 'the household does not qualify for dibao; employment assistance is for dibao members'), ...s.reasons],
      });
    } else if (s.kind === 'review') {
      for (const { m } of eligibleByAge) decisions.push(review(program, m.id, 'once', CLAUSES, dibaoUndecided(s), memberLabel(m)));
    } else {
      for (const { m, age, minimumAge, retirement } of eligibleByAge) {
        const placement = nobodyWorks ? '；本户无人就业，至少安排一人到公益性岗位就业' : '';
        decisions.push(
          entitled(
            program,
            m.id,
            0,
            'once',
            CLAUSES,
            `${memberLabel(m)}，${age}周岁(劳动年龄${minimumAge}周岁至${m.sex === 'F' ? '女' : '男'}性退休年龄${retirement}周岁)，有劳动能力但未就业，` +
              `登记享受免费公共就业服务，公益性岗位优先安排${placement}`,
          ),
        );
      }
    }
  }
  if (decisions.length === 0) {
    const reasons: Reason[] = [
      reason('EMPLOYMENT.NO_MEMBER_TO_ASSIST', '家庭中没有有劳动能力而未就业的低保成员', 'no counted member is able to work and without a job'),
    ];
    decisions.push({ kind: 'ineligible', program, memberId: null, reasons });
  }
  return decisions;
}
