import { ageOn } from '../dates';
import { yuan } from '../money';
import { memberLabel } from '../people';
import type { Reason } from '../types';
import { familyPlanningParents } from './family-planning-special.program';
import { entitlement, missingParameterReasons, OutcomeBuilder, readerFor, reason } from './medical/outcome';
import type { ProgramModule } from './program';

const CLAUSES = ['City §4'];

/**
 * Program `family-planning.reward` (计划生育家庭扶助金, City §4): one line per parent (relation `head`
 * or `spouse`), `family-planning.reward` (200 000 fen) per person per year. No rounding: the amount
 * is the parameter's whole-fen value.
 * - Rural hukou: `familyPlanning.ruralOneChildOrTwoDaughters` (one child, two daughters, or two
 *   daughters who died) → both parents; City §4 sets no age for the rural families.
 * - Urban hukou: `familyPlanning.urbanOneChild` and the couple — head AND spouse — both aged ≥
 *   `family-planning.reward.urban-couple-age` (49, the birthday counts) and both not in the basic
 *   pension insurance (`pensionInsured` false; City §4 "无业(即不参加社会基本养老保险统筹的人员)") →
 *   both spouses. The conditions are the couple's: one spouse under 49 or insured → neither is
 *   paid (ineligible `FAMILY_PLANNING.SPOUSE_UNDER_AGE` / `FAMILY_PLANNING.SPOUSE_PENSION_INSURED`,
 *   per spouse). Only one of head and spouse in the household → the couple condition cannot be
 *   checked → review `FAMILY_PLANNING.COUPLE_INCOMPLETE`.
 * Flag not set for the household's hukou → ineligible `FAMILY_PLANNING.NOT_QUALIFYING_FAMILY`; no
 * parent → ineligible `FAMILY_PLANNING.NO_PARENT`; a missing parameter → review naming it.
 */
export const familyPlanningRewardProgram: ProgramModule = {
  program: 'family-planning.reward',
  evaluate(ctx) {
    const out = new OutcomeBuilder('family-planning.reward');
    const fp = ctx.household.familyPlanning;
    const rural = ctx.household.hukou === 'rural';
    const flag = rural ? fp?.ruralOneChildOrTwoDaughters === true : fp?.urbanOneChild === true;
    if (!flag) {
      out.ineligibleReasons.push(
        rural
          ? reason('FAMILY_PLANNING.NOT_QUALIFYING_FAMILY', '农区家庭不是现有一个子女或两个女孩(或两个女孩相继死亡)的计划生育家庭', 'the rural family does not have one child or two daughters')
          : reason('FAMILY_PLANNING.NOT_QUALIFYING_FAMILY', '城区家庭不是现有一个子女的计划生育家庭', 'the urban family does not have one child'),
      );
      return out.outcome();
    }
    const parents = familyPlanningParents(ctx.household);
    if (parents.length === 0) {
      out.ineligibleReasons.push(reason('FAMILY_PLANNING.NO_PARENT', '家庭中没有户主或配偶(计划生育家庭夫妇)', 'no head or spouse (the couple) in the household'));
      return out.outcome();
    }
    const reader = readerFor(ctx);
    const amount = reader.get('family-planning.reward');
    const coupleAge = rural ? undefined : reader.get('family-planning.reward.urban-couple-age');
    if (!amount || (!rural && !coupleAge)) {
      out.reviewReasons.push(...missingParameterReasons(reader));
      return out.outcome();
    }
    if (rural) {
      for (const p of parents) {
        out.entitlements.push(
          entitlement(
            'family-planning.reward',
            p.id,
            amount.value,
            'year',
            CLAUSES,
            `${memberLabel(p)}为农区现有一个子女或两个女孩的计划生育家庭夫妇，发放扶助金每人每年${yuan(amount.value)}元`,
          ),
        );
      }
      return out.outcome();
    }
    const minAge = coupleAge!.value;
    const head = parents.find((m) => m.relation === 'head');
    const spouse = parents.find((m) => m.relation === 'spouse');
    if (!head || !spouse) {
      const present = (head ?? spouse)!;
      out.reviewReasons.push(
        reason(
          'FAMILY_PLANNING.COUPLE_INCOMPLETE',
          `家庭中只有${memberLabel(present)}一方，无法核对夫妇双方是否均年满${minAge}周岁且未参加社会基本养老保险`,
          `only ${memberLabel(present)} of the couple is in the household; the couple's age (${minAge}) and pension insurance cannot be checked`,
          { memberId: present.id },
        ),
      );
      return out.outcome();
    }
    const failures: Reason[] = [];
    for (const p of [head, spouse]) {
      const age = ageOn(p.birthDate, ctx.asOf);
      if (age < minAge) {
        failures.push(
          reason('FAMILY_PLANNING.SPOUSE_UNDER_AGE', `${memberLabel(p)}${age}周岁，夫妇未均年满${minAge}周岁`, `${memberLabel(p)} is ${age}: the couple is not both ${minAge} or over`, { memberId: p.id }),
        );
      }
      if (p.pensionInsured) {
        failures.push(
          reason(
            'FAMILY_PLANNING.SPOUSE_PENSION_INSURED',
            `${memberLabel(p)}参加社会基本养老保险统筹，不属于无业夫妇`,
            `${memberLabel(p)} is in the basic pension insurance, so the couple is not without employment`,
            { memberId: p.id },
          ),
        );
      }
    }
    if (failures.length > 0) {
      out.ineligibleReasons.push(...failures);
      return out.outcome();
    }
    const ages = `${memberLabel(head)}${ageOn(head.birthDate, ctx.asOf)}周岁、${memberLabel(spouse)}${ageOn(spouse.birthDate, ctx.asOf)}周岁`;
    for (const p of [head, spouse]) {
      out.entitlements.push(
        entitlement(
          'family-planning.reward',
          p.id,
          amount.value,
          'year',
          CLAUSES,
          `${memberLabel(p)}为城区现有一个子女的无业计划生育家庭夫妇(${ages}，均年满${minAge}周岁，均未参加社会基本养老保险)，发放扶助金每人每年${yuan(amount.value)}元`,
        ),
      );
    }
    return out.outcome();
  },
};
