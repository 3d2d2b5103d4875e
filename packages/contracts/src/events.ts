import { z } from 'zod';

/**
 * Event subjects, streams and payload schemas (DESIGN.md §Conventions 8).
 * Subjects: `wuhai.<service>.<aggregate>.<event>.v1`, past tense.
 */
export const SUBJECTS = {
  householdRegistered: 'wuhai.registry.household.registered.v1',
  householdChanged: 'wuhai.registry.household.changed.v1',
  verificationCompleted: 'wuhai.registry.verification.completed.v1',
  dibaoApplied: 'wuhai.civil-affairs.dibao.applied.v1',
  dibaoApproved: 'wuhai.civil-affairs.dibao.approved.v1',
  dibaoRefused: 'wuhai.civil-affairs.dibao.refused.v1',
} as const;
export type Subject = (typeof SUBJECTS)[keyof typeof SUBJECTS];

/**
 * JetStream streams: one per publishing service. Publisher and consumers both ensure the stream
 * exists with this config, so start order does not matter.
 */
export const STREAMS = {
  registry: { name: 'WUHAI_REGISTRY', subjects: ['wuhai.registry.>'] },
  'civil-affairs': { name: 'WUHAI_CIVIL_AFFAIRS', subjects: ['wuhai.civil-affairs.>'] },
} as const;
export type StreamOwner = keyof typeof STREAMS;

/** The stream that carries a subject. */
export function streamForSubject(subject: string): (typeof STREAMS)[StreamOwner] {
  const owner = subject.split('.')[1] as StreamOwner;
  const stream = STREAMS[owner];
  if (!stream) throw new Error(`no stream carries ${subject}`);
  return stream;
}

/** The envelope every event travels in. */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  correlationId: z.string().min(1),
  causationId: z.string().nullable(),
  source: z.string().min(1),
  data: z.unknown(),
});
export type Envelope<T = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: T };

const memberSnapshot = z.object({
  id: z.string(),
  name: z.string(),
  sex: z.enum(['M', 'F']),
  birthDate: z.string(),
  relation: z.enum(['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other']),
  minority: z.boolean(),
  disability: z.object({ category: z.number().int(), grade: z.number().int() }).nullable(),
  monthlyIncomeFen: z.number().int().min(0),
  canWork: z.boolean(),
  employed: z.boolean(),
  pensionInsured: z.boolean(),
  illness: z.enum(['mental', 'infectious', 'serious']).nullable(),
  school: z.object({ level: z.enum(['preschool', 'primary', 'junior', 'senior', 'vocational']), boarding: z.boolean() }).nullable(),
  admission: z.object({ level: z.enum(['bachelor', 'junior-college']) }).nullable(),
  tekun: z.object({ kind: z.enum(['wubao', 'sanwu', 'orphan']) }).nullable(),
});

/** The facts the departments need to decide their referrals, as they stood when the case was decided. */
export const householdSnapshotSchema = z.object({
  area: z.enum(['150302', '150303', '150304']),
  hukou: z.enum(['urban', 'rural']),
  livingAreaM2: z.number().min(0),
  homeOwned: z.boolean(),
  houseDangerGrade: z.enum(['C', 'D']).nullable(),
  assets: z.object({
    financialFen: z.number().int().min(0),
    vehicles: z.number().int().min(0),
    disabilityVehicles: z.number().int().min(0),
    residences: z.number().int().min(0),
    businessCapitalFen: z.number().int().min(0),
  }),
  familyPlanning: z.object({
    onlyChild: z.enum(['disabled', 'deceased']).nullable(),
    ruralOneChildOrTwoDaughters: z.boolean(),
    urbanOneChild: z.boolean(),
  }),
  members: z.array(memberSnapshot).min(1),
  medicalBills: z.array(z.object({ memberId: z.string(), outOfPocketFen: z.number().int(), reimbursedThisYearFen: z.number().int() })).default([]),
  hardship: z.null().default(null),
});
export type HouseholdSnapshot = z.infer<typeof householdSnapshotSchema>;

/**
 * `wuhai.civil-affairs.dibao.approved.v1`: a dibao case was approved (MCA-2012 Art. 16–17).
 * The ids are uuids (consumers store them in uuid columns): anything else is poisoned at once
 * instead of failing the handler until the redelivery limit.
 */
export const dibaoApprovedSchema = z.object({
  caseId: z.uuid(),
  applicationId: z.uuid(),
  householdId: z.uuid(),
  area: z.enum(['150302', '150303', '150304']),
  hukou: z.enum(['urban', 'rural']),
  dibaoClass: z.enum(['A', 'B', 'C']),
  /** Top-up plus supplements, fen per month. */
  monthlyAmountFen: z.number().int().min(0),
  topUpFen: z.number().int().min(0),
  supplementsFen: z.number().int().min(0),
  /** First month paid: the month after approval (MCA-2012 procedure step 8). */
  paymentFromMonth: z.string().regex(/^\d{4}-\d{2}$/),
  decidedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  clauses: z.array(z.string()).min(1),
  household: householdSnapshotSchema,
});
export type DibaoApproved = z.infer<typeof dibaoApprovedSchema>;

/** `wuhai.civil-affairs.dibao.applied.v1`: an application opened a dibao case. */
export const dibaoAppliedSchema = z.object({
  caseId: z.string().min(1),
  applicationId: z.string().min(1),
  householdId: z.string().min(1),
  area: z.string(),
});

/** `wuhai.civil-affairs.dibao.refused.v1`: a dibao case was refused, with reasons. */
export const dibaoRefusedSchema = z.object({
  caseId: z.string().min(1),
  householdId: z.string().min(1),
  decidedOn: z.string(),
  note: z.string(),
});

/** `wuhai.registry.household.registered.v1`. No ID numbers on the bus: only ids and counts. */
export const householdRegisteredSchema = z.object({
  householdId: z.string().min(1),
  area: z.string(),
  hukou: z.string(),
  street: z.string(),
  personIds: z.array(z.string()),
});

/** `wuhai.registry.household.changed.v1`: which fields changed, by whom. */
export const householdChangedSchema = z.object({
  householdId: z.string().min(1),
  version: z.number().int(),
  fields: z.array(z.string()),
  changedBy: z.string(),
});

/**
 * `wuhai.registry.verification.completed.v1`: a verification report was stored (City §18). Facts
 * only, no findings: who wants them reads the report (an audited read), the bus carries no
 * financial data.
 */
export const verificationCompletedSchema = z.object({
  householdId: z.uuid(),
  reportId: z.uuid(),
  /** 1, 2, … per household. */
  version: z.number().int().min(1),
  mismatchCount: z.number().int().min(0),
});
export type VerificationCompleted = z.infer<typeof verificationCompletedSchema>;

/** Payload schema per subject, for consumers that validate what they receive. */
export const PAYLOAD_SCHEMAS = {
  [SUBJECTS.householdRegistered]: householdRegisteredSchema,
  [SUBJECTS.householdChanged]: householdChangedSchema,
  [SUBJECTS.verificationCompleted]: verificationCompletedSchema,
  [SUBJECTS.dibaoApplied]: dibaoAppliedSchema,
  [SUBJECTS.dibaoApproved]: dibaoApprovedSchema,
  [SUBJECTS.dibaoRefused]: dibaoRefusedSchema,
} as const;
