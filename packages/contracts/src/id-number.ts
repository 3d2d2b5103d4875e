/**
 * Resident identity numbers (GB 11643-1999): 6-digit area, 8-digit birth date, 3-digit sequence
 * (odd male, even female), check character by ISO 7064 MOD 11-2. See DOMAIN.md "Identity numbers".
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'] as const;

/** Why an ID number was rejected; stable codes used in API errors. */
export type IdNumberProblem =
  | 'VALIDATION.ID_NUMBER_FORMAT'
  | 'VALIDATION.ID_NUMBER_BIRTH_DATE'
  | 'VALIDATION.ID_NUMBER_FUTURE_BIRTH_DATE'
  | 'VALIDATION.ID_NUMBER_CHECKSUM';

export interface ParsedIdNumber {
  idNumber: string;
  /** 6-digit administrative area code of first registration, e.g. `150302`. */
  areaCode: string;
  /** `YYYY-MM-DD`. */
  birthDate: string;
  sex: 'M' | 'F';
}

/**
 * Computes the check character of the first 17 digits (ISO 7064 MOD 11-2, GB 11643-1999 §8).
 * @param first17 exactly 17 decimal digits
 * @returns `0`–`9` or `X`
 * @throws Error when `first17` is not 17 digits
 */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('idNumberCheckChar needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** True when `date` is a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/**
 * Parses and validates an 18-character ID number.
 * @param idNumber the number as written (a lower-case `x` is accepted and upper-cased)
 * @param today `YYYY-MM-DD`; a birth date after it is rejected
 * @returns the parsed number, or the problem that makes it invalid
 */
export function parseIdNumber(
  idNumber: string,
  today: string,
): { ok: true; value: ParsedIdNumber } | { ok: false; problem: IdNumberProblem } {
  const id = idNumber.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'VALIDATION.ID_NUMBER_FORMAT' };
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isCalendarDate(birth) || birth < '1900-01-01') return { ok: false, problem: 'VALIDATION.ID_NUMBER_BIRTH_DATE' };
  if (birth > today) return { ok: false, problem: 'VALIDATION.ID_NUMBER_FUTURE_BIRTH_DATE' };
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'VALIDATION.ID_NUMBER_CHECKSUM' };
  return {
    ok: true,
    value: { idNumber: id, areaCode: id.slice(0, 6), birthDate: birth, sex: Number(id[16]) % 2 === 1 ? 'M' : 'F' },
  };
}

/** True when `value` has the shape of a legacy 15-digit ID number (15 digits, surrounding spaces ignored). */
export function isLegacyIdNumber(value: string): boolean {
  return /^\d{15}$/.test(value.trim());
}

/** Why a legacy 15-digit number cannot be converted. */
export type LegacyIdNumberProblem = 'VALIDATION.ID_NUMBER_FORMAT' | 'VALIDATION.ID_NUMBER_BIRTH_DATE' | 'VALIDATION.ID_NUMBER_FUTURE_BIRTH_DATE';

/**
 * Converts a legacy 15-digit ID number (issued before GB 11643-1999: 6-digit area, `YYMMDD` birth
 * date of a 19xx year, 3-digit sequence, no check character) to the 18-character one as GB 11643-1999
 * does: area + `19` + `YYMMDD` + sequence + check character (ISO 7064 MOD 11-2). The registry keeps
 * both (docs/decisions/0011-legacy-id-numbers-and-duplicates.md).
 * @param legacy 15 digits (surrounding spaces ignored)
 * @param today `YYYY-MM-DD`; a birth date after it is refused
 * @returns the 18-character number, or the problem: `VALIDATION.ID_NUMBER_FORMAT` (not 15 digits),
 *   `VALIDATION.ID_NUMBER_BIRTH_DATE` (no such date in 19YY), `VALIDATION.ID_NUMBER_FUTURE_BIRTH_DATE`
 */
export function convertLegacyIdNumber(legacy: string, today: string): { ok: true; idNumber: string } | { ok: false; problem: LegacyIdNumberProblem } {
  const id = legacy.trim();
  if (!/^\d{15}$/.test(id)) return { ok: false, problem: 'VALIDATION.ID_NUMBER_FORMAT' };
  const birth = `19${id.slice(6, 8)}-${id.slice(8, 10)}-${id.slice(10, 12)}`;
  if (!isCalendarDate(birth)) return { ok: false, problem: 'VALIDATION.ID_NUMBER_BIRTH_DATE' };
  if (birth > today) return { ok: false, problem: 'VALIDATION.ID_NUMBER_FUTURE_BIRTH_DATE' };
  const first17 = `${id.slice(0, 6)}19${id.slice(6)}`;
  return { ok: true, idNumber: first17 + idNumberCheckChar(first17) };
}

/**
 * Builds a valid ID number from its parts (used by the synthetic city and test builders).
 * @param areaCode 6 digits; birthDate `YYYY-MM-DD`; sequence 0–999 (parity is forced to match `sex`)
 */
export function makeIdNumber(areaCode: string, birthDate: string, sequence: number, sex: 'M' | 'F'): string {
  let seq = Math.abs(Math.trunc(sequence)) % 1000;
  const wantOdd = sex === 'M';
  if ((seq % 2 === 1) !== wantOdd) seq = seq === 999 ? 998 : seq + 1;
  if ((seq % 2 === 1) !== wantOdd) seq = 1;
  const first17 = `${areaCode}${birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}

/**
 * Masks an ID number for public pages (DOMAIN.md "Privacy"): first 6 + `********` + last 4 (a
 * legacy 15-digit number too).
 */
export function maskIdNumber(idNumber: string): string {
  return idNumber.length < 10 ? '*'.repeat(idNumber.length) : `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`;
}

/** Masks a name for public pages (DOMAIN.md "Privacy"): first character + `*`, hiding the length too. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  return chars.length === 0 ? '' : `${chars[0]}*`;
}
