/**
 * Legacy 15-digit resident ID numbers (issued before GB 11643-1999): the registry keeps both the
 * 18-character conversion (which identifies the person) and the 15-digit number as given. The one
 * implementation of the check and the conversion is in @wuhai/contracts, shared with the gateway.
 */
export { convertLegacyIdNumber, isLegacyIdNumber } from '@wuhai/contracts';
