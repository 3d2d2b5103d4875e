import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SUBJECTS } from '@wuhai/contracts';

/**
 * Income periods, bulk verification and the announcement of imports (City §18;
 * docs/decisions/0014-income-periods-and-tolerance.md, 0015-bulk-verification-and-import-reviews.md):
 *
 * - The monthly sources' `month` holds a `YYYY-MM` month or, for an annual figure, a `YYYY` year
 *   (varchar(7): a char(7) would pad the year), and `period` says which (`month` / `year`), a
 *   generated column so every row is stored with its period kind whatever path loads it.
 * - `verification_reports` keeps the inquiries (annual figures for a person to resolve), the
 *   parameters the run used (the income tolerance with its effective date), and the key of the
 *   bulk run that made it (`run_key`: a retried bulk run answers the report it stored before).
 * - Every stored extract is announced, `wuhai.registry.sources.imported.v1`, by a trigger on
 *   `source_files` writing the outbox row in the import's own transaction: the announcement exists
 *   exactly when the file does (a re-import of the same file stores nothing and announces nothing),
 *   whichever code path writes the file's row.
 */
export class VerificationPeriodsAndImports1764500000300 implements MigrationInterface {
  name = 'VerificationPeriodsAndImports1764500000300';
  async up(q: QueryRunner): Promise<void> {
    for (const table of ['source_tax', 'source_social_insurance', 'source_housing_fund']) {
      await q.query(`ALTER TABLE ${table} ALTER COLUMN month TYPE varchar(7)`);
      await q.query(`ALTER TABLE ${table} ADD COLUMN period text GENERATED ALWAYS AS (CASE WHEN length(month) = 4 THEN 'year' ELSE 'month' END) STORED`);
    }

    await q.query(`ALTER TABLE verification_reports
      ADD COLUMN inquiries jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN inquiry_count integer NOT NULL DEFAULT 0 CHECK (inquiry_count >= 0),
      ADD COLUMN parameters jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN run_key text CHECK (run_key IS NULL OR length(run_key) BETWEEN 1 AND 200)`);
    await q.query('CREATE UNIQUE INDEX verification_reports_run_key ON verification_reports (household_id, run_key) WHERE run_key IS NOT NULL');

    await q.query(`CREATE FUNCTION source_files_announce() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        event_id uuid := gen_random_uuid();
      BEGIN
        INSERT INTO outbox (id, subject, envelope) VALUES (event_id, '${SUBJECTS.sourcesImported}', jsonb_build_object(
          'id', event_id,
          'type', '${SUBJECTS.sourcesImported}',
          'occurredAt', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'correlationId', 'source-file-' || NEW.id,
          'causationId', NULL,
          'source', 'registry',
          'data', jsonb_build_object(
            'importId', NEW.id::text,
            'source', NEW.source,
            'fileName', NEW.file_name,
            'sha256', NEW.sha256,
            'rowsLoaded', NEW.rows_loaded,
            'rowsRejected', NEW.rows_rejected,
            'importedAt', to_char(NEW.imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'importedBy', NEW.imported_by)));
        RETURN NEW;
      END $$`);
    await q.query('CREATE TRIGGER source_files_announce AFTER INSERT ON source_files FOR EACH ROW EXECUTE FUNCTION source_files_announce()');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER source_files_announce ON source_files');
    await q.query('DROP FUNCTION source_files_announce()');
    await q.query('DROP INDEX verification_reports_run_key');
    await q.query('ALTER TABLE verification_reports DROP COLUMN run_key, DROP COLUMN parameters, DROP COLUMN inquiry_count, DROP COLUMN inquiries');
    for (const table of ['source_tax', 'source_social_insurance', 'source_housing_fund']) {
      await q.query(`ALTER TABLE ${table} DROP COLUMN period`);
      await q.query(`ALTER TABLE ${table} ALTER COLUMN month TYPE char(7)`);
    }
  }
}
