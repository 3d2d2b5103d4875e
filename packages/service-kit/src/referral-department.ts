import { randomUUID } from 'node:crypto';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { z } from 'zod';
import {
  dibaoApprovedSchema,
  personDeathRevokedSchema,
  personDiedSchema,
  SUBJECTS,
  type DibaoApproved,
  type ListReferralsResponseMsg,
  type ReferralDepartment,
  type ReferralMsg,
} from '@wuhai/contracts';
import type { BaseConfig } from './config';
import type { ConsumerSpec } from './inbox';
import type { CallContext, Handlers } from './grpc-server';
import { requireDepartment } from './identity';
import { CreateMessaging1764400000000 } from './outbox';
import type { ServiceDefinition } from './service';

/**
 * The part the five referral departments (disability, education, employment, health, housing)
 * share: when civil affairs approves a dibao household, each department records the referrals its
 * own rules decide (City §21), in its own database, and lists them through its gRPC API. What a
 * department refers is its own domain function; storing, consuming and listing are the same.
 */

/** One referral a department's rules decided for an approved household. */
export interface DecidedReferral {
  program: string;
  memberId: string | null;
  amountFen: number;
  period: 'month' | 'year' | 'once';
  clauses: string[];
  explanation: string;
}

/** A department's decision: the referrals it must act on for this approval. */
export type ReferralDecider = (approval: DibaoApproved) => DecidedReferral[];

/** Creates the `referrals` table (one row per program, household and member per approval). */
export class CreateReferrals1764400000300 implements MigrationInterface {
  name = 'CreateReferrals1764400000300';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE referrals (
      id uuid PRIMARY KEY,
      department text NOT NULL,
      household_id uuid NOT NULL,
      case_id uuid NOT NULL,
      member_id text,
      member_name text NOT NULL DEFAULT '',
      program text NOT NULL,
      amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
      period text NOT NULL CHECK (period IN ('month','year','once')),
      clauses text[] NOT NULL,
      explanation text NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),
      area char(6) NOT NULL,
      source_event_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now())`);
    // the same approval never refers the same member to the same program twice
    await q.query(`CREATE UNIQUE INDEX referrals_once ON referrals (case_id, program, coalesce(member_id, ''))`);
    await q.query('CREATE INDEX referrals_household ON referrals (household_id)');
    await q.query('CREATE INDEX referrals_queue ON referrals (status, area, created_at)');
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE referrals');
  }
}

/**
 * Lets a referral end when its person dies (docs/decisions/0013-deaths-and-moves.md): status
 * `closed`, with the reason (Chinese / English), the day and the event that closed it.
 */
export class CloseReferrals1764600000100 implements MigrationInterface {
  name = 'CloseReferrals1764600000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE referrals DROP CONSTRAINT referrals_status_check');
    await q.query(`ALTER TABLE referrals ADD CONSTRAINT referrals_status_check CHECK (status IN ('open','done','closed'))`);
    await q.query(`ALTER TABLE referrals
      ADD COLUMN closed_reason text,
      ADD COLUMN closed_on date,
      ADD COLUMN closed_by_event_id uuid,
      ADD CONSTRAINT referrals_closed CHECK ((status = 'closed') = (closed_reason IS NOT NULL))`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE referrals SET status = 'open' WHERE status = 'closed'`);
    await q.query('ALTER TABLE referrals DROP CONSTRAINT referrals_closed, DROP COLUMN closed_by_event_id, DROP COLUMN closed_on, DROP COLUMN closed_reason');
    await q.query('ALTER TABLE referrals DROP CONSTRAINT referrals_status_check');
    await q.query(`ALTER TABLE referrals ADD CONSTRAINT referrals_status_check CHECK (status IN ('open','done'))`);
  }
}

/**
 * Finds a person's open referrals by the person alone (a death closes them in whichever household
 * they were made, docs/decisions/0013-deaths-and-moves.md).
 */
