import type { DibaoResult } from '../dibao';
import type { ProgramContext, ProgramOutcome } from '../program';
import type { Reason } from '../../types';
import { entitlement, missingParameterReasons, OutcomeBuilder, readerFor, reason } from './outcome';
import type { SubsidyBasis, SubsidyLine, SubsidyProgram } from './subsidies';

/**
 * Turns the subsidy lines of `compute` into a program outcome for `evaluate()`: paid lines become
 * entitlements (citation appended), review lines a `RULES.MISSING_PARAMETER` reason naming the
 * member and parameter. The household's dibao decides the basis: ELIGIBLE → its class; otherwise
 * no class (only wubao members can qualify, premium only), and when nobody qualifies the program
 * is ineligible (`why.notDibao` plus the dibao reasons, or `why.noMember`) or, while dibao itself needs manual
 * review, under review (`MEDICAL.DIBAO_UNDER_REVIEW` plus the dibao reasons).
 * @param why.notDibao the reason when the household is not a dibao household and nobody qualifies
 * @param why.noMember the reason when the household is a dibao household and nobody qualifies
 */
export function subsidyOutcome(
  program: SubsidyProgram,
  ctx: ProgramContext,
  compute: (b: SubsidyBasis) => SubsidyLine[],
  why: { notDibao: Reason; noMember: Reason },
): ProgramOutcome {
  const d: DibaoResult = ctx.dibao();
  const reader = readerFor(ctx);
  const eligible = d.status === 'ELIGIBLE' && d.dibaoClass !== null;
  const lines = compute({ household: ctx.household, asOf: ctx.asOf, dibaoClass: eligible ? d.dibaoClass : null, reader });
  const out = new OutcomeBuilder(program);
  for (const l of lines) {
    if (l.kind === 'paid') out.entitlements.push(entitlement(program, l.member.id, l.amountFen, l.period, l.clauses, l.explanationZh));
    else out.reviewReasons.push(...missingParameterReasons(reader, l.member, l.missingParameter));
  }
  if (d.status === 'NEEDS_MANUAL_REVIEW') {
    out.reviewReasons.push(
      reason('MEDICAL.DIBAO_UNDER_REVIEW', '家庭低保资格需人工审核，低保对象的医疗救助待审核后确定', 'the household’s dibao needs manual review; medical assistance for dibao members waits for it'),
      ...d.reasons,
    );
  } else if (!eligible && lines.length === 0) {
    out.ineligibleReasons.push(why.notDibao, ...d.reasons);
  } else if (eligible && lines.length === 0) {
    out.ineligibleReasons.push(why.noMember);
  }
  return out.outcome();
}
