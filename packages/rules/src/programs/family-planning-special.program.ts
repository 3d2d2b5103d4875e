import { yuan as yuanImport } from '../money';
import { parameterSlot } from '../parameter-table';
import { memberLabel as memberLabelImport } from '../people';
import type { Household, Member } from '../types';
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
const S_DISABLED_CHILD = parameterSlot('family-planning.special.disabled-child');
const S_DECEASED_CHILD = parameterSlot('family-planning.special.deceased-child');
const S_MOTHER_AGE = parameterSlot('family-planning.special.mother-age');
const NO_ONLY_CHILD_HARDSHIP = new ConstantLine(
  'family-planning.special',
  constantReason('FAMILY_PLANNING.NO_ONLY_CHILD_HARDSHIP', '家庭不是独生子女伤残或死亡的计划生育家庭', 'the family’s only child is neither disabled nor deceased'),
);
const NO_PARENT = new ConstantLine(
  'family-planning.special',
  constantReason('FAMILY_PLANNING.NO_PARENT', '家庭中没有户主或配偶(独生子女的父母)', 'no head or spouse (the only child’s parents) in the household'),
);

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
  evaluate(ctx, out) {
    // The parents' decision out of line: this stays small enough to be inlined.
    const onlyChild = ctx.household.familyPlanning?.onlyChild ?? null;
    if (onlyChild === null) NO_ONLY_CHILD_HARDSHIP.push(out, ctx.explain);
    else parentLines(ctx, out, onlyChild);
  },
};

/** The lines of a family whose only child is disabled or deceased (see `familyPlanningSpecialProgram`). */
function parentLines(ctx: ProgramContext, out: ProgramOutcome, onlyChild: 'disabled' | 'deceased'): void {
  const h = ctx.household;
  const members = h.members;
  let parents = 0;
  let mothers = 0;
  let motherIndex = -1;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.relation !== 'head' && m.relation !== 'spouse') continue;
    parents++;
    if (m.sex === 'F') {
      mothers++;
      motherIndex = i;
    }
  }
  if (parents === 0) {
    NO_PARENT.push(out, ctx.explain);
    return;
  }
  const params = ctx.params;
  const amountSlot = onlyChild === 'disabled' ? S_DISABLED_CHILD : S_DECEASED_CHILD;
  const amount = params.value(amountSlot);
  const motherAge = params.value(S_MOTHER_AGE);
  if (!amount || !motherAge) {
    out.needsManualReview.push({ program: 'family-planning.special', reasons: missingParameterReasons(params, [amountSlot, S_MOTHER_AGE]) });
    return;
  }
  if (mothers !== 1) {
    out.needsManualReview.push({
      program: 'family-planning.special',
      reasons: [
        ctx.explain
          ? reason(
              'FAMILY_PLANNING.MOTHER_UNKNOWN',
              `户主和配偶中${mothers === 0 ? '没有' : '有不止一位'}女方，无法核对女方是否年满${motherAge.value}周岁`,
              `${mothers === 0 ? 'no' : 'more than one'} woman among head and spouse; the mother's age (${motherAge.value}) cannot be checked`,
            )
          : leanReason('FAMILY_PLANNING.MOTHER_UNKNOWN', '户主和配偶中没有或有不止一位女方，无法核对女方年龄 / no single woman among head and spouse; the mother’s age cannot be checked'),
      ],
    });
    return;
  }
  const mother = members[motherIndex]!;
  const age = ctx.ages[motherIndex]!;
  if (age < motherAge.value) {
    out.ineligible.push({
      program: 'family-planning.special',
      reasons: [
        ctx.explain
          ? reason(
              'FAMILY_PLANNING.MOTHER_UNDER_AGE',
              `女方${memberLabel(mother)}${age}周岁，未满${motherAge.value}周岁`,
              `the mother ${memberLabel(mother)} is ${age}, under ${motherAge.value}`,
              mother.id,
            )
          : leanReason('FAMILY_PLANNING.MOTHER_UNDER_AGE', '女方未达到规定年龄 / the mother is under the required age', mother.id),
      ],
    });
    return;
  }
  const childZh = onlyChild === 'disabled' ? '独生子女伤残' : '独生子女死亡';
  for (let i = 0; i < members.length; i++) {
    const p = members[i]!;
    if (p.relation !== 'head' && p.relation !== 'spouse') continue;
    const sentence = ctx.explain
      ? `${memberLabel(p)}为${childZh}家庭的父母，女方${memberLabel(mother)}${age}周岁(年满${motherAge.value}周岁)，发放计划生育特别扶助金每人每月${yuan(amount.value)}元`
      : null;
    out.entitlements.push(entitlement('family-planning.special', p.id, amount.value, 'month', CLAUSES, sentence));
  }
}
