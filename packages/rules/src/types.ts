/**
 * Input and output shapes of the rules package. The household input is structurally the household
 * of `shared/contracts/evaluations.md` (the output of `@wuhai/contracts`' `householdFactsSchema`),
 * with the facts the rules do not need made optional so the package stays free of transport code.
 * Money is always integer fen; dates are `YYYY-MM-DD` calendar dates; areas are m².
 */

export type Hukou = 'urban' | 'rural';
export const AREA_CODES = ['150302', '150303', '150304'] as const;
export type AreaCode = (typeof AREA_CODES)[number];
export type DibaoClass = 'A' | 'B' | 'C';
export type Period = 'month' | 'year' | 'once';
export type Status = 'ELIGIBLE' | 'INELIGIBLE' | 'NEEDS_MANUAL_REVIEW';

export interface Disability {
  /** GB/T 26341 category 1–7 (视力, 听力, 言语, 肢体, 智力, 精神, 多重). */
  category: number;
  /** Grade 1–4, 1 the most severe. */
  grade: number;
}

export interface SchoolFacts {
  level: 'preschool' | 'primary' | 'junior' | 'senior' | 'vocational';
  boarding: boolean;
}

export interface Member {
  id: string;
  name?: string;
  idNumber?: string | null;
  sex: 'M' | 'F';
  /** `YYYY-MM-DD`. */
  birthDate: string;
  relation?: 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'sibling' | 'other';
  minority?: boolean;
  disability?: Disability | null;
  /** Counted disposable monthly income, integer fen ≥ 0. */
  monthlyIncomeFen: number;
  canWork: boolean;
  employed: boolean;
  pensionInsured?: boolean;
  illness?: 'mental' | 'infectious' | 'serious' | null;
  school?: SchoolFacts | null;
  admission?: { level: 'bachelor' | 'junior-college' } | null;
  tekun?: { kind: 'wubao' | 'sanwu' | 'orphan' } | null;
  /** `YYYY-MM-DD` the member's current job started (gradual exit, City §12); null when none. */
  jobStartedOn?: string | null;
  /** Consecutive suitable job referrals refused without good reason (City §12; Reg. Art. 45). */
  refusedReferrals?: number;
}

/** Family-planning facts (City §4), as in evaluations.md. */
export interface FamilyPlanningFacts {
  onlyChild: 'disabled' | 'deceased' | null;
  ruralOneChildOrTwoDaughters: boolean;
  urbanOneChild: boolean;
}

/** An in-policy bill after insurance (City §6), as in evaluations.md. */
export interface MedicalBill {
  memberId: string;
  /** In-policy out-of-pocket cost of this bill, fen. */
  outOfPocketFen: number;
  /** Medical assistance already paid to this member this calendar year, fen. */
  reimbursedThisYearFen: number;
}

/** A sudden hardship asking for temporary assistance (City §13), as in evaluations.md. */
export interface Hardship {
  /** `funeral`: a death in the family (City §13 funeral-fee waiver for dibao recipients). */
  category: 'fire' | 'accident' | 'illness' | 'expense' | 'disaster' | 'funeral' | 'other';
  /** The need assessed by the street office, fen. */
  assessedNeedFen: number;
}

/** The dibao the household receives now, for the gradual exit (City §12). */
export interface CurrentDibao {
  /** `YYYY-MM-DD` the current payment started. */
  since: string;
  /** Monthly top-up paid now, fen (before supplements). */
  topUpFen: number;
}

export interface Assets {
  /** Household financial assets, integer fen ≥ 0. */
  financialFen: number;
  /** Motor vehicles other than disability mobility vehicles. */
  vehicles: number;
  disabilityVehicles?: number;
  residences: number;
  /** Registered capital of the household's businesses, integer fen ≥ 0. */
  businessCapitalFen: number;
}

export interface Household {
  area: AreaCode;
  hukou: Hukou;
  /** Living area of the home in m² (may have decimals). */
  livingAreaM2: number;
  homeOwned: boolean;
  houseDangerGrade?: 'C' | 'D' | null;
  assets: Assets;
  members: Member[];
  familyPlanning?: FamilyPlanningFacts | null;
  /** Set when the household receives dibao now (gradual exit, City §12). */
  dibao?: CurrentDibao | null;
  medicalBills?: MedicalBill[];
  hardship?: Hardship | null;
}

/** A failed test or a cause for manual review: stable code, message in Chinese then English. */
export interface Reason {
  code: string;
  message: string;
  /** The parameter concerned, for `RULES.MISSING_PARAMETER`. */
  parameter?: string;
  memberId?: string;
}

/**
 * One line of a computation trace, for the case file and the clerk. `label` is a stable machine
 * key (`standard`, `household-size`, `supplement`…; see `DIBAO_STEP_LABELS`) that tools may match
 * on; `labelZh` is the Chinese caption the intake window shows, naming a member by name (never by
 * internal id when the name is known). A step about one member also carries its `memberId`.
 */
export interface Step {
  /** Stable, machine-readable key, e.g. `supplement`; never shown to clerks. */
  label: string;
  /** Chinese caption for the clerk, e.g. `增发补助金：何德胜（60–79岁，5%）`, `低保标准（城区）`. */
  labelZh: string;
  /** The member the step concerns, for joining on ids (absent for household-level steps). */
  memberId?: string;
  value: number | string | boolean | null;
  /** `fen`, `yuan`, `persons`, `rate`, `years`, `m2`, `bool`, `text`, `class`… */
  unit: string;
  /** Parameter read for this step, with the date its value took effect. */
  parameter?: string;
  effectiveFrom?: string;
  clause: string;
}
