import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Monthly payment obligations committed by departments. */
export class CreateFinance1764400000400 implements MigrationInterface {
  name = 'CreateFinance1764400000400';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE obligations (
      id uuid PRIMARY KEY,
      department text NOT NULL,
      program text NOT NULL,
      household_id uuid NOT NULL,
      case_id uuid NOT NULL,
      area char(6) NOT NULL,
      monthly_amount_fen bigint NOT NULL CHECK (monthly_amount_fen >= 0),
      from_month char(7) NOT NULL,
      until_month char(7),
      source_event_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (case_id, program))`);
    await q.query('CREATE INDEX obligations_household ON obligations (household_id)');
    await q.query('CREATE INDEX obligations_month ON obligations (from_month, until_month)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE obligations');
  }
}
