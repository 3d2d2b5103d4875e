import { yuan } from '../money';
import type { ParameterName } from '../parameters';
import { memberLabel } from '../people';
import type { Member, Period } from '../types';
import { line, reviewLine, type Referral, type ReferralContext } from './referral';

const LEVEL_ZH = { preschool: '学前', primary: '小学', junior: '初中', senior: '高中', vocational: '中等职业学校' } as const;

/**
 * Education (City §7–8), for students of the dibao household (orphans included):
 * - preschool → `education.preschool-waiver` (0, year): care and education fees waived;
 * - primary boarder → `education.living-subsidy` 100 000 fen/year; junior boarder → 125 000 fen/year;
 * - senior or vocational boarder → `education.senior-grant` 200 000 fen/year (DOMAIN default
 *   within City §7's 1000–2000 yuan);
 * - newly admitted: bachelor → `education.college-grant` 4 000 000 fen once, junior college →
 *   3 000 000 fen once (City §8).
 * Non-boarding primary to senior students get no line (the subsidies are for boarders).
 */
export function educationReferrals(ctx: ReferralContext): Referral[] {
  const out: Referral[] = [];
  const paid = (m: Member, program: string, period: Period, clause: string, name: ParameterName, text: string) => {
    const p = ctx.reader.get(name);
    if (!p) {
      out.push(reviewLine(ctx, program, m.id, period, [clause], name, memberLabel(m)));
      return;
    }
    const per = period === 'year' ? '每年' : '一次性';
    out.push(line(program, m.id, p.value, period, [clause], `${memberLabel(m)}${text}，${per}${yuan(p.value)}元`));
  };
  for (const m of ctx.household.members) {
    const s = m.school;
    if (s?.level === 'preschool') {
      out.push(line('education.preschool-waiver', m.id, 0, 'year', ['City §7'], `${memberLabel(m)}为低保家庭学前教育在园幼儿，免除保育教育费`));
    } else if (s?.boarding && s.level === 'primary') {
      paid(m, 'education.living-subsidy', 'year', 'City §7', 'education.living-subsidy.primary', '为小学寄宿生，免除住宿费并补助生活费');
    } else if (s?.boarding && s.level === 'junior') {
      paid(m, 'education.living-subsidy', 'year', 'City §7', 'education.living-subsidy.junior', '为初中寄宿生，免除住宿费并补助生活费');
    } else if (s?.boarding && (s.level === 'senior' || s.level === 'vocational')) {
      paid(m, 'education.senior-grant', 'year', 'City §7', 'education.senior-grant', `为${LEVEL_ZH[s.level]}寄宿生，免除住宿费并补助国家助学金`);
    }
    if (m.admission?.level === 'bachelor') {
      paid(m, 'education.college-grant', 'once', 'City §8', 'education.college-grant.bachelor', '录取时为低保家庭子女，考入普通高校本科，新生入学资助');
    } else if (m.admission?.level === 'junior-college') {
      paid(m, 'education.college-grant', 'once', 'City §8', 'education.college-grant.junior-college', '录取时为低保家庭子女，考入普通高校专科或高职高专，新生入学资助');
    }
  }
  return out;
}