export class IndexReferralsByMember1765100000100 implements MigrationInterface {
  name = 'IndexReferralsByMember1765100000100';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX referrals_open_member ON referrals (member_id) WHERE status = 'open' AND member_id IS NOT NULL`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX referrals_open_member');
  }
}

/** The migrations of a referral department's own tables, in order. */
export const REFERRAL_MIGRATIONS = [CreateReferrals1764400000300, CloseReferrals1764600000100, IndexReferralsByMember1765100000100];

/**
 * The consumer of `wuhai.registry.person.died.v1` that ends this department's open referrals of
 * the person who died (City §18: "deaths recorded and announced so every department stops what it
 * pays"): each becomes `closed` with the reason and the day of death — in whichever household the
 * referral was made, also one the person had moved out of before dying. When nobody is left in the
 * household the person died in, its household-level referrals close too (those of a household they
 * had left stay: others still live there). The other members' referrals are untouched; referrals
 * already done or closed stay as they are, so a redelivered event changes nothing. Idempotent
 * through the inbox.
 */
export function referralDeathConsumer(department: ReferralDepartment): ConsumerSpec<typeof personDiedSchema> {
  return {
    durable: `${department}-person-died`,
    subject: SUBJECTS.personDied,
    schema: personDiedSchema,
    async handle(died, envelope, manager) {
      const rows = (await manager.query(
        `SELECT id, member_id, member_name FROM referrals WHERE member_id = $2 AND status = 'open'
         UNION ALL
         SELECT id, member_id, member_name FROM referrals WHERE $3 AND household_id = $1 AND member_id IS NULL AND status = 'open'`,
        [died.householdId, died.personId, died.remainingPersonIds.length === 0],
      )) as { id: string; member_id: string | null; member_name: string }[];
      for (const r of rows) {
        const reason = r.member_id
          ? `${r.member_name || '该成员'}于 ${died.deathDate} 死亡，转介终止 / ${r.member_name || 'the member'} died on ${died.deathDate}; the referral ends`
          : `户内最后一名成员于 ${died.deathDate} 死亡，转介终止 / the last member of the household died on ${died.deathDate}; the referral ends`;
        await manager.query(
          `UPDATE referrals SET status = 'closed', closed_reason = $2, closed_on = $3, closed_by_event_id = $4 WHERE id = $1`,
          [r.id, reason, died.deathDate, envelope.id],
        );
      }
    },
  };
}

/**
 * The consumer of `wuhai.registry.person.death-revoked.v1` that reopens what a death recorded by
 * mistake closed (docs/decisions/0013-deaths-and-moves.md): the person's referrals closed on the
 * revoked day of death, and the household-level referrals of the household they are back in closed
 * on that day (nobody was left then), become `open` again, their closing cleared. Referrals closed
 * on another day, done, or open stay as they are, so a redelivered event changes nothing.
 * Idempotent through the inbox.
 */
export function referralDeathRevokedConsumer(department: ReferralDepartment): ConsumerSpec<typeof personDeathRevokedSchema> {
  return {
    durable: `${department}-person-death-revoked`,
    subject: SUBJECTS.personDeathRevoked,
    schema: personDeathRevokedSchema,
    async handle(revoked, _envelope, manager) {
      await manager.query(
        `UPDATE referrals SET status = 'open', closed_reason = NULL, closed_on = NULL, closed_by_event_id = NULL
          WHERE status = 'closed' AND closed_on = $3
            AND (member_id = $2 OR (member_id IS NULL AND household_id = $1))`,
        [revoked.householdId, revoked.personId, revoked.deathDate],
      );
    },
  };
}

/** The consumer of `wuhai.civil-affairs.dibao.approved.v1` that records this department's referrals. */
export function referralConsumer(department: ReferralDepartment, decide: ReferralDecider): ConsumerSpec<typeof dibaoApprovedSchema> {
  return {
    durable: `${department}-dibao-approved`,
    subject: SUBJECTS.dibaoApproved,
    schema: dibaoApprovedSchema,
    async handle(approval, envelope, manager) {
      const names = new Map(approval.household.members.map((m) => [m.id, m.name]));
      for (const r of decide(approval)) {
        await manager.query(
          `INSERT INTO referrals (id, department, household_id, case_id, member_id, member_name, program, amount_fen,
             period, clauses, explanation, area, source_event_id)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) ON CONFLICT DO NOTHING`,
          [
            randomUUID(),
            department,
            approval.householdId,
            approval.caseId,
            r.memberId,
            r.memberId ? (names.get(r.memberId) ?? '') : '',
            r.program,
            String(r.amountFen),
            r.period,
            r.clauses,
            r.explanation,
            approval.area,
            envelope.id,
          ],
        );
      }
    },
  };
}

const listSchema = z.object({
  householdId: z.string().optional(),
  status: z.string().optional(),
  area: z.string().optional(),
  page: z.object({ limit: z.number().int().min(0).max(500), after: z.string() }).nullable().optional(),
});

/**
 * `ListReferrals`: the department's own referrals, filtered by household, status and area; only
 * this department's staff (and system jobs) may list them; civil-affairs staff may also ask about
 * one household (the intake window follows an application across departments).
 */
export function listReferralsHandler(ds: DataSource, department: ReferralDepartment) {
  return async (req: unknown, ctx: CallContext): Promise<ListReferralsResponseMsg> => {
    const caller = ctx.caller();
    const r = listSchema.parse(req);
    // the department's own staff; civil affairs follows one household's application across
    // departments (City §17)
    if (r.householdId) requireDepartment(caller, department, 'civil-affairs');
    else requireDepartment(caller, department);
    const limit = Math.min(Math.max(r.page?.limit || 100, 1), 500);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (r.householdId) add('household_id::text = ?', r.householdId);
    if (r.status) add('status = ?', r.status);
    const area = caller.area !== '*' && caller.department !== 'system' ? caller.area : r.area;
    if (area) add('area = ?', area);
    if (r.page?.after) add('(created_at, id) > (SELECT created_at, id FROM referrals WHERE id::text = ?)', r.page.after);
    params.push(limit + 1);
    const rows: Record<string, unknown>[] = await ds.query(
      `SELECT * FROM referrals ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at, id LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, limit).map(toMsg);
    return { referrals: page, nextAfter: rows.length > limit ? (page[page.length - 1]?.id ?? '') : '' };
  };
}

