/**
 * TypeScript shapes of the proto messages as decoded with the fixed loader options
 * (int64 → decimal string, absent message → null, absent string → "").
 * Keep in step with protos/; the contracts test round-trips each through the loader.
 */

export type Int64 = string;

export interface DisabilityMsg { category: number; grade: number }
export interface SchoolMsg { level: string; boarding: boolean }
export interface MemberMsg {
  id: string; idNumber: string; name: string; sex: string; birthDate: string; relation: string;
  minority: boolean; disability: DisabilityMsg | null; monthlyIncomeFen: Int64; canWork: boolean;
  employed: boolean; pensionInsured: boolean; illness: string; school: SchoolMsg | null;
  admissionLevel: string; tekunKind: string; personId: string;
  /** Registry: the 15-digit number the person was registered with (`idNumber` is its conversion); "" or absent when none. */
  legacyIdNumber?: string;
}
export interface AssetsMsg {
  financialFen: Int64; vehicles: number; disabilityVehicles: number; residences: number; businessCapitalFen: Int64;
}
export interface FamilyPlanningMsg { onlyChild: string; ruralOneChildOrTwoDaughters: boolean; urbanOneChild: boolean }
export interface HouseholdFactsMsg {
  area: string; hukou: string; livingAreaM2: number; homeOwned: boolean; houseDangerGrade: string;
  assets: AssetsMsg | null; familyPlanning: FamilyPlanningMsg | null; members: MemberMsg[];
}
export interface PageRequestMsg { limit: number; after: string }
export interface ReferralMsg {
  id: string; department: string; householdId: string; caseId: string; memberId: string; memberName: string;
  program: string; amountFen: Int64; period: string; clauses: string[]; explanation: string; status: string;
  area: string; createdAt: string; sourceEventId: string;
  /** `closed` referrals: why (Chinese / English) and the day; "" otherwise. */
  closedReason: string; closedOn: string;
}
export interface ListReferralsRequestMsg { householdId?: string; status?: string; area?: string; page?: PageRequestMsg | null }
export interface ListReferralsResponseMsg { referrals: ReferralMsg[]; nextAfter: string }

// registry
export interface RegisterHouseholdRequestMsg { facts: HouseholdFactsMsg; street: string; address: string; householdNo?: string }
export interface RegisterHouseholdResponseMsg {
  id: string;
  /** Per member: the 18-character number registered and the legacy 15-digit one as given ("" when none). */
  members: { ref: string; personId: string; idNumber: string; legacyIdNumber: string }[];
}
export interface ChangeMsg { at: string; by: string; field: string; oldValue: string; newValue: string }
export interface HouseholdMsg {
  id: string; householdNo: string; street: string; address: string; facts: HouseholdFactsMsg;
  history: ChangeMsg[]; createdAt: string; version: number;
}
export interface HouseholdSummaryMsg {
  householdId: string; householdNo: string; area: string; street: string; hukou: string; headName: string;
  headIdNumberMasked: string; members: number; perCapitaIncomeFen: Int64; matchedName: string;
}
export interface PersonWithHouseholdMsg {
  personId: string; person: MemberMsg; householdId: string; householdNo: string; street: string; area: string;
  /** "" while the person lives; else the day they died (householdId: the household they belonged to). */
  deathDate: string;
}

// registry: deaths and moves (docs/decisions/0013-deaths-and-moves.md)
export interface RecordDeathRequestMsg { personId: string; deathDate: string; source: string; note: string; newHeadPersonId: string }
export interface RecordDeathResponseMsg { personId: string; householdId: string; deathDate: string; household: HouseholdMsg }
/** A death recorded by mistake is revoked: `reason` says why (required, at most 500 characters). */
export interface RevokeDeathRequestMsg { personId: string; reason: string }
/** The person alive again in `householdId` with `relation`; `revokedDeathDate` the day that was recorded. */
export interface RevokeDeathResponseMsg { personId: string; householdId: string; relation: string; previousRelation: string; revokedDeathDate: string; household: HouseholdMsg }
/** A household founded by a person who moves out ("" / null fields take the household left's values or none). */
export interface NewHouseholdMsg {
  street: string; address: string; householdNo: string; area: string; hukou: string; livingAreaM2: number; homeOwned: boolean;
  houseDangerGrade: string; assets: AssetsMsg | null; familyPlanning: FamilyPlanningMsg | null;
}
export interface MovePersonRequestMsg {
  personId: string; toHouseholdId: string; newHousehold: NewHouseholdMsg | null; relation: string; movedOn: string; note: string;
  newHeadPersonId: string;
}
export interface SplitFlagMsg { id: string; householdId: string; otherHouseholdId: string; note: string }
export interface MovePersonResponseMsg {
  personId: string; fromHouseholdId: string; toHouseholdId: string; toHouseholdNo: string; newHousehold: boolean;
  splitSuspected: SplitFlagMsg | null;
}

