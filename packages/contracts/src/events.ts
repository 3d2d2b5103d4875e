import { z } from 'zod';

/**
 * Event subjects, streams and payload schemas (DESIGN.md §Conventions 8).
 * Subjects: `wuhai.<service>.<aggregate>.<event>.v1`, past tense.
 */
export const SUBJECTS = {
  householdRegistered: 'wuhai.registry.household.registered.v1',
  householdChanged: 'wuhai.registry.household.changed.v1',
  verificationCompleted: 'wuhai.registry.verification.completed.v1',
  sourcesImported: 'wuhai.registry.sources.imported.v1',
  dibaoApplied: 'wuhai.civil-affairs.dibao.applied.v1',
  dibaoApproved: 'wuhai.civil-affairs.dibao.approved.v1',
  dibaoRefused: 'wuhai.civil-affairs.dibao.refused.v1',
  personDied: 'wuhai.registry.person.died.v1',
  personMoved: 'wuhai.registry.person.moved.v1',
  householdSplitSuspected: 'wuhai.registry.household.split-suspected.v1',
  dibaoAdjusted: 'wuhai.civil-affairs.dibao.adjusted.v1',
  personDeathRevoked: 'wuhai.registry.person.death-revoked.v1',
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

/**
 * `wuhai.registry.sources.imported.v1`: a verification-source extract was stored (City §18;
 * shared/contracts/verification-sources.md). Written in the import's own transaction; a re-import
 * of the same file stores nothing and announces nothing. Civil affairs reviews the households it
 * pays against the new data (docs/decisions/0015-bulk-verification-and-import-reviews.md).
 */
export const sourcesImportedSchema = z.object({
  /** The stored file's id (ListSourceFiles' `id`), a decimal string. */
  importId: z.string().regex(/^\d+$/),
  source: z.enum(['hukou', 'tax', 'social-insurance', 'real-estate', 'business', 'housing-fund', 'vehicles', 'banks']),
  fileName: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  rowsLoaded: z.number().int().min(0),
  rowsRejected: z.number().int().min(0),
  importedAt: z.iso.datetime({ offset: true }),
  importedBy: z.string(),
});
export type SourcesImported = z.infer<typeof sourcesImportedSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const isoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/**
 * `wuhai.registry.person.died.v1`: a death was recorded (City §18: "deaths recorded and announced
 * so every department stops what it pays"). The person stays in the registry marked deceased; the
 * household's current members are `remainingPersonIds` (empty: nobody is left). Ids only, no names
 * or ID numbers on the bus.
 */
export const personDiedSchema = z.object({
  personId: z.uuid(),
  /** The household the person belonged to when they died. */
  householdId: z.uuid(),
  deathDate: isoDate,
  /** Who reported it: public-security | medical-certificate | funeral-service | family | other. */
  source: z.string().min(1),
  wasHead: z.boolean(),
  /** The member the clerk named head in their place (null: the person was not head, or nobody is left). */
  newHeadPersonId: z.uuid().nullable(),
  remainingPersonIds: z.array(z.uuid()),
  recordedBy: z.string(),
});
export type PersonDied = z.infer<typeof personDiedSchema>;

/**
 * `wuhai.registry.person.death-revoked.v1`: a death recorded by mistake was revoked (City §18;
 * docs/decisions/0013-deaths-and-moves.md): the person is alive again and back in `householdId`,
 * the household they were in when the death was recorded, with `relation` (their old relation, or
 * `other` when they were head and another member was named head meanwhile). `deathDate` is the
 * revoked day: what the death changed from the month after it is to be undone. Ids only.
 */
export const personDeathRevokedSchema = z.object({
  personId: z.uuid(),
  /** The household the person is back in (the one they were in when the death was recorded). */
  householdId: z.uuid(),
  /** The day of death that was recorded and is now revoked, `YYYY-MM-DD`. */
  deathDate: isoDate,
  /** The person's relation to the head after the revocation. */
  relation: z.string(),
  /** The clerk's reason for the revocation. */
  reason: z.string().min(1),
  revokedBy: z.string(),
});
export type PersonDeathRevoked = z.infer<typeof personDeathRevokedSchema>;

/**
 * `wuhai.registry.person.moved.v1`: a person left one household for another in one recorded change
 * (one person in one household at a time). `newHousehold`: the move created `toHouseholdId`.
 */
export const personMovedSchema = z.object({
  personId: z.uuid(),
  fromHouseholdId: z.uuid(),
  toHouseholdId: z.uuid(),
  movedOn: isoDate,
  /** Relation to the head of the household moved to. */
  relation: z.string(),
  newHousehold: z.boolean(),
  /** The member named head of the household left, when the person was its head and others stay. */
  newHeadPersonId: z.uuid().nullable(),
  /** Members of the household left, after the move (empty: nobody is left). */
  remainingPersonIds: z.array(z.uuid()),
  movedBy: z.string(),
});
export type PersonMoved = z.infer<typeof personMovedSchema>;

/**
 * `wuhai.registry.household.split-suspected.v1`: a person left a household for a new household at
 * the same address (street and normalised address): possibly one family registered as two to be
 * paid twice. The registry states the fact; civil affairs puts paid cases in front of a clerk.
 */
export const householdSplitSuspectedSchema = z.object({
  flagId: z.uuid(),
  /** The new household. */
  householdId: z.uuid(),
  /** The household the person left. */
  otherHouseholdId: z.uuid(),
  personId: z.uuid(),
  raisedBy: z.string(),
});
export type HouseholdSplitSuspected = z.infer<typeof householdSplitSuspectedSchema>;

/**
 * `wuhai.civil-affairs.dibao.adjusted.v1`: the monthly amount of an approved dibao case changes
 * from `fromMonth` because the household changed (`member-died`: a member died; the month of the
 * death is paid in full, the household without them is paid from the month after; `death-revoked`:
 * that death was recorded by mistake, the member is counted again from the same month). The amounts
 * are what is payable from `fromMonth` (0 when the rules find the household no longer eligible or
 * nobody is left — the case stays approved for a clerk to decide). Finance ends the case's open
 * obligations the month before `fromMonth` and owes these amounts from then.
 */
export const dibaoAdjustedSchema = z.object({
  adjustmentId: z.uuid(),
  caseId: z.uuid(),
  householdId: z.uuid(),
  area: z.enum(['150302', '150303', '150304']),
  /** `member-died`: a member died; `death-revoked`: a death recorded by mistake was revoked, the member is counted again. */
  reason: z.enum(['member-died', 'death-revoked']),
  /** The member whose death (or change) caused the adjustment. */
  personId: z.uuid(),
  /** The day of the death (or change). */
  eventDate: isoDate,
  /** First month of the new amount, `YYYY-MM`. */
  fromMonth: isoMonth,
  /** ELIGIBLE | INELIGIBLE | NEEDS_MANUAL_REVIEW as the rules found; NO_MEMBERS when nobody is left. */
  status: z.enum(['ELIGIBLE', 'INELIGIBLE', 'NEEDS_MANUAL_REVIEW', 'NO_MEMBERS']),
  dibaoClass: z.enum(['A', 'B', 'C']).nullable(),
  /** Payable from `fromMonth`, fen per month: top-up plus supplements. */
  monthlyAmountFen: z.number().int().min(0),
  topUpFen: z.number().int().min(0),
  supplementsFen: z.number().int().min(0),
  /** What the case paid before, fen per month. */
  previousMonthlyAmountFen: z.number().int().min(0),
  /** The members counted from `fromMonth` (person ids). */
  members: z.array(z.uuid()),
  clauses: z.array(z.string()),
  /** The rules' decision record (`decisionRecord` of @wuhai/rules), null when nobody is left. */
  evaluation: z.unknown().nullable(),
});
export type DibaoAdjusted = z.infer<typeof dibaoAdjustedSchema>;

/** Payload schema per subject, for consumers that validate what they receive. */
export const PAYLOAD_SCHEMAS = {
  [SUBJECTS.householdRegistered]: householdRegisteredSchema,
  [SUBJECTS.householdChanged]: householdChangedSchema,
  [SUBJECTS.verificationCompleted]: verificationCompletedSchema,
  [SUBJECTS.sourcesImported]: sourcesImportedSchema,
  [SUBJECTS.dibaoApplied]: dibaoAppliedSchema,
  [SUBJECTS.dibaoApproved]: dibaoApprovedSchema,
  [SUBJECTS.dibaoRefused]: dibaoRefusedSchema,
  [SUBJECTS.personDied]: personDiedSchema,
  [SUBJECTS.personMoved]: personMovedSchema,
  [SUBJECTS.householdSplitSuspected]: householdSplitSuspectedSchema,
  [SUBJECTS.dibaoAdjusted]: dibaoAdjustedSchema,
  [SUBJECTS.personDeathRevoked]: personDeathRevokedSchema,
} as const;
