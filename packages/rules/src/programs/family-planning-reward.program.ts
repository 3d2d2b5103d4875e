import { yuan as yuanImport } from '../money';
import { parameterSlot } from '../parameter-table';
import { memberLabel as memberLabelImport } from '../people';
import type { Reason } from '../types';
import { entitlement as entitlementImport, missingParameterReasons } from './medical/outcome';
import { ConstantLine, constantReason, leanReason as leanReasonImport, reason as reasonImport, type ProgramContext, type ProgramModule, type ProgramOutcome } from './program';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const yuan = yuanImport;
const memberLabel = memberLabelImport;
const entitlement = entitlementImport;
const leanReason = leanReasonImport;
const reason = reasonImport;

const CLAUSES = ['City §4'];
const S_AMOUNT = parameterSlot('family-planning.reward');
const S_COUPLE_AGE = parameterSlot('family-planning.reward.urban-couple-age');
const NOT_QUALIFYING_RURAL = new ConstantLine(
  'family-planning.reward',
  constantReason(
    'FAMILY_PLANNING.NOT_QUALIFYING_FAMILY',
    '农区家庭不是现有一个子女或两个女孩(或两个女孩相继死亡)的计划生育家庭',
    'the rural family does not have one child or two daughters',
  ),
);
const NOT_QUALIFYING_URBAN = new ConstantLine(
  'family-planning.reward',
  constantReason('FAMILY_PLANNING.NOT_QUALIFYING_FAMILY', '城区家庭不是现有一个子女的计划生育家庭', 'the urban family does not have one child'),
);
const NO_PARENT = new ConstantLine(
  'family-planning.reward',
  constantReason('FAMILY_PLANNING.NO_PARENT', '家庭中没有户主或配偶(计划生育家庭夫妇)', 'no head or spouse (the couple) in the household'),
);
const LEAN_UNDER_AGE = '夫妇未均达到规定年龄 / the couple is not both of the required age';
const LEAN_INSURED = '夫妇一方参加社会基本养老保险统筹 / one of the couple is in the basic pension insurance';

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
  evaluate(ctx, out) {
    // The couple's decision out of line: this stays small enough to be inlined.
    const h = ctx.household;
    const fp = h.familyPlanning;
    const rural = h.hukou === 'rural';
    const flag = rural ? fp?.ruralOneChildOrTwoDaughters === true : fp?.urbanOneChild === true;
    if (!flag) (rural ? NOT_QUALIFYING_RURAL : NOT_QUALIFYING_URBAN).push(out, ctx.explain);
    else coupleLines(ctx, out, rural);
  },
};

/** The lines of a qualifying family (see `familyPlanningRewardProgram`). */
function coupleLines(ctx: ProgramContext, out: ProgramOutcome, rural: boolean): void {
  const h = ctx.household;
  const members = h.members;
  let head = -1;
  let spouse = -1;
  for (let i = 0; i < members.length; i++) {
    const r = members[i]!.relation;
    if (r === 'head') {
      if (head < 0) head = i;
    } else if (r === 'spouse') {
      if (spouse < 0) spouse = i;
    }
  }
  if (head < 0 && spouse < 0) {
    NO_PARENT.push(out, ctx.explain);
    return;
  }
  const params = ctx.params;
  const amount = params.value(S_AMOUNT);
  const coupleAge = rural ? undefined : params.value(S_COUPLE_AGE);
  if (!amount || (!rural && !coupleAge)) {
    out.needsManualReview.push({ program: 'family-planning.reward', reasons: missingParameterReasons(params, rural ? [S_AMOUNT] : [S_AMOUNT, S_COUPLE_AGE]) });
    return;
  }
  const explain = ctx.explain;
  if (rural) {
    for (let i = 0; i < members.length; i++) {
      const p = members[i]!;
      if (p.relation !== 'head' && p.relation !== 'spouse') continue;
      const sentence = explain ? `${memberLabel(p)}为农区现有一个子女或两个女孩的计划生育家庭夫妇，发放扶助金每人每年${yuan(amount.value)}元` : null;
      out.entitlements.push(entitlement('family-planning.reward', p.id, amount.value, 'year', CLAUSES, sentence));
    }
    return;
  }
  const minAge = coupleAge!.value;
  if (head < 0 || spouse < 0) {
    const present = members[head >= 0 ? head : spouse]!;
    out.needsManualReview.push({
      program: 'family-planning.reward',
      reasons: [
        explain
          ? reason(
              'FAMILY_PLANNING.COUPLE_INCOMPLETE',
              `家庭中只有${memberLabel(present)}一方，无法核对夫妇双方是否均年满${minAge}周岁且未参加社会基本养老保险`,
              `only ${memberLabel(present)} of the couple is in the household; the couple's age (${minAge}) and pension insurance cannot be checked`,
              present.id,
            )
          : leanReason('FAMILY_PLANNING.COUPLE_INCOMPLETE', '家庭中只有夫妇一方，无法核对夫妇双方的条件 / only one of the couple is in the household; the couple cannot be checked', present.id),
      ],
    });
    return;
  }
  let failures: Reason[] | null = null;
  for (let k = 0; k < 2; k++) {
    const i = k === 0 ? head : spouse;
    const p = members[i]!;
    const age = ctx.ages[i]!;
    if (age < minAge) {
      (failures ??= []).push(
        explain
          ? reason('FAMILY_PLANNING.SPOUSE_UNDER_AGE', `${memberLabel(p)}${age}周岁，夫妇未均年满${minAge}周岁`, `${memberLabel(p)} is ${age}: the couple is not both ${minAge} or over`, p.id)
          : leanReason('FAMILY_PLANNING.SPOUSE_UNDER_AGE', LEAN_UNDER_AGE, p.id),
      );
    }
    if (p.pensionInsured) {
      (failures ??= []).push(
        explain
          ? reason(
              'FAMILY_PLANNING.SPOUSE_PENSION_INSURED',
              `${memberLabel(p)}参加社会基本养老保险统筹，不属于无业夫妇`,
              `${memberLabel(p)} is in the basic pension insurance, so the couple is not without employment`,
              p.id,
            )
          : leanReason('FAMILY_PLANNING.SPOUSE_PENSION_INSURED', LEAN_INSURED, p.id),
      );
    }
  }
  if (failures !== null) {
    out.ineligible.push({ program: 'family-planning.reward', reasons: failures });
    return;
  }
  const h0 = members[head]!;
  const s0 = members[spouse]!;
  const ages = explain ? `${memberLabel(h0)}${ctx.ages[head]!}周岁、${memberLabel(s0)}${ctx.ages[spouse]!}周岁` : '';
  for (let k = 0; k < 2; k++) {
    const p = k === 0 ? h0 : s0;
    const sentence = explain
      ? `${memberLabel(p)}为城区现有一个子女的无业计划生育家庭夫妇(${ages}，均年满${minAge}周岁，均未参加社会基本养老保险)，发放扶助金每人每年${yuan(amount.value)}元`
      : null;
    out.entitlements.push(entitlement('family-planning.reward', p.id, amount.value, 'year', CLAUSES, sentence));
  }
}
