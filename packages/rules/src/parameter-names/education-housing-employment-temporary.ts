/** Parameters of education, housing, employment and temporary assistance (City §7–13). */
export const EDUCATION_HOUSING_PARAMETERS = [
  'housing.rural-renovation.dibao-edge-margin-rate',
  'temporary.minimum',
  'temporary.maximum',
  'temporary.approval-limit.street',
  'temporary.approval-limit.district',
] as const;
