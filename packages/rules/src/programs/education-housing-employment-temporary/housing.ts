import { divRoundHalfUp as divRoundHalfUpImport, rateToBasisPoints as rateToBasisPointsImport, yuan as yuanImport } from '../../money';
import { parameterSlot } from '../../parameter-table';
import { memberLabel as memberLabelImport } from '../../people';
import type { Household, Reason } from '../../types';
import type { Entitlement, ProgramContext, ProgramOutcome } from '../program';
import { ConstantLine, constantReason, DibaoReasonLines, dibaoUndecided as dibaoUndecidedImport, entitledLine as entitledLineImport, isTekun as isTekunImport, leanReason as leanReasonImport, reason as reasonImport, reasonsWith as reasonsWithImport, type AssistanceFacts, type DecisionSink, type ProgramFold } from './decision';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const yuan = yuanImport;
const memberLabel = memberLabelImport;
const entitledLine = entitledLineImport;
const leanReason = leanReasonImport;
const reason = reasonImport;
const reasonsWith = reasonsWithImport;
const dibaoUndecided = dibaoUndecidedImport;
const isTekun = isTekunImport;
const divRoundHalfUp = divRoundHalfUpImport;
const rateToBasisPoints = rateToBasisPointsImport;

const RENTAL_FORMS = '给予住房救助(申购或租赁廉租住房、公共租赁住房)，按住房困难程度排队轮候';
const RENTAL_CLAUSES = ['City §9'];
const RENOVATION_CLAUSES = ['City §10'];
const POOR_CLAUSES = ['City §1', 'City §10'];
const S_AREA_THRESHOLD = parameterSlot('housing.living-area-threshold');
const S_STANDARD = parameterSlot('dibao.standard');
const S_MARGIN = parameterSlot('housing.rural-renovation.dibao-edge-margin-rate');
const NO_REASONS: readonly Reason[] = Object.freeze([]);
const AREA_NOT_BELOW_LEAN = leanReason('HOUSING.AREA_NOT_BELOW_THRESHOLD', '人均居住面积不低于规定面积 / living area per person is not below the threshold');
Object.freeze(AREA_NOT_BELOW_LEAN);
const REQUIRES_DIBAO_OR_TEKUN = constantReason('HOUSING.REQUIRES_DIBAO_OR_TEKUN', '本户不符合低保条件，也没有特困供养人员', 'the household neither qualifies for dibao nor has a tekun member');
const NOT_RURAL_HUKOU = constantReason('HOUSING.NOT_RURAL_HUKOU', '本户为城区户籍，农区危房改造限于农区户籍家庭', 'the household has urban hukou; renovation is for rural households');
const HOUSE_NOT_DANGEROUS = constantReason('HOUSING.HOUSE_NOT_DANGEROUS', '住房未被鉴定为C级或D级危房', 'the house is not rated dangerous (grade C or D)');
const REQUIRES_LEAN = new DibaoReasonLines('housing.rental', [REQUIRES_DIBAO_OR_TEKUN]);
const AREA_AND_REQUIRES_LEAN = new DibaoReasonLines('housing.rental', [AREA_NOT_BELOW_LEAN, REQUIRES_DIBAO_OR_TEKUN]);
const NOT_RURAL_LINE = new ConstantLine('housing.rural-renovation', NOT_RURAL_HUKOU);
const NOT_DANGEROUS_LINE = new ConstantLine('housing.rural-renovation', HOUSE_NOT_DANGEROUS);
const NOT_RURAL_NOT_DANGEROUS_LINE = new ConstantLine('housing.rural-renovation', NOT_RURAL_HUKOU, HOUSE_NOT_DANGEROUS);
const NOT_POOR_NOBODY_COUNTED = constantReason('HOUSING.NOT_POOR', '本户不是低保户或五保户，也没有可计算人均收入的成员', 'the household is neither dibao nor wubao and has no counted member');
const NOT_POOR_LEAN = Object.freeze(leanReason('HOUSING.NOT_POOR', '本户不是低保户或五保户，人均月收入不低于贫困线 / neither dibao nor wubao, and per-capita income is not below the poverty line'));

/**
 * Hundredths of m² or of a fraction as text: 1499 → `14.99`, 1500 → `15`, 1510 → `15.1` — the text
 * of `String(n / 100)`, written from the integer's digits (no floating-point formatting).
 */
