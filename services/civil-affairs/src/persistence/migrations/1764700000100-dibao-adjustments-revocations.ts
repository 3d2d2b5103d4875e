import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revoked deaths (docs/decisions/0013-deaths-and-moves.md): an adjustment keeps the case's decided
 * household as it was before (`previous_household_snapshot`), so that a death revoked later can
 * count the person again as the case counted them; and `death-revoked` is a reason of adjustment.
 */
export class DibaoAdjustmentsRevocations1764700000100 implements MigrationInterface {
  name = 'DibaoAdjustmentsRevocations1764700000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE dibao_adjustments ADD COLUMN previous_household_snapshot jsonb');
    await q.query('ALTER TABLE dibao_adjustments DROP CONSTRAINT dibao_adjustments_reason_check');
    await q.query(`ALTER TABLE dibao_adjustments ADD CONSTRAINT dibao_adjustments_reason_check CHECK (reason IN ('member-died','death-revoked'))`);
    await q.query('CREATE INDEX dibao_adjustments_person ON dibao_adjustments (person_id, event_date)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX dibao_adjustments_person');
    await q.query(`DELETE FROM dibao_adjustments WHERE reason = 'death-revoked'`);
    await q.query('ALTER TABLE dibao_adjustments DROP CONSTRAINT dibao_adjustments_reason_check');
    await q.query(`ALTER TABLE dibao_adjustments ADD CONSTRAINT dibao_adjustments_reason_check CHECK (reason IN ('member-died'))`);
    await q.query('ALTER TABLE dibao_adjustments DROP COLUMN previous_household_snapshot');
  }
}
