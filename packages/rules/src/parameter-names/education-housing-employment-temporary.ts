/** Parameters of education, housing, employment and temporary assistance (City §7–13). */
export const EDUCATION_HOUSING_PARAMETERS = [] as const;
