import { line, reviewLine, type Referral, type ReferralContext } from './referral';

/**
 * Housing (住建, City §9): the household → `housing.rental` (0, once, memberId null) when it owns no
 * home (`homeOwned` false) or its living area per person is strictly below
 * `housing.living-area-threshold` (15 m²). Per person counts every member living in the home
 * (tekun members too; City §9 covers them as well). Compared exactly in hundredths of m²:
 * `round(livingAreaM2 × 100) < round(threshold × 100) × members`, so exactly 15 m² per person does
 * not qualify and 14.99 does.
 */
export function housingReferrals(ctx: ReferralContext): Referral[] {
  const clauses = ['City §9'];
  const n = ctx.household.members.length;
  if (!ctx.household.homeOwned) {
    return [line('housing.rental', null, 0, 'once', clauses, '低保家庭无自有住房，给予住房救助(申购或租赁廉租住房、公共租赁住房)')];
  }
  const threshold = ctx.reader.get('housing.living-area-threshold');
  if (!threshold) return [reviewLine(ctx, 'housing.rental', null, 'once', clauses, 'housing.living-area-threshold', '本户')];
  const areaHundredths = Math.round(ctx.household.livingAreaM2 * 100);
  if (areaHundredths >= Math.round(threshold.value * 100) * n) return [];
  const perPerson = Math.floor(areaHundredths / n) / 100;
  return [
    line(
      'housing.rental',
      null,
      0,
      'once',
      clauses,
      `低保家庭居住面积${ctx.household.livingAreaM2}平方米、${n}人，人均约${perPerson}平方米，低于${threshold.value}平方米，给予住房救助(申购或租赁廉租住房、公共租赁住房)`,
    ),
  ];
}
