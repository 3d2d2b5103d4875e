import { assertFen, roundFenHalfUpToYuan as roundFenHalfUpToYuanImport, yuan as yuanImport } from '../../money';
import { parameterSlot } from '../../parameter-table';
import { memberLabel as memberLabelImport } from '../../people';
import type { Hardship, Reason } from '../../types';
import type { Entitlement, ProgramContext, ProgramOutcome } from '../program';
import { ConstantLine, constantReason, isTekun as isTekunImport, leanReason as leanReasonImport, reason as reasonImport, reasonsWith as reasonsWithImport, withCitation as withCitationImport, type AssistanceFacts, type DecisionSink, type ProgramFold } from './decision';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const yuan = yuanImport;
const memberLabel = memberLabelImport;
const isTekun = isTekunImport;
const leanReason = leanReasonImport;
const reason = reasonImport;
const reasonsWith = reasonsWithImport;
const withCitation = withCitationImport;
const roundFenHalfUpToYuan = roundFenHalfUpToYuanImport;

/** Who approves a temporary grant (DOMAIN defaults interpreting City §13 and Reg. Art. 48). */
export type ApprovalLevel = 'street' | 'district' | 'joint';

/** The waiver carried by the additional funeral line (City §13 基本丧葬服务费用减免). */
export const FUNERAL_WAIVER = 'funeral-basic-services';

/**
 * A `temporary` entitlement line with its added fields (additive to evaluations.md):
 * - the grant line: `approvalLevel` (null when an approval limit is missing) and `priority`
 *   (true for dibao and tekun households, 重点救助; null while dibao is under review);
 * - the funeral line (amount 0): `waiver: 'funeral-basic-services'`.
 */
export interface TemporaryEntitlement extends Entitlement {
  program: 'temporary';
  approvalLevel?: ApprovalLevel | null;
  priority?: boolean | null;
  waiver?: typeof FUNERAL_WAIVER;
}

const CATEGORY_ZH: Record<Hardship['category'], string> = {
  fire: '火灾',
  accident: '意外事故',
  illness: '家庭成员突发重大疾病',
  expense: '生活必需支出突然增加',
  disaster: '灾害',
  funeral: '家庭成员死亡',
  other: '其他特殊困难',
};

const GRANT_CLAUSES = ['City §13', 'Reg. Art. 47', 'Reg. Art. 48'];
const WAIVER_CLAUSES = ['City §13'];
const S_MINIMUM = parameterSlot('temporary.minimum');
const S_MAXIMUM = parameterSlot('temporary.maximum');
const S_STREET = parameterSlot('temporary.approval-limit.street');
const S_DISTRICT = parameterSlot('temporary.approval-limit.district');
const NO_HARDSHIP = new ConstantLine('temporary', constantReason('TEMPORARY.NO_HARDSHIP', '本户未申报突发性、临时性生活困难', 'no hardship is reported for the household'));
const PRIORITY_UNDECIDED = constantReason('TEMPORARY.PRIORITY_UNDECIDED', '低保资格需人工审核，是否属重点救助对象暂不能确定', 'dibao needs manual review, so priority cannot be decided yet');
const FUNERAL_WAIVER_REQUIRES_DIBAO = constantReason(
  'TEMPORARY.FUNERAL_WAIVER_REQUIRES_DIBAO',
  '本户不符合低保条件，基本丧葬服务费用减免限于低保对象',
  'the household does not qualify for dibao; the basic funeral-fee waiver is for dibao recipients',
);
const FUNERAL_WAIVER_UNDECIDED = constantReason(
  'TEMPORARY.FUNERAL_WAIVER_UNDECIDED',
  '低保资格需人工审核，基本丧葬服务费用减免暂不能确定',
  'dibao needs manual review, so the funeral-fee waiver cannot be decided yet',
);
const FUNERAL_WAIVER_EXPLANATION = withCitation(
  '本户为低保家庭，家庭成员死亡，落实低保对象基本丧葬服务费用减免政策，免除遗体接运、暂存、火化、骨灰寄存等基本丧葬服务费用',
  WAIVER_CLAUSES,
);

