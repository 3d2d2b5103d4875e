import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Adjustments of approved dibao cases (docs/decisions/0013-deaths-and-moves.md): one row per change
 * of a case's monthly amount after approval — why (`member-died`), whose, from which month, what the
 * rules found (status, class, amounts, the household's size) with their decision record, and the
 * event that caused it (at most once per case and event).
 */
export class CreateDibaoAdjustments1764600000100 implements MigrationInterface {
  name = 'CreateDibaoAdjustments1764600000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE dibao_adjustments (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES dibao_cases(id),
      household_id uuid NOT NULL,
      reason text NOT NULL CHECK (reason IN ('member-died')),
      person_id uuid NOT NULL,
      event_date date NOT NULL,
      from_month char(7) NOT NULL,
      status text NOT NULL CHECK (status IN ('ELIGIBLE','INELIGIBLE','NO_MEMBERS')),
      dibao_class char(1),
      monthly_amount_fen bigint NOT NULL CHECK (monthly_amount_fen >= 0),
      top_up_fen bigint NOT NULL CHECK (top_up_fen >= 0),
      supplements_fen bigint NOT NULL CHECK (supplements_fen >= 0),
      previous_monthly_amount_fen bigint NOT NULL CHECK (previous_monthly_amount_fen >= 0),
      household_size integer NOT NULL CHECK (household_size >= 0),
      decision_record jsonb,
      source_event_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (case_id, source_event_id))`);
    await q.query('CREATE INDEX dibao_adjustments_case ON dibao_adjustments (case_id, created_at)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE dibao_adjustments');
  }
}
