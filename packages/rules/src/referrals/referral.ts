import { citeZh } from '../clauses';
import { parameterSlot, type ParameterTable } from '../parameter-table';
import type { ParameterName } from '../parameters';
import type { DibaoClass, Household, Period, Reason } from '../types';

/** Departments an approved dibao household is referred to (City §21). */
export const REFERRAL_DEPARTMENTS = ['disability', 'education', 'employment', 'health', 'housing'] as const;
export type Department = (typeof REFERRAL_DEPARTMENTS)[number];

/** One program a department owes an approved dibao household or member. */
export interface Referral {
  /** Program code (evaluations.md, or `disability.assistance` for the disability federation). */
  program: string;
  /** null for household-level lines. */
  memberId: string | null;
  /** Integer fen per `period`; 0 for non-cash lines (waivers, registration, eligibility). */
  amountFen: number;
  period: Period;
  clauses: string[];
  /** Chinese sentence, amounts in yuan, ending with the citation. */
  explanation: string;
  /** Present only when the line needs manual review (e.g. `RULES.MISSING_PARAMETER`). */
  reasons?: Reason[];
  /** True when the amount could not be determined; `amountFen` is then 0 and must not be paid. */
  needsManualReview?: boolean;
}

/** Inputs of one department's referral rules. */
export interface ReferralContext {
  household: Household;
  asOf: string;
  dibaoClass: DibaoClass;
  /** Parameters in force on `asOf` for the household's hukou and area. */
  params: ParameterTable;
}

/** Builds a line; the explanation gets the Chinese citation appended. */
export function line(
  program: string,
  memberId: string | null,
  amountFen: number,
  period: Period,
  clauses: string[],
  explanationZh: string,
): Referral {
  return { program, memberId, amountFen, period, clauses, explanation: `${explanationZh}，${citeZh(clauses)}` };
}

/** A line whose amount depends on a missing parameter: amount 0, flagged for manual review. */
export function reviewLine(
  ctx: ReferralContext,
  program: string,
  memberId: string | null,
  period: Period,
  clauses: string[],
  parameterName: ParameterName,
  whoZh: string,
): Referral {
  const reasons = ctx.params.missingReasons([parameterSlot(parameterName)]);
  return {
    program,
    memberId,
    amountFen: 0,
    period,
    clauses,
    explanation: `${whoZh}符合条件，但参数“${parameterName}”在${ctx.asOf}没有生效的取值，金额需人工审核，${citeZh(clauses)}`,
    reasons,
    needsManualReview: true,
  };
}
