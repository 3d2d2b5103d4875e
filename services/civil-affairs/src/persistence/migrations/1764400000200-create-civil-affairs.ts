import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Applications of the intake window, dibao cases with their history, and the demo clock. */
export class CreateCivilAffairs1764400000200 implements MigrationInterface {
  name = 'CreateCivilAffairs1764400000200';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE applications (
      id uuid PRIMARY KEY,
      household_id uuid NOT NULL,
      area char(6) NOT NULL,
      programs text[] NOT NULL,
      note text NOT NULL DEFAULT '',
      declaration_signed boolean NOT NULL,
      authorisation_signed boolean NOT NULL,
      submitted_by text NOT NULL,
      submitted_at timestamptz NOT NULL DEFAULT now())`);
    await q.query('CREATE INDEX applications_household ON applications (household_id)');
    await q.query(`CREATE TABLE dibao_cases (
      id uuid PRIMARY KEY,
      application_id uuid NOT NULL REFERENCES applications(id),
      household_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('submitted','verified','under_notice','approved','refused')),
      area char(6) NOT NULL,
      hukou text NOT NULL,
      household_name text NOT NULL,
      household_size integer NOT NULL,
      dibao_class char(1),
      monthly_amount_fen bigint NOT NULL DEFAULT 0 CHECK (monthly_amount_fen >= 0),
      top_up_fen bigint NOT NULL DEFAULT 0,
      supplements_fen bigint NOT NULL DEFAULT 0,
      evaluation jsonb NOT NULL,
      household_snapshot jsonb NOT NULL,
      notice_starts_on date,
      notice_ends_on date,
      decided_on date,
      payment_from_month char(7),
      due_date date,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now())`);
    // one open dibao case per household at a time
    await q.query(`CREATE UNIQUE INDEX dibao_cases_one_open ON dibao_cases (household_id) WHERE status NOT IN ('approved','refused')`);
    await q.query('CREATE INDEX dibao_cases_queue ON dibao_cases (status, area, created_at)');
    await q.query(`CREATE TABLE case_events (
      id bigserial PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES dibao_cases(id),
      at timestamptz NOT NULL DEFAULT now(),
      by text NOT NULL,
      action text NOT NULL,
      from_status text,
      to_status text NOT NULL,
      note text NOT NULL DEFAULT '')`);
    await q.query('CREATE INDEX case_events_case ON case_events (case_id, id)');
    await q.query(`CREATE TABLE demo_clock (
      id smallint PRIMARY KEY CHECK (id = 1),
      offset_days integer NOT NULL DEFAULT 0)`);
    await q.query('INSERT INTO demo_clock (id, offset_days) VALUES (1, 0)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE demo_clock');
    await q.query('DROP TABLE case_events');
    await q.query('DROP TABLE dibao_cases');
    await q.query('DROP TABLE applications');
  }
}
