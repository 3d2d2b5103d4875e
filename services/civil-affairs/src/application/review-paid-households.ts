import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { SourcesImported, TypedClient, VerificationOutcomeMsg } from '@wuhai/contracts';
import { signStaffToken, WorkLoop, type Caller, type Logger } from '@wuhai/service-kit';
import { REVIEW_REASONS } from '../domain/case-review';
import { openCaseReview } from './case-reviews';
import { updateReturning } from '../persistence/update-returning';

/**
 * Reviews of paid households after new source data (City §18: verification is repeated while
 * assistance is paid; docs/decisions/0015-bulk-verification-and-import-reviews.md).
 *
 * Every import the registry announces joins the waiting review run (`review_runs`); a runner takes
 * the run once the imports have settled and verifies every household with an approved dibao case
 * through the registry's `VerifyHouseholds`, a page of households at a time, keyed by the run (a
 * retried page answers the reports it stored before). For each household:
 *  - a report with mismatches opens a `verification-mismatch` review of the case, with the
 *    report's sentences and id; with inquiries (annual figures), a `verification-inquiry` review;
 *  - without the standing authorisation (signed at application) of every adult, no report can be
 *    made: an `authorisation-missing` review says so and names who must sign.
 * A review never refuses a case or changes a payment; the payroll holds a case with an open review
 * for the clerk's decision (docs/decisions/0012-reviews-of-paid-households.md).
 */

/** Who the runner acts as towards the registry (a platform job of civil affairs, city-wide). */
export const REVIEW_RUNNER_CALLER: Caller = {
  staffId: 'civil-affairs.reviews',
  username: 'civil-affairs.reviews',
  department: 'civil-affairs',
  area: '*',
  role: 'system',
};

/**
 * Adds an announced import to the run waiting to start (creating it when none waits), and moves its
 * start to `settleMs` from now, so the files of one delivery make one run. In the caller's
 * transaction (the consumer's, with its inbox row).
 * @returns the id of the run the import joined
 */
export async function requestReviewRun(manager: Pick<EntityManager, 'query'>, imported: SourcesImported & { eventId: string }, settleMs: number): Promise<string> {
  const [row] = (await manager.query(
    `INSERT INTO review_runs (id, status, imports, not_before) VALUES ($1, 'pending', jsonb_build_array($2::jsonb), now() + $3 * interval '1 millisecond')
     ON CONFLICT (status) WHERE status = 'pending'
     DO UPDATE SET imports = review_runs.imports || EXCLUDED.imports, not_before = EXCLUDED.not_before
     RETURNING id`,
    [randomUUID(), JSON.stringify(imported), settleMs],
  )) as { id: string }[];
  return row!.id;
}

export interface ReviewRunnerOptions {
  ds: DataSource;
  registry: TypedClient<'registry'>;
  /** Secret the runner's token for the registry is signed with (the platform's JWT secret). */
  jwtSecret: string;
  logger: Logger;
  /** Households verified per registry call (default 200). */
  batchSize?: number;
  /** How often waiting runs are looked for when nothing wakes the runner, ms (default 2 000). */
  pollMs?: number;
  /** How long a run is held by a runner between two pages before another may take it, ms (default 120 000). */
  leaseMs?: number;
  /** Deadline of one registry call, ms (default 120 000). */
  callTimeoutMs?: number;
}

interface ClaimedRun {
  id: string;
  token: string;
  after: string | null;
  attempts: number;
}

class LeaseLost extends Error {}

/**
 * Runs the waiting review runs, one at a time, in the order they were requested. `start()` begins
 * polling; `kick()` looks at once; `stop()` ends after the page in progress (the run is taken up
 * again from its last page by the next start, or by another process once the lease ran out).
 */
export class ReviewRunner extends WorkLoop {
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly callTimeoutMs: number;

  constructor(private readonly o: ReviewRunnerOptions) {
    // kick() looks for a run at once (call after an import joined one)
    super({ idleMs: o.pollMs ?? 2000, logger: o.logger, failureMessage: 'review run failed; it will be taken up again', unrefTimer: true });
    this.batchSize = o.batchSize ?? 200;
    this.leaseMs = o.leaseMs ?? 120_000;
    this.callTimeoutMs = o.callTimeoutMs ?? 120_000;
  }

  protected round(): Promise<boolean> {
    return this.runOnce();
  }

  /**
   * Takes the oldest run that may start (or whose holder's lease ran out) and works through it.
   * @returns whether a run was taken
   */
  async runOnce(): Promise<boolean> {
    const run = await this.claim();
    if (!run) return false;
    try {
      while (!this.stopped) {
        const more = await this.page(run);
        if (!more) return true;
      }
      await this.release(run, null);
    } catch (err) {
      if (err instanceof LeaseLost) return true;
      await this.release(run, err).catch(() => undefined);
      throw err;
    }
    return true;
  }

  private async claim(): Promise<ClaimedRun | undefined> {
    const token = randomUUID();
    const [r] = await updateReturning<{ id: string; after_household_id: string | null; attempts: number }>(
      this.o.ds,
      `UPDATE review_runs SET status = 'running', started_at = coalesce(started_at, now()), lease_token = $1,
              lease_until = now() + $2 * interval '1 millisecond'
        WHERE id = (SELECT id FROM review_runs
                     WHERE status <> 'done' AND not_before <= now() AND (lease_until IS NULL OR lease_until < now())
                     ORDER BY requested_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id, after_household_id, attempts`,
      [token, this.leaseMs],
    );
    if (!r) return undefined;
    this.o.logger.info({ runId: r.id, after: r.after_household_id }, 'review run started');
    return { id: r.id, token, after: r.after_household_id, attempts: r.attempts };
  }

