import {
  fromHouseholdFactsMsg,
  fromMemberMsg,
  REVIEW_REASON_LABELS,
  type ApplicationMsg,
  type AuthorisationStateMsg,
  type DibaoCaseMsg,
  type ListDuplicatesResponseMsg,
  type VerificationReportMsg,
  type HouseholdMsg,
  type ObligationMsg,
  type PersonWithHouseholdMsg,
  type ReferralMsg,
} from '@wuhai/contracts';
import { STATUS_LABELS } from './schemas';

/**
 * Proto messages → REST bodies: int64 decimal strings become numbers (checked safe), proto3's ""
 * for "none" becomes null.
 */

/** An int64 decimal string as a number; throws rather than lose a fen. */
export function int64(value: string | number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`int64 value ${value} is not a safe integer`);
  return n;
}

const orNull = (s: string): string | null => (s === '' ? null : s);

/** A household as `GET /api/v1/households/{id}` shows it (members carry `id` = person id and the full ID number). */
export function presentHousehold(h: HouseholdMsg) {
  return {
    id: h.id,
    householdNo: h.householdNo,
    street: h.street,
    address: h.address,
    household: withLegacyIdNumbers(fromHouseholdFactsMsg(h.facts), h.facts.members),
    history: h.history.map((c) => ({ at: c.at, by: c.by, field: c.field, oldValue: parseJson(c.oldValue), newValue: parseJson(c.newValue) })),
    createdAt: h.createdAt,
    version: h.version,
  };
}

/**
 * The members with the legacy 15-digit number each was registered with (null when none) beside the
 * 18-character `idNumber` (docs/decisions/0011-legacy-id-numbers-and-duplicates.md).
 */
function withLegacyIdNumbers<H extends { members: object[] }>(household: H, members: readonly { legacyIdNumber?: string }[]): H {
  return { ...household, members: household.members.map((m, i) => ({ ...m, legacyIdNumber: orNull(members[i]?.legacyIdNumber ?? '') })) };
}

/** A person and their household as `GET /api/v1/persons/{idNumber}` shows them. */
export function presentPerson(p: PersonWithHouseholdMsg) {
  return {
    personId: p.personId,
    person: { ...fromMemberMsg(p.person), legacyIdNumber: orNull(p.person.legacyIdNumber ?? '') },
    householdId: p.householdId,
    householdNo: p.householdNo,
    street: p.street,
    area: p.area,
    deathDate: orNull(p.deathDate),
  };
}

/** An application with its routes (due dates null when none). */
export function presentApplication(a: ApplicationMsg) {
  return {
    id: a.id,
    householdId: a.householdId,
    programs: a.programs,
    note: a.note,
    submittedAt: a.submittedAt,
    submittedBy: a.submittedBy,
    area: a.area,
    routes: a.routes.map((r) => ({ service: r.service, caseId: r.caseId, status: r.status, program: r.program, dueDate: orNull(r.dueDate) })),
  };
}

/** A dibao case in full: amounts as numbers, the evaluation parsed, the status in Chinese. */
export function presentCase(c: DibaoCaseMsg) {
  return {
    id: c.id,
    applicationId: c.applicationId,
    householdId: c.householdId,
    program: c.program,
    status: c.status,
    statusLabel: STATUS_LABELS[c.status] ?? c.status,
    area: c.area,
    hukou: c.hukou,
    dibaoClass: orNull(c.dibaoClass),
    monthlyAmountFen: int64(c.monthlyAmountFen),
    evaluation: parseJson(c.evaluationJson),
    noticeStartsOn: orNull(c.noticeStartsOn),
    noticeEndsOn: orNull(c.noticeEndsOn),
    decidedOn: orNull(c.decidedOn),
    paymentFromMonth: orNull(c.paymentFromMonth),
    dueDate: orNull(c.dueDate),
    history: c.history.map((e) => ({ ...e, fromStatus: orNull(e.fromStatus) })),
    createdAt: c.createdAt,
    householdName: c.householdName,
    householdSize: c.householdSize,
    verification: c.verificationJson ? (parseJson(c.verificationJson) as Record<string, unknown>) : null,
    reviews: (c.reviews ?? []).map((r) => ({
      id: r.id,
      reason: r.reason,
      reasonLabel: REVIEW_REASON_LABELS[r.reason] ?? r.reason,
      reasons: r.reasons,
      reportId: orNull(r.reportId),
      openedAt: r.openedAt,
      openedBy: r.openedBy,
      resolvedAt: orNull(r.resolvedAt),
      resolvedBy: orNull(r.resolvedBy),
      resolutionNote: orNull(r.resolutionNote),
    })),
    openReviews: c.openReviews ?? 0,
  };
}

/** A dibao case as an item of civil affairs' work queue (no evaluation or history). */
export function presentCaseQueueItem(c: DibaoCaseMsg) {
  const { evaluation: _evaluation, history: _history, verification: _verification, reviews: _reviews, ...rest } = presentCase(c);
  return {
    ...rest,
    memberName: c.householdName,
    amountFen: rest.monthlyAmountFen,
    period: 'month',
    explanation: '',
    clauses: clausesOf(c.evaluationJson),
  };
}