// registry: verification sources (shared/contracts/verification-sources.md)
/**
 * One piece of a streamed extract; `fileName`, `source` and `sha256` count in the first chunk only;
 * the final chunk has `last: true` (a stream ending without it was cut off).
 */
export interface ImportSourceChunkMsg { fileName: string; source: string; data: Buffer; sha256: string; last: boolean }
export interface ImportSourceLineErrorMsg { line: number; reason: string }
export interface ImportSourceResultMsg {
  fileId: Int64; source: string; fileName: string; rowsLoaded: Int64; rowsRejected: Int64; alreadyImported: boolean;
  errors: ImportSourceLineErrorMsg[]; sha256: string; importedAt: string; importedBy: string;
}
export interface SourceFileMsg {
  id: Int64; source: string; fileName: string; sha256: string; importedAt: string; importedBy: string;
  rowsLoaded: Int64; rowsRejected: Int64;
}
export interface ListSourceFilesRequestMsg { source: string; limit: number; offset: number }
export interface ListSourceFilesResponseMsg { files: SourceFileMsg[]; total: Int64 }

// registry: verification (City §18; MCA-2012 "verify only with authorisation")
export interface RecordAuthorisationRequestMsg { householdId: string; personIds: string[]; signedAt: string }
export interface AuthorisedAdultMsg { personId: string; name: string; signedAt: string; authorisationId: string }
export interface AdultMemberMsg { personId: string; name: string }
/** Which adult members (18 or older on `asOf`) have signed the authorisation to verify, which have not. */
export interface AuthorisationStateMsg {
  householdId: string; asOf: string; complete: boolean; signed: AuthorisedAdultMsg[]; missing: AdultMemberMsg[]; recordedIds: string[];
}
export interface VerificationSourceUsedMsg { source: string; fileIds: Int64[] }
/** One mismatch `{memberId, source, field, declared, found}`; values and detail as JSON text. */
export interface VerificationMismatchMsg {
  kind: string; memberId: string; source: string; field: string; declaredJson: string; foundJson: string; detailJson: string; note: string;
}
/** An annual figure for a person to resolve (never a mismatch, never divided into months). */
export interface VerificationInquiryMsg {
  kind: string; memberId: string; source: string; year: string; field: string; amountFen: Int64; declaredMonthlyFen: Int64; detailJson: string; note: string;
}
/** A dated parameter of the rules package as a run read it (value as decimal text in `unit`). */
export interface VerificationParameterMsg { name: string; value: string; unit: string; effectiveFrom: string; clause: string }
export interface VerificationReportMsg {
  id: string; householdId: string; householdNo: string; version: number; runAt: string; runBy: string; asOf: string;
  monthsFrom: string; monthsTo: string; sources: VerificationSourceUsedMsg[]; findingsJson: string;
  mismatches: VerificationMismatchMsg[]; authorisationIds: string[]; mismatchCount: number;
  inquiries: VerificationInquiryMsg[]; inquiryCount: number; parameters: VerificationParameterMsg[];
}
/** `VerifyHouseholds`: the given households, or every household page by page (`all`, `after`, `limit`). */
export interface VerifyHouseholdsRequestMsg { householdIds: string[]; all: boolean; after: string; limit: number; runKey: string }
/** One household of a bulk run: `verified` with its report (findingsJson ""), or why not. */
export interface VerificationOutcomeMsg {
  householdId: string; outcome: 'verified' | 'not-authorised' | 'not-found' | string; report: VerificationReportMsg | null; missing: AdultMemberMsg[]; note: string;
}
export interface VerifyHouseholdsResponseMsg { outcomes: VerificationOutcomeMsg[]; nextAfter: string; verified: number; notAuthorised: number; notFound: number }
export interface DuplicatePersonMsg {
  personId: string; householdId: string; householdNo: string; name: string; birthDate: string; idNumberMasked: string; legacyIdNumberMasked: string;
}
export interface DuplicateMsg {
  kind: string; persons: DuplicatePersonMsg[]; foundHouseholdNo: string; foundHouseholdId: string; sourceFileId: Int64; note: string;
}
export interface ListDuplicatesRequestMsg { kind: string; limit: number; offset: number }
export interface ListDuplicatesResponseMsg { duplicates: DuplicateMsg[]; total: Int64 }

