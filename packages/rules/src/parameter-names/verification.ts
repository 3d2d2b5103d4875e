/**
 * Parameters of the cross-registry verification (核对; City §18; shared/contracts/
 * verification-sources.md), read by the registry's verification runs.
 */
export const VERIFICATION_PARAMETERS = ['verification.income-tolerance-rate', 'verification.income-tolerance-minimum'] as const;
