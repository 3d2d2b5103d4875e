import { createHash } from 'node:crypto';
import { DomainError } from '@wuhai/contracts';

/**
 * Reviews of a dibao case (复核; City §18, MCA-2012 "dynamic management"): something found after a
 * case was opened — a verification report with mismatches, an annual income figure that needs a
 * person, a missing authorisation, a possibly split household — that a clerk must look at.
 *
 * A review only records that something is to be looked at and why. It never refuses a case,
 * changes an amount or stops a payment: the clerk decides separately (corrects the declaration and
 * verifies again, or ends the case), then resolves the review with a written note. While a case has
 * an open review the payroll holds its payment for a clerk's decision
 * (docs/decisions/0012-reviews-of-paid-households.md).
 */

/** Reason codes the platform opens reviews for; other services may add their own (`a-z`, digits, `-`). */
export const REVIEW_REASONS = {
  /** A verification report lists mismatches with the declaration. */
  verificationMismatch: 'verification-mismatch',
  /** A verification report lists an inquiry (an income figure given only for a year). */
  verificationInquiry: 'verification-inquiry',
  /** The standing authorisation to verify is missing for an adult member: no report could be made. */
  authorisationMissing: 'authorisation-missing',
} as const;

const REASON_CODE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** What opens a review: the case, why (a code and one sentence per reason), and the report behind it. */
export interface ReviewOpening {
  caseId: string;
  /** A reason code such as `verification-mismatch` (lower case words joined by `-`, at most 64 characters). */
  reason: string;
  /** One sentence per thing to look at, Chinese / English; at least one, each at most 2 000 characters. */
  reasons: string[];
  /** The registry's verification report behind the review, when there is one. */
  reportId?: string | null;
  /** Who or what opened it (a username, or a job's name); default `system`. */
  openedBy?: string;
}

/**
 * Checks an opening and returns it normalised (reasons trimmed, empty ones dropped).
 * @throws DomainError `REVIEW.INVALID_REASON` / `REVIEW.REASONS_REQUIRED` / `REVIEW.INVALID_REPORT_ID` (invalid), naming the field
 */
export function checkReviewOpening(o: ReviewOpening): Required<Omit<ReviewOpening, 'reportId'>> & { reportId: string | null } {
  if (typeof o.reason !== 'string' || o.reason.length > 64 || !REASON_CODE.test(o.reason)) {
    throw new DomainError('REVIEW.INVALID_REASON', 'invalid', `复核原因代码无效：${String(o.reason)}`, `invalid review reason code: ${String(o.reason)}`, [
      { path: 'reason', code: 'REVIEW.INVALID_REASON', message: '须为小写英文单词以“-”连接，至多64个字符 / must be lower-case words joined by "-", at most 64 characters' },
    ]);
  }
  const reasons = (o.reasons ?? []).map((r) => String(r).trim()).filter((r) => r.length > 0);
  const tooLong = reasons.findIndex((r) => r.length > 2000);
  if (reasons.length === 0 || tooLong >= 0) {
    throw new DomainError('REVIEW.REASONS_REQUIRED', 'invalid', '复核须写明原因（每条至多2000字）', 'a review needs at least one written reason of at most 2 000 characters', [
      {
        path: tooLong >= 0 ? `reasons.${tooLong}` : 'reasons',
        code: 'REVIEW.REASONS_REQUIRED',
        message: tooLong >= 0 ? '原因过长（至多2000字）/ the reason is longer than 2 000 characters' : '至少写明一条原因 / give at least one reason',
      },
    ]);
  }
  const reportId = o.reportId ? String(o.reportId) : null;
  if (reportId !== null && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(reportId)) {
    throw new DomainError('REVIEW.INVALID_REPORT_ID', 'invalid', '核对报告编号无效', 'reportId must be the uuid of a verification report', [
      { path: 'reportId', code: 'REVIEW.INVALID_REPORT_ID', message: '须为核对报告的 uuid / must be the uuid of a verification report' },
    ]);
  }
  return { caseId: o.caseId, reason: o.reason, reasons, reportId, openedBy: o.openedBy?.trim() || 'system' };
}

/**
 * The fingerprint of what a review is about: the reason and its sentences. An open review with the
 * same fingerprint on the same case is the same review (a second run that finds the same facts
 * opens nothing new).
 */
export function reviewFingerprint(reason: string, reasons: readonly string[]): string {
  return createHash('sha256').update(`${reason}\n${reasons.join('\n')}`).digest('hex');
}

/** Resolving a review needs a written note (what the clerk found and decided). */
export const reviewNeedsNote = () =>
  new DomainError('REVIEW.NOTE_REQUIRED', 'invalid', '办结复核须写明处理意见', 'resolving a review needs a written note of what was found and decided', [
    { path: 'note', code: 'REVIEW.NOTE_REQUIRED', message: '请填写复核处理意见 / write what was found and decided' },
  ]);

/** The case has no open review (or not the one named). */
export const noOpenReview = (caseId: string, reviewId?: string) =>
  new DomainError(
    'REVIEW.NOT_OPEN',
    'precondition',
    reviewId ? `案件 ${caseId} 没有待办的复核 ${reviewId}` : `案件 ${caseId} 没有待办的复核`,
    reviewId ? `case ${caseId} has no open review ${reviewId}` : `case ${caseId} has no open review`,
    reviewId ? [{ path: 'reviewId', code: 'REVIEW.NOT_OPEN', message: '该复核不存在或已办结 / no such open review on this case' }] : [],
  );

/** The work queue's review filter is "" (any case) or `open`. */
export const invalidReviewFilter = (value: string) =>
  new DomainError('REVIEW.INVALID_FILTER', 'invalid', `复核筛选条件无效：${value}`, `review filter must be "open" (got "${value}")`, [
    { path: 'review', code: 'REVIEW.INVALID_FILTER', message: '只能为 open / must be "open"' },
  ]);