/**
 * The temporary grant in fen: the assessed need rounded half-up to whole yuan (50 fen up, 49 fen
 * down), then clamped to `[minimumFen, maximumFen]` (City §13: 200–30 000 yuan per household per
 * event). With whole-yuan bounds the result is a whole number of yuan within the bounds.
 * @param needFen assessed need, integer fen ≥ 1
 */
export function temporaryGrantFen(needFen: number, minimumFen: number, maximumFen: number): number {
  return Math.min(maximumFen, Math.max(minimumFen, roundFenHalfUpToYuan(needFen)));
}

/**
 * Who approves a grant of `grantFen`: `street` up to and including `streetLimitFen` (1000 yuan),
 * `district` above it up to and including `districtLimitFen` (5000 yuan), `joint` above. The
 * level follows the grant actually approved (after rounding and clamping), not the raw need.
 */
export function approvalLevelOf(grantFen: number, streetLimitFen: number, districtLimitFen: number): ApprovalLevel {
  if (grantFen <= streetLimitFen) return 'street';
  if (grantFen <= districtLimitFen) return 'district';
  return 'joint';
}

/**
 * The outcome of `temporary` for its program module: without a `hardship` its
 * `TEMPORARY.NO_HARDSHIP` line at once — what `temporaryDecisions` decides then —, else
 * `temporaryDecisions(ctx, fold)` folded into `out`.
 */
export function temporaryOutcome(ctx: ProgramContext, out: ProgramOutcome, fold: ProgramFold): void {
  if (!ctx.household.hardship) {
    NO_HARDSHIP.push(out, ctx.explain);
    return;
  }
  fold.start(out, ctx.explain);
  temporaryDecisions(ctx, fold);
  fold.finish();
}

/**
 * Temporary assistance `temporary` (City §13; Reg. Art. 47–51), household lines (memberId null),
 * period once, for the `hardship` of the household:
 *
 * - No `hardship` → ineligible `TEMPORARY.NO_HARDSHIP`; `assessedNeedFen` 0 →
 *   `TEMPORARY.NO_ASSESSED_NEED`.
 * - Grant = `temporaryGrantFen(need, temporary.minimum, temporary.maximum)`: rounded half-up to
 *   whole yuan, then 20 000 ≤ grant ≤ 3 000 000 fen.
 * - `approvalLevel` = `approvalLevelOf(grant, temporary.approval-limit.street,
 *   temporary.approval-limit.district)` (100 000 / 500 000 fen, DOMAIN defaults).
 * - `priority` true when the household is dibao-eligible on `asOf` or has a tekun member (City §13
 *   重点救助低保家庭、特困供养人员), false otherwise; it changes the order of handling, not the amount.
 * - Funeral-fee waiver: when `hardship.category` is `funeral` and the household is dibao-eligible
 *   (低保对象), an additional line, amount 0, `waiver: 'funeral-basic-services'`; otherwise an
 *   ineligible reason `TEMPORARY.FUNERAL_WAIVER_REQUIRES_DIBAO` (tekun households are not named).
 * - Review: a missing minimum/maximum gives no grant line; a missing approval limit gives the line
 *   with `approvalLevel: null`, and dibao under review (no tekun member) `priority: null` or no
 *   funeral decision — each with a review decision naming the cause.
 *
 * @throws InvalidInputError `RULES.NOT_AN_AMOUNT` when `assessedNeedFen` is not integer fen ≥ 0.
 */
