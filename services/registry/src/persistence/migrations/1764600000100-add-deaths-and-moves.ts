import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deaths, moves and possible split households (docs/decisions/0013-deaths-and-moves.md).
 *
 * - A person belongs to one household at a time: `persons.household_id` is that household, and
 *   NULL once they died. The deceased stay (never deleted) with the day of death, who reported it
 *   and the household they belonged to (`last_household_id`); the check keeps the two facts in step.
 * - `household_flags` holds what the registry noticed for a clerk to look at: a person who left a
 *   household for a new one at the same address (`possible-split-household`), both households named.
 */
export class AddDeathsAndMoves1764600000100 implements MigrationInterface {
  name = 'AddDeathsAndMoves1764600000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE persons ALTER COLUMN household_id DROP NOT NULL');
    await q.query(`ALTER TABLE persons
      ADD COLUMN death_date date,
      ADD COLUMN death_source text,
      ADD COLUMN death_note text,
      ADD COLUMN death_recorded_at timestamptz,
      ADD COLUMN death_recorded_by text,
      ADD COLUMN last_household_id uuid REFERENCES households(id),
      ADD CONSTRAINT persons_alive_in_household CHECK ((household_id IS NULL) = (death_date IS NOT NULL)),
      ADD CONSTRAINT persons_deceased_household CHECK (death_date IS NULL OR last_household_id IS NOT NULL)`);
    await q.query(`CREATE TABLE household_flags (
      id uuid PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('possible-split-household')),
      household_id uuid NOT NULL REFERENCES households(id),
      other_household_id uuid NOT NULL REFERENCES households(id),
      person_id uuid NOT NULL REFERENCES persons(id),
      raised_at timestamptz NOT NULL DEFAULT now(),
      raised_by text NOT NULL,
      note text NOT NULL)`);
    await q.query('CREATE INDEX household_flags_kind ON household_flags (kind, raised_at, id)');
    await q.query('CREATE INDEX household_flags_household ON household_flags (household_id)');
    await q.query('CREATE INDEX household_flags_other_household ON household_flags (other_household_id)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE household_flags');
    await q.query(`ALTER TABLE persons
      DROP CONSTRAINT persons_deceased_household,
      DROP CONSTRAINT persons_alive_in_household,
      DROP COLUMN last_household_id,
      DROP COLUMN death_recorded_by,
      DROP COLUMN death_recorded_at,
      DROP COLUMN death_note,
      DROP COLUMN death_source,
      DROP COLUMN death_date`);
    await q.query('ALTER TABLE persons ALTER COLUMN household_id SET NOT NULL');
  }
}