  /** Verifies the next page of paid households and opens their reviews. @returns whether more may follow */
  private async page(run: ClaimedRun): Promise<boolean> {
    const cases = (await this.o.ds.query(
      `SELECT DISTINCT ON (household_id) id, household_id FROM dibao_cases
        WHERE status = 'approved' AND ($1::uuid IS NULL OR household_id > $1::uuid)
        ORDER BY household_id, decided_on DESC, created_at DESC LIMIT $2`,
      [run.after, this.batchSize],
    )) as { id: string; household_id: string }[];
    if (cases.length === 0) {
      const [counts] = await updateReturning<{ households: number; reviews_opened: number }>(
        this.o.ds,
        `UPDATE review_runs SET status = 'done', finished_at = now(), lease_until = NULL, lease_token = NULL, last_error = NULL
          WHERE id = $1 AND lease_token = $2 RETURNING households, reviews_opened`,
        [run.id, run.token],
      );
      this.o.logger.info({ runId: run.id, ...counts }, 'review run finished');
      return false;
    }
    const token = signStaffToken(REVIEW_RUNNER_CALLER, this.o.jwtSecret, 600);
    const answer = await this.o.registry.VerifyHouseholds(
      { householdIds: cases.map((c) => c.household_id), all: false, after: '', limit: 0, runKey: `review-run:${run.id}` },
      { metadata: { authorization: `Bearer ${token}`, 'x-correlation-id': `review-run:${run.id}` }, timeoutMs: this.callTimeoutMs },
    );
    const caseOf = new Map(cases.map((c) => [c.household_id, c.id]));
    await this.o.ds.transaction(async (manager) => {
      const held = await updateReturning(
        manager,
        `UPDATE review_runs SET after_household_id = $3, lease_until = now() + $4 * interval '1 millisecond', attempts = 0, last_error = NULL,
                households = households + $5, reports = reports + $6, with_mismatches = with_mismatches + $7, with_inquiries = with_inquiries + $8,
                not_authorised = not_authorised + $9, not_found = not_found + $10
          WHERE id = $1 AND lease_token = $2 RETURNING id`,
        [
          run.id,
          run.token,
          cases[cases.length - 1]!.household_id,
          this.leaseMs,
          cases.length,
          answer.verified,
          answer.outcomes.filter((o) => o.report && o.report.mismatchCount > 0).length,
          answer.outcomes.filter((o) => o.report && o.report.inquiryCount > 0).length,
          answer.notAuthorised,
          answer.notFound,
        ],
      );
      if (held.length === 0) throw new LeaseLost(`review run ${run.id} is held by another runner`);
      let opened = 0;
      for (const outcome of answer.outcomes) {
        const caseId = caseOf.get(outcome.householdId);
        if (!caseId) continue;
        for (const opening of reviewsFor(outcome)) {
          const r = await openCaseReview(manager, { caseId, ...opening, openedBy: REVIEW_RUNNER_CALLER.username });
          if (r.opened) opened++;
        }
        if (outcome.outcome === 'not-found') this.o.logger.warn({ runId: run.id, caseId, householdId: outcome.householdId }, 'paid household not found in the registry');
      }
      await manager.query('UPDATE review_runs SET reviews_opened = reviews_opened + $2 WHERE id = $1', [run.id, opened]);
    });
    run.after = cases[cases.length - 1]!.household_id;
    return true; // the next page may be empty: the run is then finished
  }

  /** Gives the run back (after an error: to be retried later, with a growing delay). */
  private async release(run: ClaimedRun, err: unknown): Promise<void> {
    const delayMs = err ? Math.min(300_000, 5_000 * 2 ** run.attempts) : 0;
    await this.o.ds.query(
      `UPDATE review_runs SET lease_token = NULL, lease_until = now() + $3 * interval '1 millisecond',
              attempts = attempts + $4, last_error = $5
        WHERE id = $1 AND lease_token = $2`,
      [run.id, run.token, delayMs, err ? 1 : 0, err ? String(err instanceof Error ? err.message : err).slice(0, 2000) : null],
    );
  }
}

/** The reviews one household's outcome opens: none when its report found nothing. */
export function reviewsFor(outcome: VerificationOutcomeMsg): { reason: string; reasons: string[]; reportId: string | null }[] {
  const out: { reason: string; reasons: string[]; reportId: string | null }[] = [];
  if (outcome.outcome === 'verified' && outcome.report) {
    const r = outcome.report;
    if (r.mismatchCount > 0) out.push({ reason: REVIEW_REASONS.verificationMismatch, reasons: r.mismatches.map((m) => m.note), reportId: r.id });
    if (r.inquiryCount > 0) out.push({ reason: REVIEW_REASONS.verificationInquiry, reasons: r.inquiries.map((q) => q.note), reportId: r.id });
  }
  if (outcome.outcome === 'not-authorised') {
    out.push({
      reason: REVIEW_REASONS.authorisationMissing,
      reasons: [
        `${outcome.note}。申请时签署的核对授权书是复核的常设授权，须补签后方可核对 / the authorisation signed at application is the standing authorisation for reviews; the household cannot be verified until it is signed`,
      ],
      reportId: null,
    });
  }
  return out;
}
