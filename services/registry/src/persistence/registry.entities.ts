import { EntitySchema } from 'typeorm';
import { dateTransformer, fenTransformer } from '@wuhai/service-kit';

/** Row shapes of the registry's tables (EntitySchema: no decorators, works with any transpiler). */
export interface HouseholdRow {
  id: string;
  householdNo: string;
  area: string;
  hukou: string;
  street: string;
  address: string;
  livingAreaM2: number;
  homeOwned: boolean;
  houseDangerGrade: string | null;
  financialFen: number;
  vehicles: number;
  disabilityVehicles: number;
  residences: number;
  businessCapitalFen: number;
  familyPlanning: { onlyChild: string | null; ruralOneChildOrTwoDaughters: boolean; urbanOneChild: boolean };
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface PersonRow {
  id: string;
  /** The household the person belongs to now; null once they died (see `lastHouseholdId`). */
  householdId: string | null;
  position: number;
  idNumber: string;
  /** The 15-digit number the person was registered with (GB 11643-1999 converts it to `idNumber`), or null. */
  legacyIdNumber?: string | null;
  name: string;
  sex: string;
  birthDate: string;
  relation: string;
  minority: boolean;
  disabilityCategory: number | null;
  disabilityGrade: number | null;
  monthlyIncomeFen: number;
  canWork: boolean;
  employed: boolean;
  pensionInsured: boolean;
  illness: string | null;
  schoolLevel: string | null;
  schoolBoarding: boolean | null;
  admissionLevel: string | null;
  tekunKind: string | null;
  /** `YYYY-MM-DD` of the death, null while the person lives (docs/decisions/0013-deaths-and-moves.md). */
  deathDate?: string | null;
  deathSource?: string | null;
  deathNote?: string | null;
  deathRecordedAt?: Date | null;
  deathRecordedBy?: string | null;
  /** The household the person belonged to when they died. */
  lastHouseholdId?: string | null;
  createdAt: Date;
}

export interface HouseholdChangeRow {
  id: string;
  householdId: string;
  at: Date;
  by: string;
  field: string;
  oldValue: unknown;
  newValue: unknown;
}

const numeric = { to: (v: number) => v, from: (v: string | null) => (v === null ? v : Number(v)) };

export const HouseholdEntity = new EntitySchema<HouseholdRow>({
  name: 'Household',
  tableName: 'households',
  columns: {
    id: { type: 'uuid', primary: true },
    householdNo: { name: 'household_no', type: 'text' },
    area: { type: 'char', length: 6 },
    hukou: { type: 'text' },
    street: { type: 'text' },
    address: { type: 'text' },
    livingAreaM2: { name: 'living_area_m2', type: 'numeric', precision: 10, scale: 2, transformer: numeric },
    homeOwned: { name: 'home_owned', type: 'boolean' },
    houseDangerGrade: { name: 'house_danger_grade', type: 'text', nullable: true },
    financialFen: { name: 'financial_fen', type: 'bigint', transformer: fenTransformer },
    vehicles: { type: 'integer' },
    disabilityVehicles: { name: 'disability_vehicles', type: 'integer' },
    residences: { type: 'integer' },
    businessCapitalFen: { name: 'business_capital_fen', type: 'bigint', transformer: fenTransformer },
    familyPlanning: { name: 'family_planning', type: 'jsonb' },
    version: { type: 'integer' },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    updatedAt: { name: 'updated_at', type: 'timestamptz', updateDate: true },
  },
});

export const PersonEntity = new EntitySchema<PersonRow>({
  name: 'Person',
  tableName: 'persons',
  columns: {
    id: { type: 'uuid', primary: true },
    householdId: { name: 'household_id', type: 'uuid', nullable: true },
    position: { type: 'integer' },
    idNumber: { name: 'id_number', type: 'char', length: 18 },
    legacyIdNumber: { name: 'legacy_id_number', type: 'char', length: 15, nullable: true },
    name: { type: 'text' },
    sex: { type: 'char', length: 1 },
    birthDate: { name: 'birth_date', type: 'date', transformer: dateTransformer },
    relation: { type: 'text' },
    minority: { type: 'boolean' },
    disabilityCategory: { name: 'disability_category', type: 'smallint', nullable: true },
    disabilityGrade: { name: 'disability_grade', type: 'smallint', nullable: true },
    monthlyIncomeFen: { name: 'monthly_income_fen', type: 'bigint', transformer: fenTransformer },
    canWork: { name: 'can_work', type: 'boolean' },
    employed: { type: 'boolean' },
    pensionInsured: { name: 'pension_insured', type: 'boolean' },
    illness: { type: 'text', nullable: true },
    schoolLevel: { name: 'school_level', type: 'text', nullable: true },
    schoolBoarding: { name: 'school_boarding', type: 'boolean', nullable: true },
    admissionLevel: { name: 'admission_level', type: 'text', nullable: true },
    tekunKind: { name: 'tekun_kind', type: 'text', nullable: true },
    deathDate: { name: 'death_date', type: 'date', nullable: true, transformer: dateTransformer },
    deathSource: { name: 'death_source', type: 'text', nullable: true },
    deathNote: { name: 'death_note', type: 'text', nullable: true },
    deathRecordedAt: { name: 'death_recorded_at', type: 'timestamptz', nullable: true },
    deathRecordedBy: { name: 'death_recorded_by', type: 'text', nullable: true },
    lastHouseholdId: { name: 'last_household_id', type: 'uuid', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});

export const HouseholdChangeEntity = new EntitySchema<HouseholdChangeRow>({
  name: 'HouseholdChange',
  tableName: 'household_changes',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    householdId: { name: 'household_id', type: 'uuid' },
    at: { type: 'timestamptz', createDate: true },
    by: { type: 'text' },
    field: { type: 'text' },
    oldValue: { name: 'old_value', type: 'jsonb', nullable: true },
    newValue: { name: 'new_value', type: 'jsonb', nullable: true },
  },
});

export const registryEntities = [HouseholdEntity, PersonEntity, HouseholdChangeEntity];