function hundredths(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 1e15) return String(n / 100);
  const whole = Math.floor(n / 100);
  const cents = n - whole * 100;
  if (cents === 0) return `${whole}`;
  if (cents % 10 === 0) return `${whole}.${cents / 10}`;
  return `${whole}.${cents < 10 ? '0' : ''}${cents}`;
}

/**
 * Rental housing assistance `housing.rental` (City §9 "对无房或人均居住面积低于15平米的低保家庭、
 * 特困供养人员给予住房救助"): one household line (memberId null), amount 0, period once.
 *
 * - Who: a household that is dibao-eligible on `asOf` (`standing()`), or one with an approved
 *   tekun member (`member.tekun` set) — City §9 names tekun people as well.
 * - Need: no home of its own (`homeOwned` false), whatever the area; or living area per person
 *   strictly below `housing.living-area-threshold` (15 m²). Per person counts every member living
 *   in the home, tekun members too. Compared exactly in hundredths of m²:
 *   `round(livingAreaM2 × 100) < round(threshold × 100) × members`, so exactly 15 m² per person
 *   does not qualify (`HOUSING.AREA_NOT_BELOW_THRESHOLD`) and 14.99 does.
 * - Neither dibao nor tekun → `HOUSING.REQUIRES_DIBAO_OR_TEKUN` (with dibao's failed tests).
 * A definite failure of either test decides ineligibility; otherwise a missing threshold or dibao
 * under review gives a review decision naming the cause.
 */
export function rentalDecisions(f: AssistanceFacts, sink: DecisionSink): void {
  const program = 'housing.rental';
  const h = f.household;
  const explain = f.explain;
  const members = h.members;
  const n = members.length;
  let failures: Reason[] | null = null;
  let pending: Reason[] | null = null;

  let needZh = '';
  if (!h.homeOwned) {
    needZh = '无自有住房';
  } else {
    const threshold = f.params.value(S_AREA_THRESHOLD);
    if (!threshold) {
      pending = f.params.missingReasons([S_AREA_THRESHOLD]);
    } else {
      const areaH = Math.round(h.livingAreaM2 * 100);
      const below = areaBelow(h.livingAreaM2, threshold.value, n);
      const perPerson = explain ? (areaH % n === 0 ? hundredths(areaH / n) : `约${hundredths(Math.floor(areaH / n))}`) : '';
      if (below) {
        if (explain) needZh = `居住面积${h.livingAreaM2}平方米、共${n}人，人均${perPerson}平方米，低于${threshold.value}平方米`;
      } else {
        failures = [
          explain
            ? reason(
                'HOUSING.AREA_NOT_BELOW_THRESHOLD',
                `本户有自有住房，居住面积${h.livingAreaM2}平方米、共${n}人，人均${perPerson}平方米，不低于${threshold.value}平方米`,
                `the household owns its home of ${h.livingAreaM2} m² for ${n} people, ${perPerson.replace('约', '≈')} m² per person, not below ${threshold.value} m²`,
              )
            : AREA_NOT_BELOW_LEAN,
        ];
      }
    }
  }

  let tekun = 0;
  for (let i = 0; i < n; i++) if (members[i]!.tekun) tekun++;
  const d = f.dibao();
  let basisZh = '';
  if (d.status === 'ELIGIBLE') {
    if (explain) basisZh = tekun > 0 ? `低保家庭(有特困供养人员${tekunNames(h)})` : '低保家庭';
  } else if (tekun > 0) {
    if (explain) basisZh = `有特困供养人员${tekunNames(h)}的家庭`;
  } else if (d.status === 'NEEDS_MANUAL_REVIEW') {
    pending ??= [];
    for (const r of dibaoUndecided(d.reasons)) pending.push(r);
  } else if (!explain) {
    // Not dibao, no tekun member: ineligible whatever else; dibao's failed tests are shared lists.
    sink.dibaoIneligible(failures === null ? REQUIRES_LEAN : AREA_AND_REQUIRES_LEAN, d.reasons);
    return;
  } else {
    failures ??= [];
    failures.push(REQUIRES_DIBAO_OR_TEKUN);
    for (let i = 0; i < d.reasons.length; i++) failures.push(d.reasons[i]!);
  }

  if (failures !== null) sink.ineligible(program, null, failures);
  else if (pending !== null) sink.review(program, null, 'once', RENTAL_CLAUSES, pending, '本户住房救助');
  else sink.entitled(entitledLine(program, null, 0, 'once', RENTAL_CLAUSES, explain ? `本户为${basisZh}，${needZh}，${RENTAL_FORMS}` : null));
}

