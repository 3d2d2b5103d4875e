import type { HouseholdSnapshot } from './events';
import type { HouseholdFactsMsg, MemberMsg } from './messages';

/**
 * Mapping between the household of evaluations.md (nulls, numbers) and its proto message
 * ("" for none, int64 as decimal strings). Input to `toHouseholdFactsMsg` must already be valid.
 */

/** Plain household facts as in evaluations.md (the output of `householdFactsSchema`). */
export interface PlainMember {
  id: string;
  idNumber?: string | null;
  name: string;
  sex: 'M' | 'F' | string;
  birthDate: string;
  relation: string;
  minority: boolean;
  disability: { category: number; grade: number } | null;
  monthlyIncomeFen: number;
  canWork: boolean;
  employed: boolean;
  pensionInsured: boolean;
  illness: string | null;
  school: { level: string; boarding: boolean } | null;
  admission: { level: string } | null;
  tekun: { kind: string } | null;
  personId?: string;
}
export interface PlainHousehold {
  area: string;
  hukou: string;
  livingAreaM2: number;
  homeOwned: boolean;
  houseDangerGrade: string | null;
  assets: { financialFen: number; vehicles: number; disabilityVehicles: number; residences: number; businessCapitalFen: number };
  familyPlanning: { onlyChild: string | null; ruralOneChildOrTwoDaughters: boolean; urbanOneChild: boolean };
  members: PlainMember[];
}

/** The household-level facts (everything but the members), as in {@link PlainHousehold}. */
export type PlainHouseholdFields = Omit<PlainHousehold, 'members'>;
/** The household-level fields of the proto message (everything but the members). */
export type HouseholdFieldsMsg = Omit<HouseholdFactsMsg, 'members'>;

/** Household facts → proto message. */
export function toHouseholdFactsMsg(h: PlainHousehold): HouseholdFactsMsg {
  return { ...toHouseholdFieldsMsg(h), members: h.members.map(toMemberMsg) };
}

/**
 * Household-level facts → their proto fields: null grade and only-child become "", fen
 * (integers) become int64 decimal strings. Extra properties of `h` are ignored, so a registry row
 * with its assets gathered can be passed as it is. Input must already be valid.
 */
export function toHouseholdFieldsMsg(h: PlainHouseholdFields): HouseholdFieldsMsg {
  return {
    area: h.area,
    hukou: h.hukou,
    livingAreaM2: h.livingAreaM2,
    homeOwned: h.homeOwned,
    houseDangerGrade: h.houseDangerGrade ?? '',
    assets: {
      financialFen: String(h.assets.financialFen),
      vehicles: h.assets.vehicles,
      disabilityVehicles: h.assets.disabilityVehicles,
      residences: h.assets.residences,
      businessCapitalFen: String(h.assets.businessCapitalFen),
    },
    familyPlanning: {
      onlyChild: h.familyPlanning.onlyChild ?? '',
      ruralOneChildOrTwoDaughters: h.familyPlanning.ruralOneChildOrTwoDaughters,
      urbanOneChild: h.familyPlanning.urbanOneChild,
    },
  };
}

/** Member facts → proto message. */
export function toMemberMsg(m: PlainMember): MemberMsg {
  return {
    id: m.id,
    idNumber: m.idNumber ?? '',
    name: m.name,
    sex: m.sex,
    birthDate: m.birthDate,
    relation: m.relation,
    minority: m.minority,
    disability: m.disability,
    monthlyIncomeFen: String(m.monthlyIncomeFen),
    canWork: m.canWork,
    employed: m.employed,
    pensionInsured: m.pensionInsured,
    illness: m.illness ?? '',
    school: m.school,
    admissionLevel: m.admission?.level ?? '',
    tekunKind: m.tekun?.kind ?? '',
    personId: m.personId ?? '',
  };
}

/**
 * Proto message → plain household facts (the input shape of `householdFactsSchema` and the rules).
 * int64 strings become numbers; callers validate the result before trusting it.
 */
export function fromHouseholdFactsMsg(msg: HouseholdFactsMsg): PlainHousehold {
  return { ...fromHouseholdFieldsMsg(msg), members: msg.members.map(fromMemberMsg) };
}

/**
 * Household-level proto fields → plain facts: "" becomes null, int64 fen strings become numbers,
 * absent assets and family planning become zeros and false (proto3 defaults). Any message with
 * these fields will do (e.g. the registry's `NewHousehold`); callers validate the result.
 */
export function fromHouseholdFieldsMsg(msg: HouseholdFieldsMsg): PlainHouseholdFields {
  return {
    area: msg.area,
    hukou: msg.hukou,
    livingAreaM2: msg.livingAreaM2,
    homeOwned: msg.homeOwned,
    houseDangerGrade: msg.houseDangerGrade || null,
    assets: {
      financialFen: Number(msg.assets?.financialFen ?? 0),
      vehicles: msg.assets?.vehicles ?? 0,
      disabilityVehicles: msg.assets?.disabilityVehicles ?? 0,
      residences: msg.assets?.residences ?? 0,
      businessCapitalFen: Number(msg.assets?.businessCapitalFen ?? 0),
    },
    familyPlanning: {
      onlyChild: msg.familyPlanning?.onlyChild || null,
      ruralOneChildOrTwoDaughters: msg.familyPlanning?.ruralOneChildOrTwoDaughters ?? false,
      urbanOneChild: msg.familyPlanning?.urbanOneChild ?? false,
    },
  };
}

/** Proto member → plain member. */
export function fromMemberMsg(m: MemberMsg): PlainMember {
  return {
    id: m.id,
    idNumber: m.idNumber || null,
    name: m.name,
    sex: m.sex,
    birthDate: m.birthDate,
    relation: m.relation,
    minority: m.minority,
    disability: m.disability && m.disability.category ? { category: m.disability.category, grade: m.disability.grade } : null,
    monthlyIncomeFen: Number(m.monthlyIncomeFen),
    canWork: m.canWork,
    employed: m.employed,
    pensionInsured: m.pensionInsured,
    illness: m.illness || null,
    school: m.school && m.school.level ? { level: m.school.level, boarding: m.school.boarding } : null,
    admission: m.admissionLevel ? { level: m.admissionLevel } : null,
    tekun: m.tekunKind ? { kind: m.tekunKind } : null,
    ...(m.personId ? { personId: m.personId } : {}),
  };
}

/**
 * A registry household's facts as the rules' input (the household of evaluations.md, as
 * `HouseholdSnapshot`): member `id` stays the person id; ID numbers and person ids are left out
 * (the rules and the departments do not need them); no medical bills and no hardship (those are
 * events of an application, not facts the registry holds). Used by civil affairs for a case's
 * evaluation and for batch evaluations, so both evaluate the same household.
 * @param facts the registry's `HouseholdFacts` message (int64 fen as decimal strings)
 */
export function householdSnapshotOf(facts: HouseholdFactsMsg): HouseholdSnapshot {
  const plain = fromHouseholdFactsMsg(facts);
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
