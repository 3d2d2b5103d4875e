import { ageOn } from '../dates';
import { countedMembers, memberLabel } from '../people';
import { line, reviewLine, type Referral, type ReferralContext } from './referral';

/**
 * Employment (人社, City §11–12): each counted dibao member aged from
 * `employment.minimum-working-age` (16) up to but not including the statutory retirement age
 * (`employment.retirement-age.male` 60 / `.female` 50, DOMAIN defaults) who `canWork` and is not
 * employed → `employment.assistance` (0, once). A member turns 16 (or reaches retirement age) on the
 * birthday itself. A missing age parameter gives a line for manual review.
 */
export function employmentReferrals(ctx: ReferralContext): Referral[] {
  const out: Referral[] = [];
  const minimum = ctx.reader.get('employment.minimum-working-age');
  const clauses = ['City §11', 'City §12'];
  for (const m of countedMembers(ctx.household)) {
    if (!m.canWork || m.employed) continue;
    const retirementName = m.sex === 'F' ? 'employment.retirement-age.female' : 'employment.retirement-age.male';
    const retirement = ctx.reader.get(retirementName);
    if (!minimum || !retirement) {
      out.push(reviewLine(ctx, 'employment.assistance', m.id, 'once', clauses, minimum ? retirementName : 'employment.minimum-working-age', memberLabel(m)));
      continue;
    }
    const age = ageOn(m.birthDate, ctx.asOf);
    if (age < minimum.value || age >= retirement.value) continue;
    out.push(
      line(
        'employment.assistance',
        m.id,
        0,
        'once',
        clauses,
        `${memberLabel(m)}，${age}周岁(劳动年龄${minimum.value}周岁至${m.sex === 'F' ? '女' : '男'}性退休年龄${retirement.value}周岁)，有劳动能力但未就业，登记享受免费公共就业服务并优先安排公益性岗位`,
      ),
    );
  }
  return out;
}
