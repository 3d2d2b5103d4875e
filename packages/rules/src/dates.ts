import { InvalidInputError } from './errors';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date split into numbers. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** True when `text` is a real `YYYY-MM-DD` calendar date (no Feb 30, no month 13). */
export function isCalendarDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Parses a `YYYY-MM-DD` calendar date without any time zone.
 * @throws InvalidInputError `RULES.INVALID_DATE` when the text is not a real date.
 */
export function parseDate(text: string, field = 'date'): CalendarDate {
  if (typeof text !== 'string' || !isCalendarDate(text)) {
    throw new InvalidInputError('RULES.INVALID_DATE', `${field} 不是有效日期：${String(text)}`, `${field} is not a valid YYYY-MM-DD date: ${String(text)}`);
  }
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/**
 * Age in whole years on `asOf`, counted on calendar dates: a person turns N on their N-th
 * birthday (born 1955-06-01 → 60 on 2015-06-01, still 59 on 2015-05-31). Someone born on Feb 29
 * turns a year older on Mar 1 in non-leap years (and on Feb 29 in leap years), as the birthday
 * "has not yet come" on Feb 28.
 * @param birthDate `YYYY-MM-DD`
 * @param asOf `YYYY-MM-DD`
 * @returns whole years (negative when `asOf` is before the birth date)
 * @throws InvalidInputError `RULES.INVALID_DATE` for a malformed date.
 */
export function ageOn(birthDate: string, asOf: string): number {
  const b = parseDate(birthDate, 'birthDate');
  const d = parseDate(asOf, 'asOf');
  const hadBirthday = d.month > b.month || (d.month === b.month && d.day >= b.day);
  return d.year - b.year - (hadBirthday ? 0 : 1);
}