// registry: batch reads
/**
 * `StreamHouseholdFacts` request: `householdIds` [] → every household (of `area`; "" → all);
 * `asOf` YYYY-MM-DD → the households as they were that day, "" or absent → as they stand now.
 */
export interface StreamHouseholdFactsRequestMsg { householdIds: string[]; area: string; pageSize: number; asOf?: string }
/** One household of the stream: its facts (members without ID numbers), or `notFound` for a requested id. */
export interface HouseholdFactsItemMsg { householdId: string; householdNo: string; facts: HouseholdFactsMsg | null; notFound: boolean }
/** One message of the stream: the next 1 to 100 households. */
export interface HouseholdFactsPageMsg { households: HouseholdFactsItemMsg[] }

// civil affairs
export interface RouteMsg { service: string; caseId: string; status: string; program: string; dueDate: string }
export interface ApplicationMsg {
  id: string; householdId: string; programs: string[]; note: string; submittedAt: string; submittedBy: string;
  routes: RouteMsg[]; area: string;
}
export interface CaseEventMsg { at: string; by: string; action: string; fromStatus: string; toStatus: string; note: string }
export interface DibaoCaseMsg {
  id: string; applicationId: string; householdId: string; program: string; status: string; area: string; hukou: string;
  dibaoClass: string; monthlyAmountFen: Int64; evaluationJson: string; noticeStartsOn: string; noticeEndsOn: string;
  decidedOn: string; paymentFromMonth: string; dueDate: string; history: CaseEventMsg[]; createdAt: string;
  householdName: string; householdSize: number;
  /** The verification report the last `verify` relied on, "" before any. */
  verificationReportId: string;
  /** JSON `{reportId, version, runAt, mismatchCount, mismatches}`, "" before any verification. */
  verificationJson: string;
  /** Reviews of the case, oldest first (GetCase only; [] in ListCases). */
  reviews: CaseReviewMsg[];
  /** Reviews not yet resolved. */
  openReviews: number;
}
/** A review of a case (复核): what a clerk must look at and why; "" for what is not (yet) there. */
export interface CaseReviewMsg {
  id: string; reason: string; reasons: string[]; reportId: string; openedAt: string; openedBy: string;
  resolvedAt: string; resolvedBy: string; resolutionNote: string;
}
export interface ClockStateMsg { now: string; today: string; offsetDays: number; demo: boolean }
/** `EvaluateBatch` request: a month `YYYY-MM`, programs ([] → all), explain, a selection. */
export interface EvaluateBatchRequestMsg { month: string; programs: string[]; explain: boolean; householdIds: string[]; area: string }
export interface BatchHouseholdErrorMsg { code: string; message: string; memberId: string }
/** One household's outcome: `resultJson` (the evaluations.md response, JSON in UTF-8; empty with `error`) or `error`. */
export interface BatchHouseholdResultMsg { householdId: string; householdNo: string; resultJson: Buffer; error: BatchHouseholdErrorMsg | null }
export interface BatchProgramTotalMsg { program: string; period: string; lines: Int64; households: Int64; amountFen: Int64 }
export interface BatchSummaryMsg {
  month: string; asOf: string; explain: boolean; households: Int64; evaluated: Int64; errors: Int64;
  eligible: Int64; ineligible: Int64; needsManualReview: Int64; programs: BatchProgramTotalMsg[];
}
/** One message of the `EvaluateBatch` stream: the next results; the last one carries the summary. */
export interface EvaluateBatchChunkMsg { households: BatchHouseholdResultMsg[]; summary: BatchSummaryMsg | null }

