import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gateway's own tables: staff accounts (bcrypt hashes), idempotency keys (insert-first under a
 * unique constraint, DESIGN.md §9) and the audit log of sensitive reads (DESIGN.md §13).
 */
export class CreateGateway1764400000900 implements MigrationInterface {
  name = 'CreateGateway1764400000900';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE staff_accounts (
      id uuid PRIMARY KEY,
      username text NOT NULL,
      password_hash text NOT NULL,
      department text NOT NULL,
      area text NOT NULL,
      role text NOT NULL CHECK (role IN ('clerk','supervisor','auditor','system')),
      created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query('CREATE UNIQUE INDEX staff_accounts_username ON staff_accounts (lower(username))');
    await q.query(`CREATE TABLE idempotency_keys (
      id bigserial PRIMARY KEY,
      key text NOT NULL,
      username text NOT NULL,
      method text NOT NULL,
      path text NOT NULL,
      request_hash char(64) NOT NULL,
      status_code integer,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      completed_at timestamptz,
      CONSTRAINT idempotency_keys_key_username UNIQUE (key, username))`);
    await q.query('CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)');
    await q.query(`CREATE TABLE audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      username text NOT NULL,
      department text NOT NULL,
      action text NOT NULL,
      resource_type text NOT NULL,
      resource_id text NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}'::jsonb)`);
    await q.query('CREATE INDEX audit_log_resource ON audit_log (resource_type, resource_id, at)');
    await q.query('CREATE INDEX audit_log_username ON audit_log (username, at)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_log');
    await q.query('DROP TABLE idempotency_keys');
    await q.query('DROP TABLE staff_accounts');
  }
}

/** Every migration of the gateway's database, in order. */
export const gatewayMigrations = [CreateGateway1764400000900];