export function temporaryDecisions(f: AssistanceFacts, sink: DecisionSink): void {
  const program = 'temporary';
  const hardship = f.household.hardship;
  if (!hardship) {
    sink.constant(NO_HARDSHIP);
    return;
  }
  assertFen(hardship.assessedNeedFen, 'hardship.assessedNeedFen');
  const explain = f.explain;
  let pending: Reason[] | null = null;
  const members = f.household.members;
  let tekun = 0;
  for (let i = 0; i < members.length; i++) if (isTekun(members[i]!)) tekun++;
  const d = f.dibao();
  const categoryZh = CATEGORY_ZH[hardship.category] ?? CATEGORY_ZH.other;

  let priority: boolean | null;
  let priorityZh = '';
  if (d.status === 'ELIGIBLE') {
    priority = true;
    priorityZh = '；本户为低保家庭，属重点救助对象';
  } else if (tekun > 0) {
    priority = true;
    if (explain) priorityZh = `；本户有特困供养人员${members.filter((m) => isTekun(m)).map(memberLabel).join('、')}，属重点救助对象`;
  } else if (d.status === 'INELIGIBLE') {
    priority = false;
  } else {
    priority = null;
    priorityZh = '；是否属重点救助对象(低保家庭)待低保资格审核后确定';
    pending = reasonsWith(PRIORITY_UNDECIDED, d.reasons);
  }

  const need = hardship.assessedNeedFen;
  if (need === 0) {
    sink.ineligible(program, null, [
      explain
        ? reason('TEMPORARY.NO_ASSESSED_NEED', `本户因${categoryZh}申请临时救助，经评估救助需求为0元`, 'the assessed need is 0')
        : leanReason('TEMPORARY.NO_ASSESSED_NEED', '经评估救助需求为0元 / the assessed need is 0'),
    ]);
  } else {
    const minimum = f.params.value(S_MINIMUM);
    const maximum = f.params.value(S_MAXIMUM);
    if (!minimum || !maximum) {
      sink.review(program, null, 'once', GRANT_CLAUSES, f.params.missingReasons([S_MINIMUM, S_MAXIMUM]), '本户临时救助金额');
    } else {
      const rounded = roundFenHalfUpToYuan(need);
      const grant = temporaryGrantFen(need, minimum.value, maximum.value);
      const street = f.params.value(S_STREET);
      const district = f.params.value(S_DISTRICT);
      let approvalLevel: ApprovalLevel | null = null;
      let approvalZh = '';
      if (!street || !district) {
        approvalZh = '；审批层级待人工确定';
        pending ??= [];
        for (const r of f.params.missingReasons([S_STREET, S_DISTRICT])) pending.push(r);
      } else {
        approvalLevel = approvalLevelOf(grant, street.value, district.value);
        if (explain) {
          approvalZh =
            approvalLevel === 'street'
              ? `；救助金额不超过${yuan(street.value)}元，由街道办事处(乡镇)审批`
              : approvalLevel === 'district'
                ? `；救助金额超过${yuan(street.value)}元、不超过${yuan(district.value)}元，由区民政部门审批`
                : `；救助金额超过${yuan(district.value)}元，由区民政部门会同有关部门联合审核审批`;
        }
      }
      let explanation = '';
      if (explain) {
        let amountZh = `经评估救助需求${yuan(need)}元`;
        if (rounded !== need) amountZh += `，按元四舍五入为${yuan(rounded)}元`;
        if (rounded < minimum.value) amountZh += `，低于每户最低${yuan(minimum.value)}元，按最低标准`;
        else if (rounded > maximum.value) amountZh += `，超过每户最高${yuan(maximum.value)}元，按最高标准`;
        explanation = withCitation(
          `本户因${categoryZh}遭遇突发性、临时性生活困难，${amountZh}，给予临时救助${yuan(grant)}元(每户每次${yuan(minimum.value)}—${yuan(maximum.value)}元)${priorityZh}${approvalZh}`,
          GRANT_CLAUSES,
        );
      }
      const line: TemporaryEntitlement = {
        program,
        memberId: null,
        amountFen: grant,
        period: 'once',
        clauses: [...GRANT_CLAUSES],
        explanation,
        approvalLevel,
        priority,
      };
      sink.entitled(line);
    }
  }

  if (hardship.category === 'funeral') {
    if (d.status === 'ELIGIBLE') {
      const line: TemporaryEntitlement = {
        program,
        memberId: null,
        amountFen: 0,
        period: 'once',
        clauses: [...WAIVER_CLAUSES],
        explanation: explain ? FUNERAL_WAIVER_EXPLANATION : '',
        waiver: FUNERAL_WAIVER,
      };
      sink.entitled(line);
    } else if (d.status === 'INELIGIBLE') {
      sink.ineligible(program, null, reasonsWith(FUNERAL_WAIVER_REQUIRES_DIBAO, d.reasons));
    } else {
      pending ??= [];
      pending.push(FUNERAL_WAIVER_UNDECIDED);
      for (let i = 0; i < d.reasons.length; i++) pending.push(d.reasons[i]!);
    }
  }
  if (pending !== null) sink.review(program, null, 'once', GRANT_CLAUSES, pending, '本户临时救助');
}
