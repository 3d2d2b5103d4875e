import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { caseNotFound } from '../domain/dibao.errors';
import { checkReviewOpening, noOpenReview, reviewFingerprint, type ReviewOpening } from '../domain/case-review';
import { updateReturning } from '../persistence/update-returning';

/** A review of a case as stored (`case_reviews`). */
export interface CaseReview {
  id: string;
  caseId: string;
  reason: string;
  reasons: string[];
  reportId: string | null;
  openedAt: Date;
  openedBy: string;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolutionNote: string | null;
}

type Db = Pick<EntityManager, 'query'>;

const COLUMNS = `id, case_id, reason, reasons, report_id, opened_at, opened_by, resolved_at, resolved_by, resolution_note`;

function toReview(r: Record<string, unknown>): CaseReview {
  return {
    id: String(r.id),
    caseId: String(r.case_id),
    reason: String(r.reason),
    reasons: r.reasons as string[],
    reportId: (r.report_id as string | null) ?? null,
    openedAt: r.opened_at as Date,
    openedBy: String(r.opened_by),
    resolvedAt: (r.resolved_at as Date | null) ?? null,
    resolvedBy: (r.resolved_by as string | null) ?? null,
    resolutionNote: (r.resolution_note as string | null) ?? null,
  };
}

/**
 * Opens a review on a dibao case (复核): records that a clerk must look at something and why, with
 * the verification report behind it, and writes `review_opened` into the case's history. Runs in
 * the caller's transaction (`manager`); the case's status, amount and payment are not touched —
 * a review never refuses or changes anything by itself (the clerk decides, then resolves it with
 * `resolve_review`; docs/decisions/0012-reviews-of-paid-households.md).
 *
 * Idempotent: the same report never opens the same review twice, and while a review with the same
 * reason and the same sentences is open on the case, opening it again returns that one.
 *
 * @param manager the transaction to write in (an EntityManager of civil affairs' database)
 * @param opening `{caseId, reason, reasons, reportId?, openedBy?}`: `reason` a code such as
 *   `verification-mismatch` or `possible-split-household`, `reasons` one Chinese / English sentence
 *   per thing to look at
 * @returns the review, and `opened: false` when it existed already (nothing written then)
 * @throws DomainError `DIBAO.CASE_NOT_FOUND`; `REVIEW.INVALID_REASON`, `REVIEW.REASONS_REQUIRED`,
 *   `REVIEW.INVALID_REPORT_ID` (invalid) — nothing written
 */
export async function openCaseReview(manager: Db, opening: ReviewOpening): Promise<{ review: CaseReview; opened: boolean }> {
  const o = checkReviewOpening(opening);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(String(o.caseId))) throw caseNotFound(String(o.caseId));
  const [c] = (await manager.query('SELECT status FROM dibao_cases WHERE id = $1', [o.caseId])) as { status: string }[];
  if (!c) throw caseNotFound(o.caseId);
  const fingerprint = reviewFingerprint(o.reason, o.reasons);
  const inserted = (await manager.query(
    `INSERT INTO case_reviews (id, case_id, reason, reasons, fingerprint, report_id, opened_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [randomUUID(), o.caseId, o.reason, o.reasons, fingerprint, o.reportId, o.openedBy],
  )) as Record<string, unknown>[];
  if (inserted[0]) {
    const review = toReview(inserted[0]);
    await manager.query(
      `INSERT INTO case_events (case_id, by, action, from_status, to_status, note) VALUES ($1, $2, 'review_opened', $3, $3, $4)`,
      [o.caseId, o.openedBy, c.status, reviewOpenedNote(review)],
    );
    return { review, opened: true };
  }
  const [existing] = (await manager.query(
    `SELECT ${COLUMNS} FROM case_reviews
      WHERE case_id = $1 AND reason = $2 AND (($3::uuid IS NOT NULL AND report_id = $3::uuid) OR (resolved_at IS NULL AND fingerprint = $4))
      ORDER BY opened_at LIMIT 1`,
    [o.caseId, o.reason, o.reportId, fingerprint],
  )) as Record<string, unknown>[];
  if (!existing) throw new Error(`review of case ${o.caseId} (${o.reason}) neither inserted nor found`);
  return { review: toReview(existing), opened: false };
}

/** The history note of an opened review: the reason, the report, each sentence. */
function reviewOpenedNote(r: CaseReview): string {
  const head = r.reportId ? `复核（${r.reason}，核对报告 ${r.reportId}）/ review (${r.reason}, verification report ${r.reportId})` : `复核（${r.reason}）/ review (${r.reason})`;
  return [head, ...r.reasons.map((s, i) => `${i + 1}. ${s}`)].join('\n');
}

/**
 * Resolves the open reviews of a case — one (`reviewId`) or all of them — with the clerk's note,
 * in the caller's transaction. Nothing else of the case changes.
 * @returns the reviews resolved
 * @throws DomainError `REVIEW.NOT_OPEN` (precondition) when there is no such open review
 */
export async function resolveCaseReviews(manager: Db, caseId: string, by: { username: string; note: string; reviewId?: string }): Promise<CaseReview[]> {
  const reviewId = by.reviewId?.trim() || undefined;
  if (reviewId && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(reviewId)) throw noOpenReview(caseId, reviewId);
  const rows = await updateReturning<Record<string, unknown>>(
    manager,
    `UPDATE case_reviews SET resolved_at = now(), resolved_by = $2, resolution_note = $3
      WHERE case_id = $1 AND resolved_at IS NULL AND ($4::uuid IS NULL OR id = $4::uuid)
      RETURNING ${COLUMNS}`,
    [caseId, by.username, by.note.trim(), reviewId ?? null],
  );
  if (rows.length === 0) throw noOpenReview(caseId, reviewId);
  return rows.map(toReview).sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime());
}

/** Every review of a case, oldest first. */
export async function reviewsOf(db: Db, caseId: string): Promise<CaseReview[]> {
  const rows = (await db.query(`SELECT ${COLUMNS} FROM case_reviews WHERE case_id = $1 ORDER BY opened_at, id`, [caseId])) as Record<string, unknown>[];
  return rows.map(toReview);
}

/** How many open reviews each of `caseIds` has (cases without any are absent). */
export async function openReviewCounts(db: Db, caseIds: readonly string[]): Promise<Map<string, number>> {
  if (caseIds.length === 0) return new Map();
  const rows = (await db.query('SELECT case_id, count(*)::int AS n FROM case_reviews WHERE case_id = ANY($1::uuid[]) AND resolved_at IS NULL GROUP BY case_id', [caseIds])) as {
    case_id: string;
    n: number;
  }[];
  return new Map(rows.map((r) => [r.case_id, r.n]));
}
