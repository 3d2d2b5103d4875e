import { randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { DataSource } from 'typeorm';
import { SERVICE_NAMES } from '@wuhai/contracts';
import type { Caller } from '@wuhai/service-kit';

/** A stored staff account (the hash never leaves this module except for `verifyPassword`). */
export interface StaffAccount {
  id: string;
  username: string;
  passwordHash: string;
  department: string;
  area: string;
  role: Caller['role'];
  createdAt: Date;
}

const BCRYPT_ROUNDS = 10;
/** Compared against when the username is unknown, so a miss costs as long as a wrong password. */
const DUMMY_HASH = bcrypt.hashSync('not-a-password', BCRYPT_ROUNDS);

/** The account with this username (case-insensitive), or null. */
export async function findStaffAccount(ds: DataSource, username: string): Promise<StaffAccount | null> {
  const rows: Record<string, unknown>[] = await ds.query(
    'SELECT id, username, password_hash, department, area, role, created_at FROM staff_accounts WHERE lower(username) = lower($1)',
    [username],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    id: String(r.id),
    username: String(r.username),
    passwordHash: String(r.password_hash),
    department: String(r.department),
    area: String(r.area),
    role: r.role as Caller['role'],
    createdAt: r.created_at as Date,
  };
}

/**
 * Checks a username and password.
 * @returns the account when the password matches its bcrypt hash, else null (unknown user or wrong
 *   password take the same time)
 */
export async function authenticate(ds: DataSource, username: string, password: string): Promise<StaffAccount | null> {
  const account = await findStaffAccount(ds, username);
  const ok = await bcrypt.compare(password, account?.passwordHash ?? DUMMY_HASH);
  return account && ok ? account : null;
}

/**
 * Creates a staff account with a bcrypt hash of `password`.
 * @throws the driver's unique-violation error (23505) when the username exists
 */
export async function createStaffAccount(
  ds: DataSource,
  account: { username: string; password: string; department: string; area: string; role: Caller['role'] },
): Promise<string> {
  const id = randomUUID();
  const hash = await bcrypt.hash(account.password, BCRYPT_ROUNDS);
  await ds.query(
    'INSERT INTO staff_accounts (id, username, password_hash, department, area, role) VALUES ($1,$2,$3,$4,$5,$6)',
    [id, account.username, hash, account.department, account.area, account.role],
  );
  return id;
}

/** Usernames of the demo clerks: `demo.<service>`, one per service. */
export const DEMO_USERNAMES = SERVICE_NAMES.map((s) => `demo.${s}`);

/**
 * Demo mode only: when there is no staff account at all, creates one clerk per service
 * (`demo.<service>`, password `demo`, area `*`, role `clerk`, department = the service name).
 * Runs under a transaction-scoped advisory lock so two gateway replicas starting together seed once.
 * @returns how many accounts were created (0 when accounts already existed)
 */
export async function seedDemoAccounts(ds: DataSource): Promise<number> {
  const hash = await bcrypt.hash('demo', BCRYPT_ROUNDS);
  return ds.transaction(async (manager) => {
    await manager.query("SELECT pg_advisory_xact_lock(hashtext('gateway.seed-demo-accounts'))");
    const [{ n }] = await manager.query('SELECT count(*)::int AS n FROM staff_accounts');
    if (n > 0) return 0;
    for (const service of SERVICE_NAMES) {
      await manager.query(
        "INSERT INTO staff_accounts (id, username, password_hash, department, area, role) VALUES ($1,$2,$3,$4,'*','clerk')",
        [randomUUID(), `demo.${service}`, hash, service],
      );
    }
    return SERVICE_NAMES.length;
  });
}
