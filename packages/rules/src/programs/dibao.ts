import { citeZh, uniqueClauses } from '../clauses';
import { ageOn } from '../dates';
import { divRoundHalfUp, rateOfFenRoundedToYuan, roundFenHalfUpToYuan, yuan } from '../money';
import { ParameterReader } from '../parameter-reader';
import type { ParameterName, ParameterValue } from '../parameters';
import { checkHousehold, countedMembers, disabilityZh, isAbleToWork, memberLabel } from '../people';
import type { DibaoClass, Household, Member, Reason, Status, Step } from '../types';

/** Why a member gets a supplement (City §3 重点保障对象). */
export type SupplementBasis = 'disability-grade-1-2' | 'age-80' | 'disability-grade-3-4' | 'age-60' | 'minority';

/** One member's dibao supplement (增发补助金), per month. */
export interface SupplementLine {
  memberId: string;
  /** The highest single applicable rate, e.g. 0.05. */
  rate: number;
  /** The criterion that gave `rate` (ties go to the first in `SupplementBasis` order). */
  basis: SupplementBasis;
  /** Every criterion the member meets, with its rate (only the highest is paid). */
  applicable: { basis: SupplementBasis; rate: number }[];
  /** `rate × standard`, rounded half-up to whole yuan, in fen. */
  amountFen: number;
  clauses: string[];
  /** Chinese sentence naming the member by name (not by id), amounts in yuan, with the citation. */
  explanation: string;
}

/** Result of `evaluateDibao`. Money in fen per month. */
export interface DibaoResult {
  status: Status;
  /** A/B/C when ELIGIBLE, else null. */
  dibaoClass: DibaoClass | null;
  /** The standard in force for the household's hukou and area; null when missing. */
  standardFen: number | null;
  /** Members counted: all members except tekun recipients. */
  householdSize: number;
  /** Sum of the counted members' `monthlyIncomeFen`. */
  totalIncomeFen: number;
  /** `totalIncomeFen / householdSize` rounded half-up to fen — display only; null when size is 0. */
  perCapitaIncomeFen: number | null;
  /** Monthly top-up, whole yuan in fen; 0 when INELIGIBLE; null when under manual review and unknown. */
  topUpFen: number | null;
  supplements: SupplementLine[];
  /** `topUpFen + Σ supplements`; 0 when INELIGIBLE; null under manual review. */
  totalMonthlyFen: number | null;
  /** Failed tests (INELIGIBLE) or causes of review (NEEDS_MANUAL_REVIEW); empty when ELIGIBLE. */
  reasons: Reason[];
  clauses: string[];
  /** Chinese sentence for the clerk, amounts in yuan, ending with the citation; members by name. */
  explanation: string;
  /** The trace: machine `label` (`DIBAO_STEP_LABELS`), Chinese `labelZh`, `memberId` on member steps. */
  steps: Step[];
}

const BASIS_ZH: Record<SupplementBasis, string> = {
  'disability-grade-1-2': '一、二级残疾',
  'age-80': '高龄老年人',
  'disability-grade-3-4': '三、四级残疾',
  'age-60': '老年人',
  minority: '少数民族',
};
const BASIS_ORDER: SupplementBasis[] = ['disability-grade-1-2', 'age-80', 'disability-grade-3-4', 'age-60', 'minority'];
const BASIS_PARAMETER: Record<SupplementBasis, ParameterName> = {
  'disability-grade-1-2': 'dibao.supplement.disability-grade-1-2-rate',
  'age-80': 'dibao.supplement.age-80-rate',
  'disability-grade-3-4': 'dibao.supplement.disability-grade-3-4-rate',
  'age-60': 'dibao.supplement.age-60-rate',
  minority: 'dibao.supplement.minority-rate',
};

function reason(code: string, zh: string, en: string, extra: Partial<Reason> = {}): Reason {
  return { code, message: `${zh} / ${en}`, ...extra };
}

/**
 * The stable machine keys of the dibao trace (`Step.label`), in the order steps appear. Tools match
 * on these; clerks read `Step.labelZh`.
 */
export const DIBAO_STEP_LABELS = [
  'standard',
  'household-size',
  'total-income',
  'per-capita-income',
  'income-below-standard',
  'financial-asset-multiple',
  'financial-asset-limit',
  'financial-assets',
  'vehicles',
  'residences',
  'business-capital',
  'dibao-class',
  'top-up-exact',
  'top-up',
  'supplement',
  'total-monthly',
] as const;
export type DibaoStepLabel = (typeof DIBAO_STEP_LABELS)[number];

