import { EntitySchema, type EntitySchemaColumnOptions } from 'typeorm';
import { dateTransformer, fenTransformer } from '@wuhai/service-kit';

/**
 * Row shapes of the verification-source tables (migration 1764400000200). Good rows are written
 * with COPY by the import use case; these schemas are for reading them through TypeORM (money as
 * fen numbers through the fen transformer, dates as `YYYY-MM-DD`, m² as numbers). Reports over
 * many rows should use raw SQL instead (DESIGN.md pitfalls: hydration cost).
 */
export interface SourceFileRow {
  id: string;
  source: string;
  fileName: string;
  sha256: string;
  importedAt: Date;
  importedBy: string;
  rowsLoaded: number;
  rowsRejected: number;
}

export interface SourceFileErrorRow {
  fileId: string;
  lineNo: number;
  reason: string;
}

/** Columns every source row has: where it came from and whose it is. */
interface SourceRowBase {
  fileId: string;
  lineNo: number;
  idNumber: string;
}

export interface HukouSourceRow extends SourceRowBase {
  name: string;
  sex: 'M' | 'F';
  birthDate: string;
  householdNo: string;
  relation: string;
  area: string;
  hukouType: 'urban' | 'rural';
  status: 'alive' | 'deceased';
  deathDate: string | null;
}
export interface TaxSourceRow extends SourceRowBase {
  month: string;
  taxableIncomeFen: number;
}
export interface SocialInsuranceSourceRow extends SourceRowBase {
  month: string;
  kind: 'pension' | 'unemployment' | 'contribution-base';
  amountFen: number;
}
export interface RealEstateSourceRow extends SourceRowBase {
  propertyId: string;
  floorAreaM2: number;
  use: 'residential' | 'commercial';
}
export interface BusinessSourceRow extends SourceRowBase {
  registrationNo: string;
  registeredCapitalFen: number;
  status: 'active' | 'revoked';
}
export interface HousingFundSourceRow extends SourceRowBase {
  month: string;
  contributionFen: number;
  baseFen: number;
}
export interface VehicleSourceRow extends SourceRowBase {
  plate: string;
  kind: 'car' | 'truck' | 'motorcycle' | 'disability-mobility';
  valueFen: number;
}
export interface BankSourceRow extends SourceRowBase {
  institution: string;
  kind: 'deposit' | 'securities' | 'insurance';
  balanceFen: number;
  asOf: string;
}

const numeric = { to: (v: number) => v, from: (v: string | null) => (v === null ? v : Number(v)) };
const text = (name?: string): EntitySchemaColumnOptions => ({ type: 'text', ...(name ? { name } : {}) });
const fen = (name: string): EntitySchemaColumnOptions => ({ name, type: 'bigint', transformer: fenTransformer });
const month: EntitySchemaColumnOptions = { type: 'char', length: 7 };
const date = (name: string, nullable = false): EntitySchemaColumnOptions => ({ name, type: 'date', nullable, transformer: dateTransformer });
const base = {
  fileId: { name: 'file_id', type: 'bigint', primary: true },
  lineNo: { name: 'line_no', type: 'integer', primary: true },
  idNumber: { name: 'id_number', type: 'char', length: 18 },
} satisfies Record<keyof SourceRowBase, EntitySchemaColumnOptions>;

export const SourceFileEntity = new EntitySchema<SourceFileRow>({
  name: 'SourceFile',
  tableName: 'source_files',
  columns: {
    id: { type: 'bigint', primary: true, generated: 'increment' },
    source: text(),
    fileName: text('file_name'),
    sha256: { type: 'char', length: 64 },
    importedAt: { name: 'imported_at', type: 'timestamptz', createDate: true },
    importedBy: text('imported_by'),
    rowsLoaded: { name: 'rows_loaded', type: 'integer' },
    rowsRejected: { name: 'rows_rejected', type: 'integer' },
  },
});

export const SourceFileErrorEntity = new EntitySchema<SourceFileErrorRow>({
  name: 'SourceFileError',
  tableName: 'source_file_errors',
  columns: {
    fileId: { name: 'file_id', type: 'bigint', primary: true },
    lineNo: { name: 'line_no', type: 'integer', primary: true },
    reason: text(),
  },
});

export const HukouSourceEntity = new EntitySchema<HukouSourceRow>({
  name: 'HukouSource',
  tableName: 'source_hukou',
  columns: {
    ...base,
    name: text(),
    sex: { type: 'char', length: 1 },
    birthDate: date('birth_date'),
    householdNo: text('household_no'),
    relation: text(),
    area: { type: 'char', length: 6 },
    hukouType: text('hukou_type'),
    status: text(),
    deathDate: date('death_date', true),
  },
});

export const TaxSourceEntity = new EntitySchema<TaxSourceRow>({
  name: 'TaxSource',
  tableName: 'source_tax',
  columns: { ...base, month, taxableIncomeFen: fen('taxable_income_fen') },
});

export const SocialInsuranceSourceEntity = new EntitySchema<SocialInsuranceSourceRow>({
  name: 'SocialInsuranceSource',
  tableName: 'source_social_insurance',
  columns: { ...base, month, kind: text(), amountFen: fen('amount_fen') },
});

export const RealEstateSourceEntity = new EntitySchema<RealEstateSourceRow>({
  name: 'RealEstateSource',
  tableName: 'source_real_estate',
  columns: {
    ...base,
    propertyId: text('property_id'),
    floorAreaM2: { name: 'floor_area_m2', type: 'numeric', precision: 10, scale: 2, transformer: numeric },
    use: text(),
  },
});

export const BusinessSourceEntity = new EntitySchema<BusinessSourceRow>({
  name: 'BusinessSource',
  tableName: 'source_business',
  columns: { ...base, registrationNo: text('registration_no'), registeredCapitalFen: fen('registered_capital_fen'), status: text() },
});

export const HousingFundSourceEntity = new EntitySchema<HousingFundSourceRow>({
  name: 'HousingFundSource',
  tableName: 'source_housing_fund',
  columns: { ...base, month, contributionFen: fen('contribution_fen'), baseFen: fen('base_fen') },
});

export const VehicleSourceEntity = new EntitySchema<VehicleSourceRow>({
  name: 'VehicleSource',
  tableName: 'source_vehicles',
  columns: { ...base, plate: text(), kind: text(), valueFen: fen('value_fen') },
});

export const BankSourceEntity = new EntitySchema<BankSourceRow>({
  name: 'BankSource',
  tableName: 'source_banks',
  columns: { ...base, institution: text(), kind: text(), balanceFen: fen('balance_fen'), asOf: date('as_of') },
});

/** The entity of each source's table, by source name. */
export const SOURCE_ENTITIES = {
  hukou: HukouSourceEntity,
  tax: TaxSourceEntity,
  'social-insurance': SocialInsuranceSourceEntity,
  'real-estate': RealEstateSourceEntity,
  business: BusinessSourceEntity,
  'housing-fund': HousingFundSourceEntity,
  vehicles: VehicleSourceEntity,
  banks: BankSourceEntity,
} as const;

export const sourceEntities = [SourceFileEntity, SourceFileErrorEntity, ...Object.values(SOURCE_ENTITIES)];
