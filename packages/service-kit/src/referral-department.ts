import { randomUUID } from 'node:crypto';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { z } from 'zod';
import {
  dibaoApprovedSchema,
  SUBJECTS,
  type DibaoApproved,
  type ListReferralsResponseMsg,
  type ReferralDepartment,
  type ReferralMsg,
} from '@wuhai/contracts';
import type { ConsumerSpec } from './inbox';
import type { CallContext } from './grpc-server';
import { requireDepartment } from './identity';

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
    area: String(r.area),
    createdAt: (r.created_at as Date).toISOString(),
    sourceEventId: String(r.source_event_id),
  };
}
