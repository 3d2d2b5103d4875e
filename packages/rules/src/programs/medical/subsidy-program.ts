import { parameterSlot, type ParameterTable } from '../../parameter-table';
import type { Household, Reason } from '../../types';
import type { DibaoResult } from '../dibao';
import { constantReason, type ConstantLine, type DibaoReasonLines, type ProgramContext, type ProgramOutcome } from '../program';
import { entitlement as entitlementImport, missingParameterReasons } from './outcome';
import type { SubsidyBasis, SubsidyLine, SubsidyProgram } from './subsidies';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const entitlement = entitlementImport;

const DIBAO_UNDER_REVIEW = constantReason(
  'MEDICAL.DIBAO_UNDER_REVIEW',
  '家庭低保资格需人工审核，低保对象的医疗救助待审核后确定',
  'the household’s dibao needs manual review; medical assistance for dibao members waits for it',
);

const BASIS: SubsidyBasis = { household: null as unknown as Household, asOf: '', dibaoClass: null, params: null as unknown as ParameterTable, explain: true, ages: [] };

/**
 * Appends the outcome of one subsidy program to `out` from the lines of `compute`: paid lines become
 * entitlements (citation appended), review lines a `RULES.MISSING_PARAMETER` reason naming the
 * member and parameter. The household's dibao decides the basis: ELIGIBLE → its class; otherwise
 * no class (only wubao members can qualify, premium only), and when nobody qualifies the program
 * is ineligible (`why.notDibao` plus the dibao reasons, or `why.noMember`) or, while dibao itself needs manual
 * review, under review (`MEDICAL.DIBAO_UNDER_REVIEW` plus the dibao reasons).
 * @param why.notDibao the line (its first reasons, then dibao's) when the household is not a dibao
 *   household and nobody qualifies
 * @param why.noMember the line when the household is a dibao household and nobody qualifies
 * @param why.withoutDibao who can qualify without a dibao class: `wubao` members (the premium
 *   subsidy) or `nobody` (the daily subsidy) — with none of them, a household that is not a dibao
 *   household gets `why.notDibao` without its members being looked at
 */
export function subsidyOutcome(
  program: SubsidyProgram,
  ctx: ProgramContext,
  out: ProgramOutcome,
  compute: (b: SubsidyBasis) => SubsidyLine[],
  why: { notDibao: DibaoReasonLines; noMember: ConstantLine; withoutDibao: 'wubao' | 'nobody' },
): void {
  const d: DibaoResult = ctx.dibao();
  const eligible = d.status === 'ELIGIBLE' && d.dibaoClass !== null;
  if (!eligible && d.status !== 'NEEDS_MANUAL_REVIEW' && (why.withoutDibao === 'nobody' || ctx.members.wubao === 0)) {
    // `compute` would give no line: nobody qualifies without a dibao class.
    why.notDibao.push(out, ctx.explain, d.reasons);
    return;
  }
  // The lines out of line: this stays small enough to be inlined.
  subsidyLines(program, ctx, out, compute, why, d, eligible);
}

function subsidyLines(
  program: SubsidyProgram,
  ctx: ProgramContext,
  out: ProgramOutcome,
  compute: (b: SubsidyBasis) => SubsidyLine[],
  why: { notDibao: DibaoReasonLines; noMember: ConstantLine },
  d: DibaoResult,
  eligible: boolean,
): void {
  // One basis object for every call (evaluation is synchronous; `compute` keeps nothing of it).
  const b = BASIS;
  b.household = ctx.household;
  b.asOf = ctx.asOf;
  b.dibaoClass = eligible ? d.dibaoClass : null;
  b.params = ctx.params;
  b.explain = ctx.explain;
  b.ages = ctx.ages;
  const lines = compute(b);
  let review: Reason[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.kind === 'paid') out.entitlements.push(entitlement(program, l.member.id, l.amountFen, l.period, l.clauses, l.explanationZh));
    else {
      review ??= [];
      for (const r of missingParameterReasons(ctx.params, [parameterSlot(l.missingParameter)], l.member)) review.push(r);
    }
  }
  if (d.status === 'NEEDS_MANUAL_REVIEW') {
    review ??= [];
    review.push(DIBAO_UNDER_REVIEW);
    for (let i = 0; i < d.reasons.length; i++) review.push(d.reasons[i]!);
  } else if (lines.length === 0) {
    if (!eligible) why.notDibao.push(out, ctx.explain, d.reasons);
    else why.noMember.push(out, ctx.explain);
  }
  if (review !== null) out.needsManualReview.push({ program, reasons: review });
}
