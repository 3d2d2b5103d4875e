import { disabilityZh, memberLabel } from '../people';
import { line, type Referral, type ReferralContext } from './referral';

/**
 * Disability federation (残联, City §21 残联负责残疾人救助): every member holding a disability
 * certificate → `disability.assistance` (amount 0, once), naming category and grade. City §3 names
 * disabled members of dibao households for priority protection.
 */
export function disabilityReferrals(ctx: ReferralContext): Referral[] {
  return ctx.household.members.flatMap((m) =>
    m.disability
      ? [
          line(
            'disability.assistance',
            m.id,
            0,
            'once',
            ['City §3', 'City §21'],
            `${memberLabel(m)}持残疾人证(${disabilityZh(m.disability)}，类别${m.disability.category}、等级${m.disability.grade})，低保家庭残疾人转残联给予残疾人救助`,
          ),
        ]
      : [],
  );
}
