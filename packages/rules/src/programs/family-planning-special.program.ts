import { ageOn } from '../dates';
import { yuan } from '../money';
import { memberLabel } from '../people';
import type { Household, Member } from '../types';
import { entitlement, missingParameterReasons, OutcomeBuilder, readerFor, reason } from './medical/outcome';
import type { ProgramModule } from './program';

const CLAUSES = ['City §4'];

/** The parents of the family-planning facts: members with relation `head` or `spouse` (evaluations.md). */
export function familyPlanningParents(household: Household): Member[] {
  return household.members.filter((m) => m.relation === 'head' || m.relation === 'spouse');
}

/**
 * Program `family-planning.special` (计划生育特别扶助, City §4 "对独生子女的伤残和死亡家庭父母给予每人每月
 * 1200元和1500元的特别扶助金"): one line per parent (relation `head` or `spouse`), per month in fen:
 * `family-planning.special.disabled-child` (120 000) when `familyPlanning.onlyChild` is `disabled`,
 * `family-planning.special.deceased-child` (150 000) when `deceased`. No rounding: the amounts are
 * the parameters' whole-fen values.
 *
 * DEFAULT condition (national special-assistance scheme): paid once the mother — the one female
 * among head and spouse — is aged ≥ `family-planning.special.mother-age` (49) on `asOf` (her 49th
 * birthday counts); both parents are then paid. The mother under 49 → ineligible
 * `FAMILY_PLANNING.MOTHER_UNDER_AGE`; no (or more than one) female among head and spouse → the age
 * cannot be checked → review `FAMILY_PLANNING.MOTHER_UNKNOWN`. No only-child hardship → ineligible
 * `FAMILY_PLANNING.NO_ONLY_CHILD_HARDSHIP`; no head or spouse in the household → ineligible
 * `FAMILY_PLANNING.NO_PARENT`. A missing parameter → review naming it.
 */
export const familyPlanningSpecialProgram: ProgramModule = {
  program: 'family-planning.special',
  evaluate(ctx) {
    const out = new OutcomeBuilder('family-planning.special');
    const onlyChild = ctx.household.familyPlanning?.onlyChild ?? null;
    if (onlyChild === null) {
      out.ineligibleReasons.push(
        reason('FAMILY_PLANNING.NO_ONLY_CHILD_HARDSHIP', '家庭不是独生子女伤残或死亡的计划生育家庭', 'the family’s only child is neither disabled nor deceased'),
      );
      return out.outcome();
    }
    const parents = familyPlanningParents(ctx.household);
    if (parents.length === 0) {
      out.ineligibleReasons.push(reason('FAMILY_PLANNING.NO_PARENT', '家庭中没有户主或配偶(独生子女的父母)', 'no head or spouse (the only child’s parents) in the household'));
      return out.outcome();
    }
    const reader = readerFor(ctx);
    const amountName = onlyChild === 'disabled' ? 'family-planning.special.disabled-child' : 'family-planning.special.deceased-child';
    const amount = reader.get(amountName);
    const motherAge = reader.get('family-planning.special.mother-age');
    if (!amount || !motherAge) {
      out.reviewReasons.push(...missingParameterReasons(reader));
      return out.outcome();
    }
    const mothers = parents.filter((m) => m.sex === 'F');
    const mother = mothers.length === 1 ? mothers[0]! : undefined;
    if (!mother) {
      out.reviewReasons.push(
        reason(
          'FAMILY_PLANNING.MOTHER_UNKNOWN',
          `户主和配偶中${mothers.length === 0 ? '没有' : '有不止一位'}女方，无法核对女方是否年满${motherAge.value}周岁`,
          `${mothers.length === 0 ? 'no' : 'more than one'} woman among head and spouse; the mother's age (${motherAge.value}) cannot be checked`,
        ),
      );
      return out.outcome();
    }
    const age = ageOn(mother.birthDate, ctx.asOf);
    if (age < motherAge.value) {
      out.ineligibleReasons.push(
        reason(
          'FAMILY_PLANNING.MOTHER_UNDER_AGE',
          `女方${memberLabel(mother)}${age}周岁，未满${motherAge.value}周岁`,
          `the mother ${memberLabel(mother)} is ${age}, under ${motherAge.value}`,
          { memberId: mother.id },
        ),
      );
      return out.outcome();
    }
    const childZh = onlyChild === 'disabled' ? '独生子女伤残' : '独生子女死亡';
    for (const p of parents) {
      out.entitlements.push(
        entitlement(
          'family-planning.special',
          p.id,
          amount.value,
          'month',
          CLAUSES,
          `${memberLabel(p)}为${childZh}家庭的父母，女方${memberLabel(mother)}${age}周岁(年满${motherAge.value}周岁)，发放计划生育特别扶助金每人每月${yuan(amount.value)}元`,
        ),
      );
    }
    return out.outcome();
  },
};
