import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry's verification report a dibao case's `verify` relied on (City §18): its id and what
 * it listed (version, run time, mismatches), so the clerk's case view shows the reasons without
 * another call and the history stays readable if the registry is down.
 */
export class AddCaseVerification1764400000300 implements MigrationInterface {
  name = 'AddCaseVerification1764400000300';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE dibao_cases ADD COLUMN verification_report_id uuid');
    await q.query('ALTER TABLE dibao_cases ADD COLUMN verification jsonb');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE dibao_cases DROP COLUMN verification');
    await q.query('ALTER TABLE dibao_cases DROP COLUMN verification_report_id');
  }
}
