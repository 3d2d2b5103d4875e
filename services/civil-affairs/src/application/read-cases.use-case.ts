import type { DataSource } from 'typeorm';
import type { ApplicationMsg, DibaoCaseMsg } from '@wuhai/contracts';
import type { Caller } from '@wuhai/service-kit';
import { requireDepartment } from '@wuhai/service-kit';
import { applicationNotFound, caseNotFound, invalidCursor } from '../domain/dibao.errors';
import { ApplicationEntity, CaseEventEntity, DibaoCaseEntity, type DibaoCaseRow } from '../persistence/civil-affairs.entities';
import { openReviewCounts, reviewsOf, type CaseReview } from './case-reviews';
import { invalidReviewFilter } from '../domain/case-review';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A staff member sees cases of their area only, unless they work city-wide (`*`). */
function inArea(caller: Caller, area: string): boolean {
  return caller.area === '*' || caller.department === 'system' || caller.area === area;
}

/**
 * An application with the route to each case it opened. Any department's staff may read it: the
 * intake window shows its status across departments; the case details stay with civil affairs.
 */
export async function getApplication(ds: DataSource, id: string, caller: Caller): Promise<ApplicationMsg> {
  if (!UUID.test(id)) throw applicationNotFound(id);
  const app = await ds.getRepository(ApplicationEntity).findOneBy({ id });
  if (!app || !inArea(caller, app.area)) throw applicationNotFound(id);
  const cases = await ds.getRepository(DibaoCaseEntity).find({ where: { applicationId: id }, order: { createdAt: 'ASC' } });
  return {
    id: app.id,
    householdId: app.householdId,
    programs: app.programs,
    note: app.note,
    submittedAt: app.submittedAt.toISOString(),
    submittedBy: app.submittedBy,
    area: app.area,
    routes: cases.map((c) => ({ service: 'civil-affairs', caseId: c.id, status: c.status, program: 'dibao', dueDate: c.dueDate ?? '' })),
  };
}

/** One dibao case with its evaluation and history (civil affairs only). */
export async function getCase(ds: DataSource, id: string, caller: Caller): Promise<DibaoCaseMsg> {
  requireDepartment(caller, 'civil-affairs');
  if (!UUID.test(id)) throw caseNotFound(id);
  const row = await ds.getRepository(DibaoCaseEntity).findOneBy({ id });
  if (!row || !inArea(caller, row.area)) throw caseNotFound(id);
  return toCaseMsg(ds, row);
}

/**
 * The work queue: cases filtered by status, area, household and (`review: 'open'`) an open review,
 * oldest first, paged by id.
 * @throws DomainError `REVIEW.INVALID_FILTER` (invalid) for a review filter other than "" or `open`
 */
export async function listCases(
  ds: DataSource,
  filter: { status?: string; area?: string; householdId?: string; limit?: number; after?: string; review?: string },
  caller: Caller,
): Promise<{ cases: DibaoCaseMsg[]; nextAfter: string }> {
  requireDepartment(caller, 'civil-affairs');
  if (filter.review && filter.review !== 'open') throw invalidReviewFilter(filter.review);
  // household_id is a uuid column: anything else matches no case (and must not reach PostgreSQL)
  if (filter.householdId && !UUID.test(filter.householdId)) return { cases: [], nextAfter: '' };
  const limit = Math.min(Math.max(filter.limit || 50, 1), 200);
  const qb = ds.getRepository(DibaoCaseEntity).createQueryBuilder('c').orderBy('c.created_at', 'ASC').addOrderBy('c.id', 'ASC').take(limit + 1);
  if (filter.status) qb.andWhere('c.status = :status', { status: filter.status });
  if (filter.householdId) qb.andWhere('c.household_id = :hid', { hid: filter.householdId });
  if (filter.review === 'open') qb.andWhere('EXISTS (SELECT 1 FROM case_reviews r WHERE r.case_id = c.id AND r.resolved_at IS NULL)');
  const area = caller.area !== '*' && caller.department !== 'system' ? caller.area : filter.area;
  if (area) qb.andWhere('c.area = :area', { area });
  if (filter.after) {
    // Compare with the cursor row's own created_at: the instant in the cursor is cut to
    // milliseconds while PostgreSQL keeps microseconds, so the last row of a page came back on the next.
    const id = Buffer.from(filter.after, 'base64url').toString('utf8').split('|').pop() ?? '';
    if (!UUID.test(id)) throw invalidCursor();
    qb.andWhere('(c.created_at, c.id) > (SELECT created_at, id FROM dibao_cases WHERE id = :afterId)', { afterId: id });
  }
  const rows = await qb.getMany();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const open = await openReviewCounts(ds, page.map((r) => r.id));
  return {
    cases: await Promise.all(page.map((r) => toCaseMsg(ds, r, false, open.get(r.id) ?? 0))),
    nextAfter: rows.length > limit && last ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url') : '',
  };
}

/**
 * A case as the proto message; with its history and reviews unless `withHistory` is false (a queue
 * item then carries `openReviews` as given).
 */
export async function toCaseMsg(ds: DataSource, row: DibaoCaseRow, withHistory = true, openReviews = 0): Promise<DibaoCaseMsg> {
  const history = withHistory ? await ds.getRepository(CaseEventEntity).find({ where: { caseId: row.id }, order: { id: 'ASC' } }) : [];
  const reviews = withHistory ? await reviewsOf(ds, row.id) : [];
  return {
    id: row.id,
    applicationId: row.applicationId,
    householdId: row.householdId,
    program: 'dibao',
    status: row.status,
    area: row.area,
    hukou: row.hukou,
    dibaoClass: row.dibaoClass ?? '',
    monthlyAmountFen: String(row.monthlyAmountFen),
    evaluationJson: JSON.stringify(row.evaluation),
    noticeStartsOn: row.noticeStartsOn ?? '',
    noticeEndsOn: row.noticeEndsOn ?? '',
    decidedOn: row.decidedOn ?? '',
    paymentFromMonth: row.paymentFromMonth ?? '',
    dueDate: row.dueDate ?? '',
    history: history.map((h) => ({
      at: h.at.toISOString(),
      by: h.by,
      action: h.action,
      fromStatus: h.fromStatus ?? '',
      toStatus: h.toStatus,
      note: h.note,
    })),
    createdAt: row.createdAt.toISOString(),
    householdName: row.householdName,
    householdSize: row.householdSize,
    verificationReportId: row.verificationReportId ?? '',
    verificationJson: row.verification ? JSON.stringify(row.verification) : '',
    reviews: reviews.map(toReviewMsg),
    openReviews: withHistory ? reviews.filter((r) => r.resolvedAt === null).length : openReviews,
  };
}

function toReviewMsg(r: CaseReview): DibaoCaseMsg['reviews'][number] {
  return {
    id: r.id,
    reason: r.reason,
    reasons: r.reasons,
    reportId: r.reportId ?? '',
    openedAt: r.openedAt.toISOString(),
    openedBy: r.openedBy,
    resolvedAt: r.resolvedAt?.toISOString() ?? '',
    resolvedBy: r.resolvedBy ?? '',
    resolutionNote: r.resolutionNote ?? '',
  };
}
