import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Review runs (docs/decisions/0015-bulk-verification-and-import-reviews.md): after new verification
 * source data is imported, every household with an approved dibao case is verified again and a
 * report with mismatches opens a review on its case.
 *
 * - `review_runs`: one row per run — the imports it answers (`imports`, the events' data), when it
 *   may start (`not_before`: imports arriving close together join one run), how far it got
 *   (`after_household_id`, keyset over the households), its counters, and a lease (`lease_until`,
 *   `lease_token`) so a run whose worker died is taken up again by another, from where it stopped.
 *   At most one run waits to start (`review_runs_one_pending`); an import arriving while a run is
 *   going waits for the next one.
 * - `dibao_cases_approved_household`: the approved cases in household order, the run's read.
 */
export class CreateReviewRuns1764500000200 implements MigrationInterface {
  name = 'CreateReviewRuns1764500000200';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE review_runs (
      id uuid PRIMARY KEY,
      status text NOT NULL CHECK (status IN ('pending','running','done')),
      imports jsonb NOT NULL DEFAULT '[]',
      requested_at timestamptz NOT NULL DEFAULT now(),
      not_before timestamptz NOT NULL DEFAULT now(),
      started_at timestamptz,
      finished_at timestamptz,
      after_household_id uuid,
      lease_until timestamptz,
      lease_token uuid,
      households integer NOT NULL DEFAULT 0,
      reports integer NOT NULL DEFAULT 0,
      with_mismatches integer NOT NULL DEFAULT 0,
      with_inquiries integer NOT NULL DEFAULT 0,
      not_authorised integer NOT NULL DEFAULT 0,
      not_found integer NOT NULL DEFAULT 0,
      reviews_opened integer NOT NULL DEFAULT 0,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      CHECK ((status = 'done') = (finished_at IS NOT NULL)))`);
    await q.query(`CREATE UNIQUE INDEX review_runs_one_pending ON review_runs (status) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX review_runs_unfinished ON review_runs (requested_at) WHERE status <> 'done'`);
    await q.query(`CREATE INDEX dibao_cases_approved_household ON dibao_cases (household_id, decided_on DESC, created_at DESC) WHERE status = 'approved'`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX dibao_cases_approved_household');
    await q.query('DROP TABLE review_runs');
  }
}