// finance
export interface ObligationMsg {
  id: string; department: string; program: string; householdId: string; caseId: string; area: string;
  monthlyAmountFen: Int64; fromMonth: string; untilMonth: string; createdAt: string; sourceEventId: string;
}
export interface ObligationTotalMsg { department: string; program: string; area: string; households: Int64; amountFen: Int64 }
export interface ListObligationsResponseMsg { obligations: ObligationMsg[]; totals: ObligationTotalMsg[]; totalFen: Int64 }

/** The unary methods of each service: request → response. */
export interface ServiceMethods {
  registry: {
    RegisterHousehold: [RegisterHouseholdRequestMsg, RegisterHouseholdResponseMsg];
    GetHousehold: [{ id: string }, HouseholdMsg];
    FindPersonByIdNumber: [{ idNumber: string }, PersonWithHouseholdMsg];
    CountHouseholds: [Record<string, never>, { households: Int64; persons: Int64 }];
    UpdateHousehold: [{ id: string; expectedVersion: number; patchJson: string }, HouseholdMsg];
    SearchHouseholds: [
      { name: string; street: string; area: string; limit: number; offset: number },
      { households: HouseholdSummaryMsg[]; total: Int64 },
    ];
    ListSourceFiles: [ListSourceFilesRequestMsg, ListSourceFilesResponseMsg];
    RecordAuthorisation: [RecordAuthorisationRequestMsg, AuthorisationStateMsg];
    RunVerification: [{ householdId: string }, VerificationReportMsg];
    GetVerification: [{ id: string }, VerificationReportMsg];
    VerifyHouseholds: [VerifyHouseholdsRequestMsg, VerifyHouseholdsResponseMsg];
    ListDuplicates: [ListDuplicatesRequestMsg, ListDuplicatesResponseMsg];
    RecordDeath: [RecordDeathRequestMsg, RecordDeathResponseMsg];
    RevokeDeath: [RevokeDeathRequestMsg, RevokeDeathResponseMsg];
    MovePerson: [MovePersonRequestMsg, MovePersonResponseMsg];
  };
  'civil-affairs': {
    SubmitApplication: [
      { householdId: string; programs: string[]; note: string; declarationSigned: boolean; authorisationSigned: boolean },
      ApplicationMsg,
    ];
    GetApplication: [{ id: string }, ApplicationMsg];
    ListCases: [{ status?: string; area?: string; householdId?: string; page?: PageRequestMsg | null; review?: string }, { cases: DibaoCaseMsg[]; nextAfter: string }];
    GetCase: [{ id: string }, DibaoCaseMsg];
    TransitionCase: [{ id: string; action: string; note: string; reviewId?: string }, DibaoCaseMsg];
    Evaluate: [{ requestJson: string; programs: string[] }, { responseJson: string }];
    AdvanceDemoClock: [{ days: number }, ClockStateMsg];
    GetClock: [Record<string, never>, ClockStateMsg];
  };
  finance: {
    ListObligations: [{ month: string; householdId: string }, ListObligationsResponseMsg];
  };
  disability: { ListReferrals: [ListReferralsRequestMsg, ListReferralsResponseMsg] };
  education: { ListReferrals: [ListReferralsRequestMsg, ListReferralsResponseMsg] };
  employment: { ListReferrals: [ListReferralsRequestMsg, ListReferralsResponseMsg] };
  health: { ListReferrals: [ListReferralsRequestMsg, ListReferralsResponseMsg] };
  housing: { ListReferrals: [ListReferralsRequestMsg, ListReferralsResponseMsg] };
}

/**
 * The client-streaming methods of each service: a stream of requests → one response. Kept apart
 * from {@link ServiceMethods}, whose methods the generic typed client calls as unary.
 */
export interface ClientStreamingMethods {
  registry: {
    ImportSourceFile: [ImportSourceChunkMsg, ImportSourceResultMsg];
  };
}

/**
 * The server-streaming methods of each service: one request → a stream of responses. The typed
 * client returns them as async iterables; handlers return async iterables (service-kit).
 */
export interface ServerStreamingMethods {
  registry: {
    StreamHouseholdFacts: [StreamHouseholdFactsRequestMsg, HouseholdFactsPageMsg];
  };
  'civil-affairs': {
    EvaluateBatch: [EvaluateBatchRequestMsg, EvaluateBatchChunkMsg];
  };
}
