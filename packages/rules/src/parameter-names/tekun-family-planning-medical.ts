/** Parameters of tekun, family-planning support and medical assistance (City §4, §6). */
export const MEDICAL_FAMILY_PARAMETERS = [] as const;
