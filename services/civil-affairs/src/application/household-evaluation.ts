import { fromHouseholdFactsMsg, type HouseholdMsg, type HouseholdSnapshot } from '@wuhai/contracts';
import { evaluateDibao, type DibaoResult } from '@wuhai/rules';
import type { EvaluationSummary } from '../domain/dibao-case';

/**
 * The registry's household as the rules' input (member id = person id; ID numbers left out: the
 * rules and the departments do not need them).
 */
export function snapshotOf(household: HouseholdMsg): HouseholdSnapshot {
  const plain = fromHouseholdFactsMsg(household.facts);
  return {
    area: plain.area as HouseholdSnapshot['area'],
    hukou: plain.hukou as HouseholdSnapshot['hukou'],
    livingAreaM2: plain.livingAreaM2,
    homeOwned: plain.homeOwned,
    houseDangerGrade: plain.houseDangerGrade as HouseholdSnapshot['houseDangerGrade'],
    assets: plain.assets,
    familyPlanning: plain.familyPlanning as HouseholdSnapshot['familyPlanning'],
    members: plain.members.map(({ idNumber: _idNumber, personId: _personId, ...m }) => m) as HouseholdSnapshot['members'],
    medicalBills: [],
    hardship: null,
  };
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
