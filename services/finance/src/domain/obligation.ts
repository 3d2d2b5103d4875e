import type { DibaoAdjusted, DibaoApproved } from '@wuhai/contracts';

/** A monthly payment a department has committed to (what finance must fund and pay). */
export interface NewObligation {
  department: string;
  program: string;
  householdId: string;
  caseId: string;
  area: string;
  monthlyAmountFen: number;
  fromMonth: string;
  /** The adjustment the obligation records (`dibao.adjusted`), absent for an approval's. */
  adjustmentId?: string;
}

/** The programs of a dibao case's obligations: the top-up and the supplements (City §3). */
export const DIBAO_PROGRAMS = ['dibao', 'dibao.supplement'] as const;

/**
 * The obligations a dibao approval creates: the household's top-up (`dibao`) and, when any, the
 * members' supplements (`dibao.supplement`), each monthly from the month after approval (MCA-2012
 * procedure step 8; City §3). Amounts are integer fen per month.
 */
export function obligationsForApproval(a: DibaoApproved): NewObligation[] {
  const base = { department: 'civil-affairs', householdId: a.householdId, caseId: a.caseId, area: a.area, fromMonth: a.paymentFromMonth };
  const out: NewObligation[] = [{ ...base, program: 'dibao', monthlyAmountFen: a.topUpFen }];
  if (a.supplementsFen > 0) out.push({ ...base, program: 'dibao.supplement', monthlyAmountFen: a.supplementsFen });
  return out;
}

/**
 * The obligations an adjustment of an approved dibao case creates (docs/decisions/0013-deaths-and-moves.md):
 * from `fromMonth`, the household's top-up (`dibao`) and the supplements (`dibao.supplement`), each
 * only when above 0 — no line at all when nothing is payable (no longer eligible, nobody left).
 * The obligations in force before end the month before `fromMonth` (the month of the death is paid
 * in full). Amounts are integer fen per month.
 */
export function obligationsForAdjustment(a: DibaoAdjusted): NewObligation[] {
  const base = { department: 'civil-affairs', householdId: a.householdId, caseId: a.caseId, area: a.area, fromMonth: a.fromMonth, adjustmentId: a.adjustmentId };
  const out: NewObligation[] = [];
  if (a.topUpFen > 0) out.push({ ...base, program: 'dibao', monthlyAmountFen: a.topUpFen });
  if (a.supplementsFen > 0) out.push({ ...base, program: 'dibao.supplement', monthlyAmountFen: a.supplementsFen });
  return out;
}

/** The month before `month` (`YYYY-MM`). */
export function monthBefore(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
