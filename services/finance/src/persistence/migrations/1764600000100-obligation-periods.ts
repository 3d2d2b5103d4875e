import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case's obligation of a program may change its amount from a month on (an adjustment after a
 * member died: docs/decisions/0013-deaths-and-moves.md): obligations are unique per case, program
 * and first month instead of per case and program, and each row names the adjustment it records,
 * if any.
 */
export class ObligationPeriods1764600000100 implements MigrationInterface {
  name = 'ObligationPeriods1764600000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE obligations DROP CONSTRAINT obligations_case_id_program_key');
    await q.query('ALTER TABLE obligations ADD CONSTRAINT obligations_case_program_from UNIQUE (case_id, program, from_month)');
    await q.query('ALTER TABLE obligations ADD COLUMN adjustment_id uuid');
    await q.query('CREATE INDEX obligations_case ON obligations (case_id, program)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX obligations_case');
    await q.query('ALTER TABLE obligations DROP COLUMN adjustment_id');
    await q.query('ALTER TABLE obligations DROP CONSTRAINT obligations_case_program_from');
    await q.query('ALTER TABLE obligations ADD CONSTRAINT obligations_case_id_program_key UNIQUE (case_id, program)');
  }
}