/** A department's referral as an item (of an application's department view or a work queue). */
export function presentReferral(r: ReferralMsg) {
  return {
    id: r.id,
    department: r.department,
    program: r.program,
    status: r.status,
    householdId: r.householdId,
    caseId: r.caseId,
    memberId: orNull(r.memberId),
    memberName: r.memberName,
    amountFen: int64(r.amountFen),
    period: r.period,
    explanation: r.explanation,
    clauses: r.clauses,
    area: r.area,
    createdAt: r.createdAt,
    // a referral ended because its person died (docs/decisions/0013-deaths-and-moves.md)
    closedReason: orNull(r.closedReason),
    closedOn: orNull(r.closedOn),
  };
}

/** A finance obligation as an item: a household-level monthly payment, open-ended while `untilMonth` is null. */
export function presentObligationItem(o: ObligationMsg) {
  const until = orNull(o.untilMonth);
  return {
    id: o.id,
    department: o.department,
    program: o.program,
    status: until ? 'ended' : 'active',
    householdId: o.householdId,
    caseId: o.caseId,
    memberId: null,
    memberName: '',
    amountFen: int64(o.monthlyAmountFen),
    period: 'month',
    explanation: until
      ? `${o.fromMonth} 至 ${until} 按月支付`
      : `自 ${o.fromMonth} 起按月支付`,
    clauses: [] as string[],
    area: o.area,
    fromMonth: o.fromMonth,
    untilMonth: until,
    createdAt: o.createdAt,
  };
}

/** A finance obligation as `GET /api/v1/finance/obligations` lists it. */
export function presentObligation(o: ObligationMsg) {
  return {
    id: o.id,
    department: o.department,
    program: o.program,
    householdId: o.householdId,
    caseId: o.caseId,
    area: o.area,
    monthlyAmountFen: int64(o.monthlyAmountFen),
    fromMonth: o.fromMonth,
    untilMonth: orNull(o.untilMonth),
    createdAt: o.createdAt,
  };
}

function clausesOf(evaluationJson: string): string[] {
  const e = parseJson(evaluationJson) as { clauses?: unknown } | null;
  return Array.isArray(e?.clauses) ? e.clauses.filter((c): c is string => typeof c === 'string') : [];
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A verification report as `GET /api/v1/verifications/{id}` shows it: JSON parsed, file ids as numbers. */
export function presentVerificationReport(r: VerificationReportMsg) {
  return {
    id: r.id,
    householdId: r.householdId,
    householdNo: r.householdNo,
    version: r.version,
    runAt: r.runAt,
    runBy: r.runBy,
    asOf: r.asOf,
    months: { from: r.monthsFrom, to: r.monthsTo },
    sources: r.sources.map((s) => ({ source: s.source, fileIds: s.fileIds.map(int64) })),
    findings: parseJson(r.findingsJson),
    mismatches: r.mismatches.map((m) => ({
      kind: m.kind,
      memberId: m.memberId,
      source: m.source,
      field: m.field,
      declared: parseJson(m.declaredJson),
      found: parseJson(m.foundJson),
      detail: parseJson(m.detailJson),
      note: m.note,
    })),
    mismatchCount: r.mismatchCount,
    authorisationIds: r.authorisationIds,
    inquiries: (r.inquiries ?? []).map((q) => ({
      kind: q.kind,
      memberId: q.memberId,
      source: q.source,
      year: q.year,
      field: q.field,
      amountFen: int64(q.amountFen),
      declaredMonthlyFen: int64(q.declaredMonthlyFen),
      detail: parseJson(q.detailJson),
      note: q.note,
    })),
    inquiryCount: r.inquiryCount ?? 0,
    parameters: (r.parameters ?? []).map((p) => ({ name: p.name, value: p.value, unit: p.unit, effectiveFrom: p.effectiveFrom, clause: p.clause })),
  };
}

/** A household's authorisation state (who has signed, who has not). */
export function presentAuthorisationState(s: AuthorisationStateMsg) {
  return {
    householdId: s.householdId,
    asOf: s.asOf,
    complete: s.complete,
    signed: s.signed.map((a) => ({ personId: a.personId, name: a.name, signedAt: a.signedAt, authorisationId: a.authorisationId })),
    missing: s.missing.map((a) => ({ personId: a.personId, name: a.name })),
    recordedIds: s.recordedIds,
  };
}

/** The list of possible duplicates ("" → null). */
export function presentDuplicates(d: ListDuplicatesResponseMsg) {
  return {
    total: int64(d.total),
    duplicates: d.duplicates.map((x) => ({
      kind: x.kind,
      persons: x.persons.map((p) => ({ ...p, legacyIdNumberMasked: orNull(p.legacyIdNumberMasked) })),
      foundHouseholdNo: orNull(x.foundHouseholdNo),
      foundHouseholdId: orNull(x.foundHouseholdId),
      sourceFileId: int64(x.sourceFileId) || null,
      note: x.note,
    })),
  };
}
