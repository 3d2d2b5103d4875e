import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reviews of dibao cases (复核; docs/decisions/0012-reviews-of-paid-households.md): one row per
 * thing a clerk must look at on a case — why (a reason code and its sentences), the verification
 * report behind it, when and by whom it was opened and resolved.
 *
 * - The same report never opens the same review twice (`case_reviews_report`), and an open review
 *   with the same reason and sentences is not opened again (`case_reviews_open_same`, on the
 *   fingerprint of reason and sentences): a second run finding the same facts adds nothing.
 * - `case_reviews_open` serves the work queue's `review=open` and the payroll's check.
 */
export class CreateCaseReviews1764500000100 implements MigrationInterface {
  name = 'CreateCaseReviews1764500000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE case_reviews (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES dibao_cases(id),
      reason text NOT NULL CHECK (reason ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(reason) <= 64),
      reasons text[] NOT NULL CHECK (cardinality(reasons) >= 1),
      fingerprint char(64) NOT NULL,
      report_id uuid,
      opened_at timestamptz NOT NULL DEFAULT now(),
      opened_by text NOT NULL,
      resolved_at timestamptz,
      resolved_by text,
      resolution_note text,
      CHECK ((resolved_at IS NULL) = (resolved_by IS NULL) AND (resolved_at IS NULL) = (resolution_note IS NULL)))`);
    await q.query('CREATE UNIQUE INDEX case_reviews_report ON case_reviews (case_id, reason, report_id) WHERE report_id IS NOT NULL');
    await q.query('CREATE UNIQUE INDEX case_reviews_open_same ON case_reviews (case_id, reason, fingerprint) WHERE resolved_at IS NULL');
    await q.query('CREATE INDEX case_reviews_open ON case_reviews (case_id) WHERE resolved_at IS NULL');
    await q.query('CREATE INDEX case_reviews_case ON case_reviews (case_id, opened_at)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE case_reviews');
  }
}
