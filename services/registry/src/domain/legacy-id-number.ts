/**
 * Legacy 15-digit resident ID numbers (issued before GB 11643-1999): 6-digit area, 6-digit birth
 * date `YYMMDD` of a 19xx year, 3-digit sequence, no check character. GB 11643-1999 converts one
 * to 18 characters by inserting the century `19` after the area and appending the check character
 * (ISO 7064 MOD 11-2). The registry keeps both: the 18-character number identifies the person, the
 * 15-digit one is kept as given (old documents and other offices still use it).
 */
import { idNumberCheckChar, isCalendarDate } from '@wuhai/contracts';

/** True when `value` has the shape of a legacy number (15 digits, nothing else). */
export function isLegacyIdNumber(value: string): boolean {
  return /^\d{15}$/.test(value.trim());
}

/**
 * Converts a 15-digit ID number to the 18-character one (GB 11643-1999): area + `19` + `YYMMDD` +
 * sequence + check character.
 * @param legacy 15 digits (surrounding spaces ignored)
 * @param today `YYYY-MM-DD`; a birth date after it is refused
 * @returns the 18-character number, or why the legacy number is not one: `VALIDATION.ID_NUMBER_FORMAT`
 *   (not 15 digits), `VALIDATION.ID_NUMBER_BIRTH_DATE` (no such date in 19YY),
 *   `VALIDATION.ID_NUMBER_FUTURE_BIRTH_DATE`
 */
export function convertLegacyIdNumber(
  legacy: string,
  today: string,
): { ok: true; idNumber: string } | { ok: false; problem: 'VALIDATION.ID_NUMBER_FORMAT' | 'VALIDATION.ID_NUMBER_BIRTH_DATE' | 'VALIDATION.ID_NUMBER_FUTURE_BIRTH_DATE' } {
  const id = legacy.trim();
  if (!/^\d{15}$/.test(id)) return { ok: false, problem: 'VALIDATION.ID_NUMBER_FORMAT' };
  const birth = `19${id.slice(6, 8)}-${id.slice(8, 10)}-${id.slice(10, 12)}`;
  if (!isCalendarDate(birth)) return { ok: false, problem: 'VALIDATION.ID_NUMBER_BIRTH_DATE' };
  if (birth > today) return { ok: false, problem: 'VALIDATION.ID_NUMBER_FUTURE_BIRTH_DATE' };
  const first17 = `${id.slice(0, 6)}19${id.slice(6)}`;
  return { ok: true, idNumber: first17 + idNumberCheckChar(first17) };
}
