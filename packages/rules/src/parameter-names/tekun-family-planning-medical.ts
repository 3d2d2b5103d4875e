/** Parameters of tekun, family-planning support and medical assistance (City §4, §6). */
export const MEDICAL_FAMILY_PARAMETERS = [
  'tekun.standard',
  'tekun.orphan-standard',
  'tekun.minor-age-limit',
  'tekun.adult-age',
  'family-planning.special.disabled-child',
  'family-planning.special.deceased-child',
  'family-planning.special.mother-age',
  'family-planning.reward',
  'family-planning.reward.urban-couple-age',
  'medical.reimbursement-rate',
  'medical.reimbursement-rate.mental-infectious',
  'medical.reimbursement-rate.tekun',
  'medical.annual-cap',
] as const;