function step(
  label: DibaoStepLabel,
  labelZh: string,
  value: Step['value'],
  unit: string,
  clause: string,
  extra: Pick<Step, 'parameter' | 'effectiveFrom' | 'memberId'> = {},
): Step {
  return { label, labelZh, value, unit, ...extra, clause };
}

function paramStep(label: DibaoStepLabel, labelZh: string, p: ParameterValue, unit: string, clause: string): Step {
  return step(label, labelZh, p.value, unit, clause, { parameter: p.name, effectiveFrom: p.effectiveFrom });
}

const pct = (r: number) => `${Math.round(r * 10000) / 100}%`;

/** Chinese part of a bilingual message. */
function zhOf(r: Reason): string {
  return r.message.split(' / ')[0] ?? r.message;
}

/**
 * Class A/B/C (分类施保, City §3; DOMAIN "dibao"), over the counted members. A member is able to
 * work when `canWork`, aged 16–59 (`employment.minimum-working-age` ≤ age < `person.elderly-age`),
 * not disability grade 1–2 and not seriously ill. A: nobody is able (a sanwu household, whose
 * members by definition cannot work, is class A too); B: someone is able and every able member is
 * employed; C: some able member is unemployed.
 * @returns the class, or null when an age parameter is missing (recorded in `reader`).
 */
export function dibaoClassOf(members: Member[], asOf: string, reader: ParameterReader): { dibaoClass: DibaoClass | null; able: Member[] } {
  const minimum = reader.get('employment.minimum-working-age');
  const elderly = reader.get('person.elderly-age');
  if (!minimum || !elderly) return { dibaoClass: null, able: [] };
  const able = members.filter((m) => isAbleToWork(m, asOf, { minimumAge: minimum.value, elderlyAge: elderly.value }));
  if (able.length === 0) return { dibaoClass: 'A', able };
  return { dibaoClass: able.every((m) => m.employed) ? 'B' : 'C', able };
}

/**
 * One member's supplement with its trace step, null when the member qualifies for none, or
 * undefined when a needed parameter is missing. Sentences and the step caption name the member
 * with `memberLabel` (the name), never the internal id.
 */
function supplementFor(
  m: Member,
  asOf: string,
  standardFen: number,
  reader: ParameterReader,
): { line: SupplementLine; step: Step } | null | undefined {
  const age = ageOn(m.birthDate, asOf);
  const elderly = reader.get('person.elderly-age');
  const oldest = reader.get('dibao.supplement.oldest-age');
  if (!elderly || !oldest) return undefined;
  const bases: SupplementBasis[] = [];
  if (m.disability && m.disability.grade <= 2) bases.push('disability-grade-1-2');
  if (m.disability && m.disability.grade >= 3) bases.push('disability-grade-3-4');
  if (age >= oldest.value) bases.push('age-80');
  else if (age >= elderly.value) bases.push('age-60');
  if (m.minority) bases.push('minority');
  if (bases.length === 0) return null;
  const applicable: { basis: SupplementBasis; rate: number }[] = [];
  for (const basis of BASIS_ORDER.filter((b) => bases.includes(b))) {
    const p = reader.get(BASIS_PARAMETER[basis]);
    if (!p) return undefined;
    applicable.push({ basis, rate: p.value });
  }
  // Highest single rate; no stacking (City §3 "5%至10%", DOMAIN default). Ties keep BASIS_ORDER.
  const best = applicable.reduce((a, b) => (b.rate > a.rate ? b : a));
  const amountFen = rateOfFenRoundedToYuan(best.rate, standardFen);
  const detail = (b: SupplementBasis) => {
    if (b === 'age-80' || b === 'age-60') return `${age}周岁${BASIS_ZH[b]}`;
    if (b.startsWith('disability') && m.disability) return disabilityZh(m.disability);
    return BASIS_ZH[b];
  };
  // The criterion as a band for the trace caption: `60–79岁`, `80岁以上`, `肢体二级残疾`, `少数民族`.
  const band = (b: SupplementBasis) => {
    if (b === 'age-80') return `${oldest.value}岁以上`;
    if (b === 'age-60') return `${elderly.value}–${oldest.value - 1}岁`;
    if (b.startsWith('disability') && m.disability) return disabilityZh(m.disability);
    return BASIS_ZH[b];
  };
  const others =
    applicable.length > 1
      ? `(同时符合${applicable.map((a) => `${detail(a.basis)}${pct(a.rate)}`).join('、')}，不叠加，取最高一项)`
      : '';
  const exactMicroYuan = standardFen * Math.round(best.rate * 10000);
  const rounding = exactMicroYuan !== amountFen * 10000 ? `${String(exactMicroYuan / 1_000_000)}元，四舍五入为` : '';
  const clauses = ['City §3'];
  const who = memberLabel(m);
  return {
    line: {
      memberId: m.id,
      rate: best.rate,
      basis: best.basis,
      applicable,
      amountFen,
      clauses,
      explanation: `${who}：${detail(best.basis)}，按低保标准${yuan(standardFen)}元的${pct(best.rate)}增发补助金${rounding}${yuan(amountFen)}元/月${others}，${citeZh(clauses)}`,
    },
    step: step('supplement', `增发补助金：${who}（${band(best.basis)}，${pct(best.rate)}）`, amountFen, 'fen', 'City §3', {
      parameter: BASIS_PARAMETER[best.basis],
      memberId: m.id,
    }),
  };
}

