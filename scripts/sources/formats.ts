/**
 * The eight verification-source extracts as `shared/contracts/verification-sources.md` names
 * them: file name and header columns, in the contract's order. Used by the synthetic city to write
 * them and by `pnpm sources:import` to find them; the registry checks the same columns (a test
 * keeps the two in step).
 */
export const SOURCE_FILES = {
  hukou: { file: 'hukou.csv', columns: ['idNumber', 'name', 'sex', 'birthDate', 'householdNo', 'relation', 'area', 'hukouType', 'status', 'deathDate'] },
  tax: { file: 'tax.csv', columns: ['idNumber', 'month', 'taxableIncomeFen'] },
  'social-insurance': { file: 'social-insurance.csv', columns: ['idNumber', 'month', 'kind', 'amountFen'] },
  'real-estate': { file: 'real-estate.csv', columns: ['idNumber', 'propertyId', 'floorAreaM2', 'use'] },
  business: { file: 'business.csv', columns: ['idNumber', 'registrationNo', 'registeredCapitalFen', 'status'] },
  'housing-fund': { file: 'housing-fund.csv', columns: ['idNumber', 'month', 'contributionFen', 'baseFen'] },
  vehicles: { file: 'vehicles.csv', columns: ['idNumber', 'plate', 'kind', 'valueFen'] },
  banks: { file: 'banks.csv', columns: ['idNumber', 'institution', 'kind', 'balanceFen', 'asOf'] },
} as const;

export type SourceName = keyof typeof SOURCE_FILES;
export const SOURCE_NAMES = Object.keys(SOURCE_FILES) as SourceName[];

/** The source a file name belongs to (`tax.csv` → `tax`), or undefined for any other name. */
export function sourceOfFileName(fileName: string): SourceName | undefined {
  return SOURCE_NAMES.find((s) => SOURCE_FILES[s].file === fileName);
}
