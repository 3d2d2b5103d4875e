import { DataSource, type EntitySchema, type MixedList, type ValueTransformer } from 'typeorm';
import type { MigrationInterface } from 'typeorm';
import { types as pgTypes } from 'pg';
import type { Logger } from './logger';

/** A TypeORM migration class. */
export type MigrationClass = new () => MigrationInterface;

// PostgreSQL `date` (OID 1082) stays the 'YYYY-MM-DD' string it is; pg's default turns it into a
// Date at local midnight, which shifts the day in any zone west of UTC.
pgTypes.setTypeParser(1082, (v: string) => v);

/**
 * Maps a `bigint` fen column to a JS number (TypeORM returns bigint as a string; DESIGN.md
 * pitfalls). Throws, both writing and reading, when the value is not a safe integer rather than
 * lose a fen (`String(2 ** 53 + 1)` is already "9007199254740992"; 12.5 is no amount of fen).
 */
export const fenTransformer: ValueTransformer = {
  to: (v: number | null | undefined) => {
    if (v === null || v === undefined) return v;
    if (typeof v === 'number' && !Number.isSafeInteger(v)) throw new Error(`fen value ${v} is not a safe integer`);
    return String(v);
  },
  from: (v: string | null) => {
    if (v === null || v === undefined) return v;
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new Error(`fen value ${v} is not a safe integer`);
    return n;
  },
};

/** Calendar dates stay `YYYY-MM-DD` strings (pg returns `date` as a string with this parser set). */
export const dateTransformer: ValueTransformer = {
  to: (v: string | null | undefined) => v,
  from: (v: string | Date | null) => (v instanceof Date ? v.toISOString().slice(0, 10) : v),
};

/**
 * Creates and initialises a TypeORM DataSource on PostgreSQL, with migrations run at start and
 * `synchronize` off (DESIGN.md §10). The pool's `error` event is logged, not fatal.
 * @param url postgres:// URL of this service's own database
 */
export async function openDataSource(opts: {
  url: string;
  entities: MixedList<string | EntitySchema>;
  migrations: MixedList<(new () => MigrationInterface) | string>;
  logger: Logger;
  poolSize?: number;
}): Promise<DataSource> {
  const ds = new DataSource({
    type: 'postgres',
    url: opts.url,
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsRun: false,
    synchronize: false,
    logging: false,
    extra: { max: opts.poolSize ?? 10 },
  });
  await ds.initialize();
  const pool = (ds.driver as unknown as { master?: { on(e: string, f: (err: Error) => void): void } }).master;
  pool?.on('error', (err) => opts.logger.warn({ err }, 'idle PostgreSQL connection failed'));
  // Two replicas starting together must not run the same migration: hold a session advisory lock
  // (one key for the whole database) while migrating.
  const qr = ds.createQueryRunner();
  try {
    await qr.connect();
    await qr.query('SELECT pg_advisory_lock(hashtext($1))', ['wuhai.migrations']);
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await qr.query('SELECT pg_advisory_unlock(hashtext($1))', ['wuhai.migrations']).catch(() => undefined);
    await qr.release();
  }
  return ds;
}