/**
 * Evaluates dibao (最低生活保障) for a household on a date (City §3; Reg. Art. 9, 12; DOMAIN "dibao").
 *
 * - Household size: members except tekun recipients (City §4: a tekun person is not also counted).
 * - Counted income: Σ `monthlyIncomeFen` of the counted members (fen per month).
 * - Eligible when `totalIncome < standard × size` (per-capita income strictly below the standard,
 *   compared in exact integers, so income exactly at the standard is NOT eligible) and the assets
 *   test passes: financial assets ≤ `dibao.financial-asset-multiple` (24) × standard × size; no
 *   motor vehicle other than disability vehicles; at most one residence; business capital 0.
 * - Top-up: `(standard − per-capita income) × size`, computed as `standard × size − totalIncome` in
 *   fen and then rounded half-up to whole yuan (50 fen rounds up, 49 fen down).
 * - Supplements (增发补助金), counted members only: highest single applicable rate (disability grade
 *   1–2 10%, grade 3–4 5%, age ≥80 10%, 60–79 5%, minority 5%; no stacking) × standard, rounded
 *   half-up to whole yuan. Ages are whole years on calendar dates (see `ageOn`).
 * - Class A/B/C: see `dibaoClassOf`.
 * - Wording: every Chinese sentence (`explanation`, each supplement's `explanation`) and every
 *   step caption (`steps[].labelZh`) names a member by name (`memberLabel`; the member reference
 *   only when the member has no name), never by internal id. Each step also has a stable machine
 *   `label` (`DIBAO_STEP_LABELS`, e.g. `supplement`) and, when it concerns one member, `memberId`.
 *
 * @param household the household of evaluations.md (money in integer fen, area in m²)
 * @param asOf `YYYY-MM-DD` evaluation date; parameters in force on that date apply
 * @returns ELIGIBLE (amounts), INELIGIBLE (one reason per failed test: `DIBAO.NO_COUNTED_MEMBERS`,
 *   `DIBAO.INCOME_NOT_BELOW_STANDARD`, `DIBAO.FINANCIAL_ASSETS_ABOVE_LIMIT`, `DIBAO.HAS_VEHICLE`,
 *   `DIBAO.MORE_THAN_ONE_RESIDENCE`, `DIBAO.HAS_BUSINESS`) or NEEDS_MANUAL_REVIEW (a reason
 *   `RULES.MISSING_PARAMETER` naming each parameter with no value in force, plus any failed test
 *   already known); amounts are never derived from a missing value.
 * @throws InvalidInputError for malformed input (bad date, negative or fractional fen, no members)
 *   and `RULES.MEMBER_NOT_YET_BORN` for a member born after `asOf` (see `checkHousehold`).
 */
