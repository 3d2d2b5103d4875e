import { actionNotAllowed, needsManualReview, noticeNotEnded, notEligible, refusalNeedsReason } from './dibao.errors';
import { reviewNeedsNote } from './case-review';

/**
 * The dibao procedure as a state machine (MCA-2012; DOMAIN.md "Procedure"):
 *
 *   submitted --verify--> verified --start_notice--> under_notice --approve--> approved
 *       \                   \                            \
 *        `------------------ `---------- refuse ---------- `--> refused
 *
 * Approval is possible only after the 7-day public notice has run in full, and only for a
 * household the rules find eligible. A refusal must give its reasons.
 *
 * `resolve_review` closes a case's open review (domain/case-review.ts) with the clerk's written note,
 * in any status; it changes nothing else of the case (what to do about it is the clerk's separate
 * decision).
 */
export const DIBAO_STATUSES = ['submitted', 'verified', 'under_notice', 'approved', 'refused'] as const;
export type DibaoStatus = (typeof DIBAO_STATUSES)[number];
export const DIBAO_ACTIONS = ['verify', 'start_notice', 'approve', 'refuse', 'resolve_review'] as const;
export type DibaoAction = (typeof DIBAO_ACTIONS)[number];

/** Days of public notice (DOMAIN.md procedure step 4; MCA-2012). */
export const NOTICE_DAYS = 7;
/** Working days for investigation and verification (step 2). */
export const VERIFY_WORKING_DAYS = 10;
/** Working days for the community review before the notice (step 3). */
export const REVIEW_WORKING_DAYS = 5;
/** Working days for the decision once the notice ended (step 7). */
export const DECISION_WORKING_DAYS = 3;

export const STATUS_LABELS: Record<DibaoStatus, string> = {
  submitted: '已受理',
  verified: '已调查核实',
  under_notice: '公示中',
  approved: '已批准',
  refused: '不予批准',
};

export interface DibaoCaseState {
  status: DibaoStatus;
  noticeStartsOn: string | null;
  noticeEndsOn: string | null;
  decidedOn: string | null;
  paymentFromMonth: string | null;
  dueDate: string | null;
}

/** What the rules said about the household at the last evaluation. */
export interface EvaluationSummary {
  status: 'ELIGIBLE' | 'INELIGIBLE' | 'NEEDS_MANUAL_REVIEW';
  reasons: string[];
}

const ALLOWED: Record<DibaoAction, DibaoStatus[]> = {
  verify: ['submitted'],
  start_notice: ['verified'],
  approve: ['under_notice'],
  refuse: ['submitted', 'verified', 'under_notice'],
  resolve_review: [...DIBAO_STATUSES],
};

/**
 * Applies an action to a case on `today` (`YYYY-MM-DD`, the city's date).
 * @returns the new state
 * @throws DomainError DIBAO.ACTION_NOT_ALLOWED, DIBAO.NOTICE_NOT_ENDED, DIBAO.NOT_ELIGIBLE,
 *   DIBAO.NEEDS_MANUAL_REVIEW, DIBAO.REFUSAL_NEEDS_REASON, REVIEW.NOTE_REQUIRED
 */
export function applyAction(
  state: DibaoCaseState,
  action: DibaoAction,
  ctx: { today: string; note: string; evaluation: EvaluationSummary },
): DibaoCaseState {
  if (!ALLOWED[action].includes(state.status)) throw actionNotAllowed(action, state.status);
  const { today } = ctx;
  switch (action) {
    case 'verify':
      return { ...state, status: 'verified', dueDate: addWorkingDays(today, REVIEW_WORKING_DAYS) };
    case 'start_notice': {
      if (ctx.evaluation.status === 'NEEDS_MANUAL_REVIEW') throw needsManualReview(ctx.evaluation.reasons.join('；'));
      if (ctx.evaluation.status !== 'ELIGIBLE') throw notEligible(ctx.evaluation.reasons.join('；'));
      const endsOn = addDays(today, NOTICE_DAYS - 1);
      return { ...state, status: 'under_notice', noticeStartsOn: today, noticeEndsOn: endsOn, dueDate: addWorkingDays(endsOn, DECISION_WORKING_DAYS) };
    }
    case 'approve': {
      if (!state.noticeEndsOn || today <= state.noticeEndsOn) throw noticeNotEnded(state.noticeEndsOn ?? '?');
      if (ctx.evaluation.status !== 'ELIGIBLE') throw notEligible(ctx.evaluation.reasons.join('；'));
      return { ...state, status: 'approved', decidedOn: today, paymentFromMonth: monthAfter(today), dueDate: null };
    }
    case 'refuse':
      if (!ctx.note.trim()) throw refusalNeedsReason();
      return { ...state, status: 'refused', decidedOn: today, dueDate: null };
    case 'resolve_review':
      if (!ctx.note.trim()) throw reviewNeedsNote();
      return { ...state };
  }
}

/** The state of a newly submitted case: investigation due in 10 working days. */
export function newCaseState(today: string): DibaoCaseState {
  return {
    status: 'submitted',
    noticeStartsOn: null,
    noticeEndsOn: null,
    decidedOn: null,
    paymentFromMonth: null,
    dueDate: addWorkingDays(today, VERIFY_WORKING_DAYS),
  };
}

/** Whether a case still awaits a decision. */
export function isOpen(status: DibaoStatus): boolean {
  return status !== 'approved' && status !== 'refused';
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** `date` plus `n` working days (Monday–Friday; public holidays are not modelled yet). */
export function addWorkingDays(date: string, n: number): string {
  let d = date;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    const dow = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (dow !== 0 && dow !== 6) left--;
  }
  return d;
}

/** The month after the one of `date`, `YYYY-MM`: dibao is paid from then (procedure step 8). */
export function monthAfter(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
