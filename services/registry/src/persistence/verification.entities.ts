import { EntitySchema } from 'typeorm';
import { dateTransformer } from '@wuhai/service-kit';

/**
 * Row shapes of the verification tables (migration 1764400000300). Reports are written and read
 * with raw SQL by the use cases (their jsonb can be large: no hydration); these schemas document the
 * columns and let TypeORM know the tables.
 */
export interface AuthorisationRow {
  id: string;
  householdId: string;
  personId: string;
  signedAt: string;
  recordedAt: Date;
  recordedBy: string;
}

export interface VerificationReportRow {
  id: string;
  householdId: string;
  householdNo: string;
  version: number;
  runAt: Date;
  runBy: string;
  asOf: string;
  monthsFrom: string;
  monthsTo: string;
  sources: unknown;
  findings: unknown;
  mismatches: unknown;
  mismatchCount: number;
  authorisationIds: string[];
}

export const AuthorisationEntity = new EntitySchema<AuthorisationRow>({
  name: 'VerificationAuthorisation',
  tableName: 'verification_authorisations',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    householdId: { name: 'household_id', type: 'uuid' },
    personId: { name: 'person_id', type: 'uuid' },
    signedAt: { name: 'signed_at', type: 'date', transformer: dateTransformer },
    recordedAt: { name: 'recorded_at', type: 'timestamptz', createDate: true },
    recordedBy: { name: 'recorded_by', type: 'text' },
  },
});

export const VerificationReportEntity = new EntitySchema<VerificationReportRow>({
  name: 'VerificationReport',
  tableName: 'verification_reports',
  columns: {
    id: { type: 'uuid', primary: true },
    householdId: { name: 'household_id', type: 'uuid' },
    householdNo: { name: 'household_no', type: 'text' },
    version: { type: 'integer' },
    runAt: { name: 'run_at', type: 'timestamptz' },
    runBy: { name: 'run_by', type: 'text' },
    asOf: { name: 'as_of', type: 'date', transformer: dateTransformer },
    monthsFrom: { name: 'months_from', type: 'char', length: 7 },
    monthsTo: { name: 'months_to', type: 'char', length: 7 },
    sources: { type: 'jsonb' },
    findings: { type: 'jsonb' },
    mismatches: { type: 'jsonb' },
    mismatchCount: { name: 'mismatch_count', type: 'integer' },
    authorisationIds: { name: 'authorisation_ids', type: 'bigint', array: true },
  },
});

export const verificationEntities = [AuthorisationEntity, VerificationReportEntity];
