import { householdSnapshotOf, type DibaoAdjusted, type HouseholdMsg, type HouseholdSnapshot } from '@wuhai/contracts';
import { decisionRecord, evaluate, evaluateDibao, type DibaoResult, type EvaluationRequest, type EvaluationResponse } from '@wuhai/rules';
import type { EvaluationSummary } from '../domain/dibao-case';

/**
 * The registry's household as the rules' input (member id = person id; ID numbers left out: the
 * rules and the departments do not need them).
 */
export function snapshotOf(household: HouseholdMsg): HouseholdSnapshot {
  return householdSnapshotOf(household.facts);
}

/** Evaluates dibao for a household snapshot on `asOf`. */
export function evaluateHousehold(snapshot: HouseholdSnapshot, asOf: string): { result: DibaoResult; summary: EvaluationSummary } {
  const result = evaluateDibao(snapshot, asOf);
  return {
    result,
    summary: { status: result.status, reasons: result.reasons.map((r) => r.message) },
  };
}

/** The head's name (or the first member's) for work queues. */
export function headName(household: HouseholdMsg): string {
  const head = household.facts.members.find((m) => m.relation === 'head') ?? household.facts.members[0];
  return head?.name ?? '';
}

/** The programs an adjustment of a case in force re-evaluates. */
const ADJUSTMENT_PROGRAMS = ['dibao', 'dibao.supplement'] as const;

/** What an adjustment of a case in force stores and announces from the rules' answer. */
export interface AdjustmentEvaluation {
  status: EvaluationResponse['status'];
  /** The decision record of the evaluation (`decisionRecord` of @wuhai/rules). */
  record: unknown;
  /** Why the household does not qualify or needs a person, as the rules' messages. */
  reasons: string[];
  dibaoClass: DibaoAdjusted['dibaoClass'];
  /** The dibao top-up and the City §3 supplements, fen a month (0 unless ELIGIBLE). */
  topUpFen: number;
  supplementsFen: number;
  /** Every clause cited, with City §3 and City §18 (the change that caused the adjustment). */
  clauses: string[];
}

/**
 * Evaluates dibao and its supplements for the household a case in force now counts, on `asOf` (the
 * first day of the adjustment's first month), for an adjustment after a death or its revocation.
 */
export function evaluateForAdjustment(household: HouseholdSnapshot, asOf: string): AdjustmentEvaluation {
  const request: EvaluationRequest = { asOf, household: household as EvaluationRequest['household'] };
  const response = evaluate(request, { programs: ADJUSTMENT_PROGRAMS });
  const eligible = response.status === 'ELIGIBLE';
  const amountOf = (program: string) => response.entitlements.filter((e) => e.program === program).reduce((a, e) => a + e.amountFen, 0);
  return {
    status: response.status,
    record: decisionRecord(request, response, { programs: ADJUSTMENT_PROGRAMS }),
    reasons: [...response.ineligible, ...response.needsManualReview].flatMap((l) => l.reasons.map((r) => r.message)),
    dibaoClass: eligible ? response.dibaoClass : null,
    topUpFen: eligible ? amountOf('dibao') : 0,
    supplementsFen: eligible ? amountOf('dibao.supplement') : 0,
    clauses: [...new Set(response.entitlements.flatMap((e) => e.clauses).concat(['City §3', 'City §18']))],
  };
}