/**
 * Whether `areaM2` for `n` people is strictly below `thresholdM2` per person, compared exactly in
 * hundredths of m²: `round(area × 100) < round(threshold × 100) × n`.
 */
function areaBelow(areaM2: number, thresholdM2: number, n: number): boolean {
  return Math.round(areaM2 * 100) < Math.round(thresholdM2 * 100) * n;
}

/**
 * The outcome of `housing.rental` for its program module. On the fast path, a household that does
 * not qualify for dibao and has no tekun member gets at once what `rentalDecisions` decides then:
 * `HOUSING.REQUIRES_DIBAO_OR_TEKUN` with dibao's failed tests, after
 * `HOUSING.AREA_NOT_BELOW_THRESHOLD` when the household owns a home not below the threshold per
 * person. Otherwise `rentalDecisions(ctx, fold)` folded into `out`.
 */
export function rentalOutcome(ctx: ProgramContext, out: ProgramOutcome, fold: ProgramFold): void {
  if (!ctx.explain && ctx.members.tekun === 0) {
    const d = ctx.dibao();
    if (d.status === 'INELIGIBLE') {
      const h = ctx.household;
      const threshold = h.homeOwned ? ctx.params.value(S_AREA_THRESHOLD) : undefined;
      const notBelow = threshold !== undefined && !areaBelow(h.livingAreaM2, threshold.value, h.members.length);
      (notBelow ? AREA_AND_REQUIRES_LEAN : REQUIRES_LEAN).push(out, false, d.reasons);
      return;
    }
  }
  fold.start(out, ctx.explain);
  rentalDecisions(ctx, fold);
  fold.finish();
}

/** The tekun members' names, `、`-joined. */
function tekunNames(h: Household): string {
  return h.members.filter((m) => isTekun(m)).map(memberLabel).join('、');
}

/**
 * Rural dangerous-house renovation `housing.rural-renovation` (City §10 "解决农区低保户、五保户、
 * 贫困残疾人家庭和一般贫困户的危房改造问题"): one household line (memberId null), amount 0, once.
 *
 * - Where: rural hukou (`HOUSING.NOT_RURAL_HUKOU` otherwise) and a house rated dangerous,
 *   `houseDangerGrade` `C` or `D` (`HOUSING.HOUSE_NOT_DANGEROUS` otherwise); checked first.
 * - Who, first that applies: dibao-eligible on `asOf` (农区低保户); a wubao member (五保户); a poor
 *   household — counted per-capita income strictly below the dibao standard ×
 *   (1 + `housing.rural-renovation.dibao-edge-margin-rate`), i.e. below 1.5 × standard (the
 *   glossary's `dibaoEdge`, City §1) — with a disabled member (贫困残疾人家庭) or without
 *   (一般贫困户). Income is that of dibao's counted members (tekun excluded), compared exactly:
 *   `total × 10000 < standard × size × (10000 + margin basis points)`. Otherwise `HOUSING.NOT_POOR`.
 * - How: grade D → rebuild (新建) or replacement (置换); grade C → repair (修缮).
 * A missing standard or margin (needed only when the household is neither dibao nor wubao) gives
 * a review decision naming it.
 */
