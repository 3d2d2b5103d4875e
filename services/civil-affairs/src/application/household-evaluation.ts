import { householdSnapshotOf, type HouseholdMsg, type HouseholdSnapshot } from '@wuhai/contracts';
import { evaluateDibao, type DibaoResult } from '@wuhai/rules';
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
