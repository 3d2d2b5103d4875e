import { EntitySchema } from 'typeorm';
import { dateTransformer, fenTransformer } from '@wuhai/service-kit';
import type { DibaoStatus } from '../domain/dibao-case';

export interface ApplicationRow {
  id: string;
  householdId: string;
  area: string;
  programs: string[];
  note: string;
  declarationSigned: boolean;
  authorisationSigned: boolean;
  submittedBy: string;
  submittedAt: Date;
}

export interface DibaoCaseRow {
  id: string;
  applicationId: string;
  householdId: string;
  status: DibaoStatus;
  area: string;
  hukou: string;
  householdName: string;
  householdSize: number;
  dibaoClass: string | null;
  monthlyAmountFen: number;
  topUpFen: number;
  supplementsFen: number;
  evaluation: unknown;
  householdSnapshot: unknown;
  noticeStartsOn: string | null;
  noticeEndsOn: string | null;
  decidedOn: string | null;
  paymentFromMonth: string | null;
  dueDate: string | null;
  /** The registry's verification report the last `verify` relied on. */
  verificationReportId: string | null;
  /** What that report listed: `{reportId, version, runAt, mismatchCount, mismatches}`. */
  verification: CaseVerification | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The verification a case's `verify` relied on, as stored on the case. */
export interface CaseVerification {
  reportId: string;
  version: number;
  runAt: string;
  mismatchCount: number;
  mismatches: { kind: string; memberId: string; source: string; field: string; declared: unknown; found: unknown; note: string }[];
}

export interface CaseEventRow {
  id: string;
  caseId: string;
  at: Date;
  by: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  note: string;
}

export const ApplicationEntity = new EntitySchema<ApplicationRow>({
  name: 'Application',
  tableName: 'applications',
  columns: {
    id: { type: 'uuid', primary: true },
    householdId: { name: 'household_id', type: 'uuid' },
    area: { type: 'char', length: 6 },
    programs: { type: 'text', array: true },
    note: { type: 'text' },
    declarationSigned: { name: 'declaration_signed', type: 'boolean' },
    authorisationSigned: { name: 'authorisation_signed', type: 'boolean' },
    submittedBy: { name: 'submitted_by', type: 'text' },
    submittedAt: { name: 'submitted_at', type: 'timestamptz', createDate: true },
  },
});

export const DibaoCaseEntity = new EntitySchema<DibaoCaseRow>({
  name: 'DibaoCase',
  tableName: 'dibao_cases',
  columns: {
    id: { type: 'uuid', primary: true },
    applicationId: { name: 'application_id', type: 'uuid' },
    householdId: { name: 'household_id', type: 'uuid' },
    status: { type: 'text' },
    area: { type: 'char', length: 6 },
    hukou: { type: 'text' },
    householdName: { name: 'household_name', type: 'text' },
    householdSize: { name: 'household_size', type: 'integer' },
    dibaoClass: { name: 'dibao_class', type: 'char', length: 1, nullable: true },
    monthlyAmountFen: { name: 'monthly_amount_fen', type: 'bigint', transformer: fenTransformer },
    topUpFen: { name: 'top_up_fen', type: 'bigint', transformer: fenTransformer },
    supplementsFen: { name: 'supplements_fen', type: 'bigint', transformer: fenTransformer },
    evaluation: { type: 'jsonb' },
    householdSnapshot: { name: 'household_snapshot', type: 'jsonb' },
    noticeStartsOn: { name: 'notice_starts_on', type: 'date', nullable: true, transformer: dateTransformer },
    noticeEndsOn: { name: 'notice_ends_on', type: 'date', nullable: true, transformer: dateTransformer },
    decidedOn: { name: 'decided_on', type: 'date', nullable: true, transformer: dateTransformer },
    paymentFromMonth: { name: 'payment_from_month', type: 'char', length: 7, nullable: true },
    dueDate: { name: 'due_date', type: 'date', nullable: true, transformer: dateTransformer },
    verificationReportId: { name: 'verification_report_id', type: 'uuid', nullable: true },
    verification: { type: 'jsonb', nullable: true },
    version: { type: 'integer', version: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
});

export const CaseEventEntity = new EntitySchema<CaseEventRow>({
  name: 'CaseEvent',
  tableName: 'case_events',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    caseId: { name: 'case_id', type: 'uuid' },
    at: { type: 'timestamptz', createDate: true },
    by: { type: 'text' },
    action: { type: 'text' },
    fromStatus: { name: 'from_status', type: 'text', nullable: true },
    toStatus: { name: 'to_status', type: 'text' },
    note: { type: 'text' },
  },
});

export const civilAffairsEntities = [ApplicationEntity, DibaoCaseEntity, CaseEventEntity];
