import { InvalidInputError } from './errors';

/**
 * Integer division rounded half-up, for non-negative integers: `divRoundHalfUp(5, 2) = 3`.
 * @throws InvalidInputError `RULES.NOT_AN_AMOUNT` for a negative, fractional or unsafe operand.
 */
export function divRoundHalfUp(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || numerator < 0 || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new InvalidInputError('RULES.NOT_AN_AMOUNT', `金额运算参数无效：${numerator}/${denominator}`, `invalid operands ${numerator}/${denominator}`);
  }
  const q = Math.floor(numerator / denominator);
  const r = numerator - q * denominator;
  return 2 * r >= denominator ? q + 1 : q;
}

/**
 * Rounds an amount in fen half-up to whole yuan (a multiple of 100 fen): 47650 → 47700,
 * 47649 → 47600. The DOMAIN default rounding for dibao amounts.
 */
export function roundFenHalfUpToYuan(fen: number): number {
  return divRoundHalfUp(fen, 100) * 100;
}

/** Converts a rate such as 0.05 to integer basis points (500), exact for up to 4 decimals. */
export function rateToBasisPoints(rate: number): number {
  return Math.round(rate * 10000);
}

/**
 * `rate × amountFen`, rounded half-up to whole yuan, in fen — computed on integers
 * (`amount × basisPoints / 1 000 000` yuan), so 5 % of 45 000 fen = 2 250 fen → 2 300 fen.
 */
export function rateOfFenRoundedToYuan(rate: number, amountFen: number): number {
  return divRoundHalfUp(amountFen * rateToBasisPoints(rate), 1_000_000) * 100;
}

/** Fen as a yuan string for explanations: 56000 → "560", 2250 → "22.5", 12345 → "123.45". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '−' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100);
  const cents = abs % 100;
  if (cents === 0) return `${sign}${whole}`;
  // Whole fen (every amount): the cents as digits, a trailing zero dropped, without a regular expression.
  if (Number.isInteger(cents)) return `${sign}${whole}.${cents < 10 ? '0' : ''}${cents % 10 === 0 ? cents / 10 : cents}`;
  return `${sign}${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

/** Asserts a money fact is integer fen ≥ 0. @throws InvalidInputError `RULES.NOT_AN_AMOUNT`. */
export function assertFen(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new InvalidInputError('RULES.NOT_AN_AMOUNT', `${field} 必须为非负整数分：${value}`, `${field} must be whole fen ≥ 0: ${value}`);
  }
}