function toMsg(r: Record<string, unknown>): ReferralMsg {
  return {
    id: String(r.id),
    department: String(r.department),
    householdId: String(r.household_id),
    caseId: String(r.case_id),
    memberId: (r.member_id as string | null) ?? '',
    memberName: String(r.member_name ?? ''),
    program: String(r.program),
    amountFen: String(r.amount_fen),
    period: String(r.period),
    clauses: r.clauses as string[],
    explanation: String(r.explanation),
    status: String(r.status),
    closedReason: (r.closed_reason as string | null | undefined) ?? '',
    closedOn: r.closed_on ? String(r.closed_on) : '',
    area: String(r.area),
    createdAt: (r.created_at as Date).toISOString(),
    sourceEventId: String(r.source_event_id),
  };
}

/**
 * The whole definition of a referral department's service (disability, education, employment,
 * health, housing): its database holds the messaging tables and `referrals`
 * ({@link REFERRAL_MIGRATIONS}); it answers `ListReferrals` ({@link listReferralsHandler}); it
 * records the referrals `decide` returns for each `wuhai.civil-affairs.dibao.approved.v1`
 * ({@link referralConsumer}, City §21) and closes those of a person who died
 * ({@link referralDeathConsumer}, City §18), reopening them when the death is revoked
 * ({@link referralDeathRevokedConsumer}). It publishes nothing.
 *
 * @param department the department, also the service's name and the `department` of its rows.
 * @param config the service's parsed environment (see `loadConfig`).
 * @param decide the department's own rules: the referrals an approval gives rise to.
 * @returns the definition to pass to `startService` / `runAsProcess`.
 */
export function referralDepartmentService<D extends ReferralDepartment, C extends BaseConfig>(
  department: D,
  config: C,
  decide: ReferralDecider,
): ServiceDefinition<D, C> {
  return {
    name: department,
    config,
    entities: [],
    migrations: [CreateMessaging1764400000000, ...REFERRAL_MIGRATIONS],
    handlers: (deps) => {
      // checked against every referral department's methods at once; TypeScript cannot resolve
      // Handlers<D> for a generic D, though each has the one method ListReferrals
      const handlers: Handlers<ReferralDepartment> = { ListReferrals: listReferralsHandler(deps.ds, department) };
      return handlers as Handlers<D>;
    },
    consumers: () => [referralConsumer(department, decide), referralDeathConsumer(department), referralDeathRevokedConsumer(department)],
  };
}