export function evaluateDibao(household: Household, asOf: string): DibaoResult {
  checkHousehold(household, asOf);
  const reader = new ParameterReader(asOf, { hukou: household.hukou, area: household.area });
  const steps: Step[] = [];
  const reasons: Reason[] = [];
  const counted = countedMembers(household);
  const size = counted.length;
  const totalIncomeFen = counted.reduce((s, m) => s + m.monthlyIncomeFen, 0);
  const perCapitaIncomeFen = size > 0 ? divRoundHalfUp(totalIncomeFen, size) : null;
  const hukouZh = household.hukou === 'urban' ? '城区' : '农区';

  // With nobody counted the standard is not needed, so its absence must not force a review.
  const standard = size > 0 ? reader.get('dibao.standard') : undefined;
  if (standard) steps.push(paramStep('standard', `低保标准（${hukouZh}）`, standard, 'fen', 'City §3'));
  const excluded = household.members.length - size;
  steps.push(
    step('household-size', excluded > 0 ? `家庭人口（不含特困供养人员${excluded}人）` : '家庭人口', size, 'persons', excluded > 0 ? 'City §4' : 'City §3'),
  );
  steps.push(step('total-income', '家庭月收入合计', totalIncomeFen, 'fen', 'Reg. Art. 9'));
  steps.push(step('per-capita-income', '人均月收入', perCapitaIncomeFen, 'fen', 'Reg. Art. 9'));

  if (size === 0) {
    reasons.push(
      reason('DIBAO.NO_COUNTED_MEMBERS', '家庭成员均为特困供养人员，不再计入低保家庭', 'every member is a tekun recipient, none is counted for dibao'),
    );
  } else if (standard) {
    const threshold = standard.value * size;
    const below = totalIncomeFen < threshold;
    steps.push(step('income-below-standard', '家庭月收入低于低保标准×人数', below, 'bool', 'Reg. Art. 9'));
    if (!below) {
      reasons.push(
        reason(
          'DIBAO.INCOME_NOT_BELOW_STANDARD',
          `家庭人均月收入${yuan(perCapitaIncomeFen ?? 0)}元不低于低保标准${yuan(standard.value)}元`,
          `per-capita income ${yuan(perCapitaIncomeFen ?? 0)} yuan is not below the standard ${yuan(standard.value)} yuan`,
        ),
      );
    }
    const multiple = reader.get('dibao.financial-asset-multiple');
    if (multiple) {
      const limit = multiple.value * standard.value * size;
      steps.push(paramStep('financial-asset-multiple', '金融资产上限倍数', multiple, 'months', 'Reg. Art. 9'));
      steps.push(step('financial-asset-limit', '金融资产上限（倍数×标准×人数）', limit, 'fen', 'Reg. Art. 9'));
      steps.push(step('financial-assets', '家庭金融资产', household.assets.financialFen, 'fen', 'Reg. Art. 9'));
      if (household.assets.financialFen > limit) {
        reasons.push(
          reason(
            'DIBAO.FINANCIAL_ASSETS_ABOVE_LIMIT',
            `家庭金融资产${yuan(household.assets.financialFen)}元超过上限${yuan(limit)}元(人均${multiple.value}个月低保标准)`,
            `financial assets ${yuan(household.assets.financialFen)} yuan exceed the limit ${yuan(limit)} yuan (${multiple.value} × standard per person)`,
          ),
        );
      }
    }
  }
  if (size > 0) {
    steps.push(step('vehicles', '机动车（不含残疾人代步车）', household.assets.vehicles, 'vehicles', 'Reg. Art. 9'));
    steps.push(step('residences', '住房套数', household.assets.residences, 'residences', 'Reg. Art. 9'));
    steps.push(step('business-capital', '经营注册资本', household.assets.businessCapitalFen, 'fen', 'Reg. Art. 9'));
    if (household.assets.vehicles > 0) {
      reasons.push(reason('DIBAO.HAS_VEHICLE', `家庭拥有${household.assets.vehicles}辆机动车(残疾人代步车除外)`, `the household owns ${household.assets.vehicles} motor vehicle(s) other than disability vehicles`));
    }
    if (household.assets.residences > 1) {
      reasons.push(reason('DIBAO.MORE_THAN_ONE_RESIDENCE', `家庭拥有${household.assets.residences}套住房，超过一套`, `the household owns ${household.assets.residences} residences, more than one`));
    }
    if (household.assets.businessCapitalFen > 0) {
      reasons.push(reason('DIBAO.HAS_BUSINESS', `家庭有注册资本${yuan(household.assets.businessCapitalFen)}元的经营实体`, `the household has a registered business with capital ${yuan(household.assets.businessCapitalFen)} yuan`));
    }
  }

  const { dibaoClass, able } = size > 0 ? dibaoClassOf(counted, asOf, reader) : { dibaoClass: null, able: [] as Member[] };
  if (dibaoClass) {
    steps.push(
      step('dibao-class', `分类施保（有劳动能力${able.length}人，其中未就业${able.filter((m) => !m.employed).length}人）`, dibaoClass, 'class', 'City §3'),
    );
  }

  const clauses = ['City §3', 'Reg. Art. 9'];
  if (excluded > 0) clauses.push('City §4');
  const cite = () => citeZh(uniqueClauses(clauses));
  const decisiveFailure = reasons.length > 0;

  // Top-up and supplements: only when eligible so far.
  let topUpFen: number | null = null;
  const supplements: SupplementLine[] = [];
  let supplementsKnown = true;
  let topUpText = '';
  if (standard && size > 0 && !decisiveFailure) {
    const exact = standard.value * size - totalIncomeFen;
    topUpFen = roundFenHalfUpToYuan(exact);
    // The (standard − per-capita) × size form is shown only when the per-capita income is exact in
    // fen; otherwise a rounded per-capita figure would not multiply back to the amount paid.
    const perCapitaForm = totalIncomeFen % size === 0 ? `(${yuan(standard.value)}−${yuan(totalIncomeFen / size)})×${size}=` : '';
    topUpText =
      `补差${perCapitaForm}${yuan(standard.value)}×${size}−${yuan(totalIncomeFen)}=${yuan(exact)}元` +
      (exact !== topUpFen ? `，四舍五入为${yuan(topUpFen)}元` : '');
    steps.push(step('top-up-exact', '补差金额（标准×人数−家庭收入，取整前）', exact, 'fen', 'Reg. Art. 12'));
    steps.push(step('top-up', '补差金额', topUpFen, 'fen', 'Reg. Art. 12'));
    clauses.push('Reg. Art. 12');
    for (const m of counted) {
      const found = supplementFor(m, asOf, standard.value, reader);
      if (found === undefined) {
        supplementsKnown = false;
        continue;
      }
      if (found === null) continue;
      supplements.push(found.line);
      steps.push(found.step);
    }
  }

  const missing = reader.reasons();
  const base = {
    standardFen: standard?.value ?? null,
    householdSize: size,
    totalIncomeFen,
    perCapitaIncomeFen,
    steps,
  };
  if (missing.length > 0) {
    const r = [...missing, ...reasons];
    return {
      ...base,
      status: 'NEEDS_MANUAL_REVIEW',
      dibaoClass: null,
      topUpFen: decisiveFailure ? 0 : topUpFen,
      supplements: supplementsKnown ? supplements : [],
      totalMonthlyFen: null,
      reasons: r,
      clauses: uniqueClauses(clauses),
      explanation: `需人工审核：${r.map(zhOf).join('；')}，${cite()}`,
    };
  }
  if (decisiveFailure || topUpFen === null) {
    return {
      ...base,
      status: 'INELIGIBLE',
      dibaoClass: null,
      topUpFen: 0,
      supplements: [],
      totalMonthlyFen: 0,
      reasons,
      clauses: uniqueClauses(clauses),
      explanation: `不符合低保条件：${reasons.map(zhOf).join('；')}，${cite()}`,
    };
  }
  const supplementFen = supplements.reduce((s, l) => s + l.amountFen, 0);
  const totalMonthlyFen = topUpFen + supplementFen;
  steps.push(step('total-monthly', '每月合计（补差＋增发补助金）', totalMonthlyFen, 'fen', 'City §3'));
  const stdYuan = standard ? yuan(standard.value) : '';
  const byId = new Map(counted.map((m) => [m.id, m]));
  const nameOf = (id: string) => {
    const m = byId.get(id);
    return m ? memberLabel(m) : id;
  };
  const supplementText = supplements.length
    ? `；增发补助金${supplements.map((s) => `${nameOf(s.memberId)} ${yuan(s.amountFen)}元`).join('、')}，每月合计${yuan(totalMonthlyFen)}元`
    : '';
  return {
    ...base,
    status: 'ELIGIBLE',
    dibaoClass,
    topUpFen,
    supplements,
    totalMonthlyFen,
    reasons: [],
    clauses: uniqueClauses(clauses),
    explanation:
      `${hukouZh}低保标准${stdYuan}元/人·月，共同生活${size}人，家庭月收入${yuan(totalIncomeFen)}元，人均${yuan(perCapitaIncomeFen ?? 0)}元低于标准，财产符合规定，` +
      `${dibaoClass}类；${topUpText}${supplementText}，${cite()}`,
  };
}
