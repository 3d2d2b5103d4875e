import { InvalidInputError } from '../errors';
import { parameterTable } from '../parameter-table';
import { checkHousehold } from '../people';
import type { DibaoClass, Household } from '../types';
import { disabilityReferrals } from './disability';
import { educationReferrals } from './education';
import { employmentReferrals } from './employment';
import { healthReferrals } from './health';
import { housingReferrals } from './housing';
import { REFERRAL_DEPARTMENTS, type Department, type Referral, type ReferralContext } from './referral';

const BY_DEPARTMENT: Record<Department, (ctx: ReferralContext) => Referral[]> = {
  disability: disabilityReferrals,
  education: educationReferrals,
  employment: employmentReferrals,
  health: healthReferrals,
  housing: housingReferrals,
};

/**
 * What one department owes an APPROVED dibao household, by the policy (City §21 division of work):
 * `disability` (City §3, §21), `education` (City §7–8), `employment` (City §11–12), `health`
 * (City §6), `housing` (City §9). See each department's function for the rules.
 *
 * @param department one of `REFERRAL_DEPARTMENTS`
 * @param household the household of evaluations.md (money in fen, living area in m²)
 * @param asOf `YYYY-MM-DD`; ages and parameter values are taken on that date
 * @param dibaoClass the approved household's class A/B/C
 * @returns lines `{program, memberId|null, amountFen (fen per period), period, clauses,
 *   explanation}`; a line whose amount depends on a missing parameter has `amountFen` 0,
 *   `needsManualReview: true` and `reasons` naming the parameter.
 * @throws InvalidInputError `RULES.UNKNOWN_DEPARTMENT`, `RULES.INVALID_FACT` (bad class), and the
 *   input errors of `evaluateDibao`.
 */
export function departmentReferrals(department: Department, household: Household, asOf: string, dibaoClass: DibaoClass): Referral[] {
  const rules = (REFERRAL_DEPARTMENTS as readonly string[]).includes(department) ? BY_DEPARTMENT[department] : undefined;
  if (!rules) throw new InvalidInputError('RULES.UNKNOWN_DEPARTMENT', `未知的转介部门：${String(department)}`, `unknown referral department: ${String(department)}`);
  if (!['A', 'B', 'C'].includes(dibaoClass)) {
    throw new InvalidInputError('RULES.INVALID_FACT', `低保类别无效：${String(dibaoClass)}`, `invalid dibao class: ${String(dibaoClass)}`);
  }
  checkHousehold(household, asOf);
  const params = parameterTable(asOf, { hukou: household.hukou, area: household.area });
  return rules({ household, asOf, dibaoClass, params });
}

export { REFERRAL_DEPARTMENTS, type Department, type Referral } from './referral';
