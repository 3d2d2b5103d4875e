import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for reading a household as it was on a day (`StreamHouseholdFacts` with `asOf`,
 * docs/decisions/0017-batch-evaluation-api.md), from the history the registry keeps already
 * (decision 0013): moves are the `members.<personId>.movedOut` / `.movedIn` entries of
 * `household_changes`, the deceased keep `last_household_id`.
 *
 * - `household_changes_moves`: the move entries of a page of households, without reading the
 *   rest of their histories;
 * - `household_changes_moved_out_person`: every move of a person (the person id is the second part
 *   of the field name);
 * - `persons_deceased_household`: the deceased of a page of households (`household_id` is NULL
 *   once a person died).
 *
 * Partial indexes: they hold only moves and the deceased, a small part of each table.
 */
export class HouseholdStreamAsOf1765100000100 implements MigrationInterface {
  name = 'HouseholdStreamAsOf1765100000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX household_changes_moves ON household_changes (household_id) WHERE field LIKE 'members.%.moved%'`);
    await q.query(`CREATE INDEX household_changes_moved_out_person ON household_changes (split_part(field, '.', 2)) WHERE field LIKE 'members.%.movedOut'`);
    await q.query('CREATE INDEX persons_deceased_household ON persons (last_household_id) WHERE household_id IS NULL');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX persons_deceased_household');
    await q.query('DROP INDEX household_changes_moved_out_person');
    await q.query('DROP INDEX household_changes_moves');
  }
}