export function ruralRenovationDecisions(f: AssistanceFacts, sink: DecisionSink): void {
  const program = 'housing.rural-renovation';
  const h = f.household;
  const explain = f.explain;
  const where = renovationRefusal(h);
  if (where !== null) {
    sink.constant(where);
    return;
  }
  const grade = h.houseDangerGrade as 'C' | 'D';

  const d = f.dibao();
  if (d.status === 'ELIGIBLE') {
    sink.entitled(renovation(f, grade, '农区低保户', RENOVATION_CLAUSES));
    return;
  }
  const members = h.members;
  let wubao = false;
  let size = 0;
  let total = 0;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (isTekun(m, 'wubao')) wubao = true;
    if (m.tekun) continue;
    size++;
    total += m.monthlyIncomeFen;
  }
  if (wubao) {
    sink.entitled(renovation(f, grade, explain ? `五保户(五保对象${h.members.filter((m) => isTekun(m, 'wubao')).map(memberLabel).join('、')})` : '', RENOVATION_CLAUSES));
    return;
  }
  const dibaoReasons = d.status === 'INELIGIBLE' ? d.reasons : NO_REASONS;
  if (size === 0) {
    sink.ineligible(program, null, reasonsWith(NOT_POOR_NOBODY_COUNTED, dibaoReasons));
    return;
  }
  const standard = f.params.value(S_STANDARD);
  const margin = f.params.value(S_MARGIN);
  if (!standard || !margin) {
    sink.review(program, null, 'once', POOR_CLAUSES, f.params.missingReasons([S_STANDARD, S_MARGIN]), '本户农区危房改造');
    return;
  }
  const factorBp = 10000 + rateToBasisPoints(margin.value);
  const poor = total * 10000 < standard.value * size * factorBp;
  let incomeZh = '';
  let perCapita = 0;
  let lineFen = 0;
  let factor = '';
  if (explain) {
    perCapita = divRoundHalfUp(total, size);
    lineFen = divRoundHalfUp(standard.value * factorBp, 10000);
    factor = String(factorBp / 10000);
    incomeZh = `人均月收入${yuan(perCapita)}元，低于低保标准${yuan(standard.value)}元的${factor}倍(${yuan(lineFen)}元)`;
  }
  if (poor) {
    let basisZh = '';
    if (explain) {
      const disabled = h.members.filter((m) => m.disability);
      basisZh = disabled.length > 0 ? `贫困残疾人家庭(残疾人${disabled.map(memberLabel).join('、')}，${incomeZh})` : `一般贫困户(${incomeZh})`;
    }
    sink.entitled(renovation(f, grade, basisZh, POOR_CLAUSES));
    return;
  }
  const first = explain
    ? reason(
        'HOUSING.NOT_POOR',
        `本户不是低保户或五保户，人均月收入${yuan(perCapita)}元不低于低保标准${yuan(standard.value)}元的${factor}倍(${yuan(lineFen)}元)`,
        `the household is neither dibao nor wubao and its per-capita income ${yuan(perCapita)} yuan is not below ${factor} × the standard (${yuan(lineFen)} yuan)`,
      )
    : NOT_POOR_LEAN;
  sink.ineligible(program, null, reasonsWith(first, dibaoReasons));
}

/**
 * The line refusing rural renovation for where the household lives — urban hukou
 * (`HOUSING.NOT_RURAL_HUKOU`), a house not rated C or D (`HOUSING.HOUSE_NOT_DANGEROUS`), or both —,
 * or null for a rural household in a dangerous house.
 */
function renovationRefusal(h: Household): ConstantLine | null {
  const grade = h.houseDangerGrade;
  const dangerous = grade === 'C' || grade === 'D';
  if (h.hukou !== 'rural') return dangerous ? NOT_RURAL_LINE : NOT_RURAL_NOT_DANGEROUS_LINE;
  return dangerous ? null : NOT_DANGEROUS_LINE;
}

/**
 * The outcome of `housing.rural-renovation` for its program module: the line of
 * `renovationRefusal` at once when there is one, else `ruralRenovationDecisions(ctx, fold)` folded
 * into `out`.
 */
export function ruralRenovationOutcome(ctx: ProgramContext, out: ProgramOutcome, fold: ProgramFold): void {
  const where = renovationRefusal(ctx.household);
  if (where !== null) {
    where.push(out, ctx.explain);
    return;
  }
  fold.start(out, ctx.explain);
  ruralRenovationDecisions(ctx, fold);
  fold.finish();
}

/** The renovation line: grade D → rebuild or replacement; grade C → repair. */
function renovation(f: AssistanceFacts, grade: 'C' | 'D', basisZh: string, clauses: readonly string[]): Entitlement {
  const how = grade === 'D' ? '采取新建(拆除重建)或置换方式改造' : '采取修缮加固方式改造';
  const sentence = f.explain ? `本户为${basisZh}，农区户籍，住房经鉴定为${grade}级危房，纳入农区危房改造，${how}` : null;
  return entitledLine('housing.rural-renovation', null, 0, 'once', clauses, sentence);
}
