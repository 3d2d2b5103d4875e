import { ageOn } from '../dates';
import { yuan } from '../money';
import { memberLabel } from '../people';
import type { Member } from '../types';
import { line, reviewLine, type Referral, type ReferralContext } from './referral';

/**
 * Health / medical assistance (City §6):
 * - `medical.premium-subsidy` (year) for every member of the dibao household: the full premium
 *   (`medical.premium`, 9 000 fen in 2014, 12 000 from 2015) for members of class-A households,
 *   disabled members, students (`school` not null) and rural wubao; otherwise
 *   `medical.premium-subsidy.flat` (5 000 fen).
 * - `medical.daily-subsidy` (`medical.daily-subsidy`, 3 000 fen/month) for counted dibao members
 *   of class-A households, aged ≥ `person.elderly-age` (60) or with disability grade 1–3 (City §6
 *   "A类低保人员、低保老年人和一、二、三级低保残疾人"); tekun members are not dibao members.
 */
export function healthReferrals(ctx: ReferralContext): Referral[] {
  const out: Referral[] = [];
  const premium = ctx.reader.get('medical.premium');
  const flat = ctx.reader.get('medical.premium-subsidy.flat');
  const daily = ctx.reader.get('medical.daily-subsidy');
  const elderly = ctx.reader.get('person.elderly-age');
  const clauses = ['City §6'];
  const fullBasis = (m: Member): string | null => {
    if (ctx.dibaoClass === 'A') return 'A类低保家庭成员';
    if (m.disability) return '残疾人';
    if (m.school) return '在校学生';
    if (m.tekun?.kind === 'wubao') return '农区五保对象';
    return null;
  };
  for (const m of ctx.household.members) {
    const basis = fullBasis(m);
    if (basis) {
      if (!premium) out.push(reviewLine(ctx, 'medical.premium-subsidy', m.id, 'year', clauses, 'medical.premium', memberLabel(m)));
      else out.push(line('medical.premium-subsidy', m.id, premium.value, 'year', clauses, `${memberLabel(m)}为${basis}，全额资助参加城镇居民基本医疗保险，每年${yuan(premium.value)}元`));
    } else if (!flat) {
      out.push(reviewLine(ctx, 'medical.premium-subsidy', m.id, 'year', clauses, 'medical.premium-subsidy.flat', memberLabel(m)));
    } else {
      out.push(line('medical.premium-subsidy', m.id, flat.value, 'year', clauses, `${memberLabel(m)}为${ctx.dibaoClass}类低保家庭成员，资助参加城镇居民基本医疗保险每人每年${yuan(flat.value)}元`));
    }
  }
  for (const m of ctx.household.members) {
    if (m.tekun) continue;
    const age = ageOn(m.birthDate, ctx.asOf);
    const bases: string[] = [];
    if (ctx.dibaoClass === 'A') bases.push('A类低保人员');
    if (!elderly) {
      out.push(reviewLine(ctx, 'medical.daily-subsidy', m.id, 'month', clauses, 'person.elderly-age', memberLabel(m)));
      continue;
    }
    if (age >= elderly.value) bases.push(`${age}周岁低保老年人`);
    if (m.disability && m.disability.grade <= 3) bases.push(`${'一二三'[m.disability.grade - 1] ?? m.disability.grade}级低保残疾人`);
    if (bases.length === 0) continue;
    if (!daily) out.push(reviewLine(ctx, 'medical.daily-subsidy', m.id, 'month', clauses, 'medical.daily-subsidy', memberLabel(m)));
    else out.push(line('medical.daily-subsidy', m.id, daily.value, 'month', clauses, `${memberLabel(m)}为${bases.join('、')}，发放日常医疗补贴每月${yuan(daily.value)}元`));
  }
  return out;
}
