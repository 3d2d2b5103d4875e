/**
 * Words of the registry's verification report (核对报告; City §18, Reg. Art. 58) shared by the
 * registry, which writes them, and the gateway, which documents and passes them on
 * (docs/decisions/0009-verification-comparison.md).
 */

/**
 * What a mismatch between a household's declaration and the verification sources is about
 * (`VerificationMismatch.kind`): a month's income above the declared one beyond the tolerance, a
 * vehicle, residence or business not declared, financial assets above the declared sum, a member
 * the hukou register records as deceased, a member registered in another household.
 */
export const MISMATCH_KINDS = [
  'income-above-declared',
  'undeclared-vehicle',
  'residence-beyond-declared',
  'undeclared-business',
  'financial-assets-above-declared',
  'member-deceased',
  'registered-in-another-household',
] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];
