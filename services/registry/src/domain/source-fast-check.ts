/**
 * A quick check of one extract record (City §18; shared/contracts/verification-sources.md) for the
 * common case: every value already written exactly as it is stored. It never decides that a line
 * is bad — only that it is certainly good as it stands — so the import can send such a line to
 * COPY as it came and leave every other line to {@link sourceRecordCheck}, which gives the reasons.
 *
 * What it accepts is a subset of what `sourceRecordCheck` accepts, with the stored values equal to
 * the values given (an empty optional date stored as NULL): the ID number with its check character
 * and already upper-case with no spaces, whole fen, `YYYY-MM` months, real `YYYY-MM-DD` dates, the
 * enumerations, free text of 1–100 characters without control characters, and for hukou the
 * deceased / death-date rules. Any value kind it does not know is left to the full check.
 */
import { SOURCE_FORMATS, type SourceColumn, type SourceName } from './verification-sources';

/** A check of the value `t.slice(a, b)`, reading it in place. */
type ValueCheck = (t: string, a: number, b: number) => boolean;

const isDigit = (c: number) => c >= 48 && c <= 57;
function digits(t: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (!isDigit(t.charCodeAt(i))) return false;
  return true;
}
/** The number written by the digits `t[a..b)` (already checked to be digits). */
function int(t: string, a: number, b: number): number {
  let n = 0;
  for (let i = a; i < b; i++) n = n * 10 + (t.charCodeAt(i) - 48);
  return n;
}

/** Whether `y-m-d` (numbers) is a day of the Gregorian calendar from the year `minYear` on. */
function isRealDay(y: number, m: number, d: number, minYear: number): boolean {
  if (y < minYear || m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);
}

/**
 * A real `YYYY-MM-DD` date, as `isCalendarDate` decides (which refuses the years 0–99: `Date.UTC`
 * reads them as 1900–1999), without building a Date.
 */
function isDate(t: string, a: number): boolean {
  if (t.charCodeAt(a + 4) !== 45 || t.charCodeAt(a + 7) !== 45) return false;
  if (!digits(t, a, a + 4) || !digits(t, a + 5, a + 7) || !digits(t, a + 8, a + 10)) return false;
  const y = int(t, a, a + 4);
  const m = int(t, a + 5, a + 7);
  const d = int(t, a + 8, a + 10);
  return isRealDay(y, m, d, 100);
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/**
 * The 18 characters at `a` (17 digits and a digit or `X`, checked before) are a valid ID number as
 * `parseIdNumber` decides: a real birth date from 1900-01-01 to `today` (a number YYYYMMDD), and the
 * GB 11643 check character.
 */
function isIdNumber(t: string, a: number, today: number): boolean {
  const y = int(t, a + 6, a + 10);
  const m = int(t, a + 10, a + 12);
  const d = int(t, a + 12, a + 14);
  if (!isRealDay(y, m, d, 1900)) return false;
  if (y * 10000 + m * 100 + d > today) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (t.charCodeAt(a + i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS.charCodeAt(sum % 11) === t.charCodeAt(a + 17);
}

function valueCheck(column: SourceColumn, today: string): ValueCheck {
  const v = column.value;
  switch (v.kind) {
    case 'idNumber': {
      // a person's rows come together (12 months of tax, …): remember the last number
      const todayNumber = Number(today.replace(/-/g, ''));
      let lastRaw = '\u0000'.repeat(18); // matches no value of 18 checked characters
      let lastOk = false;
      return (t, a, b) => {
        if (b - a !== 18) return false;
        if (!t.startsWith(lastRaw, a)) {
          const c = t.charCodeAt(b - 1);
          lastRaw = t.slice(a, b);
          lastOk = digits(t, a, b - 1) && (isDigit(c) || c === 88) && isIdNumber(t, a, todayNumber);
        }
        return lastOk;
      };
    }
    case 'text':
      return (t, a, b) => {
        if (b - a < 1 || b - a > 100) return false;
        for (let i = a; i < b; i++) {
          const c = t.charCodeAt(i);
          if (c < 32 || c === 127) return false;
        }
        return true;
      };
    case 'fen':
      return (t, a, b) => b - a >= 1 && b - a <= 15 && digits(t, a, b);
    case 'month':
      return (t, a, b) => {
        if (b - a !== 7 || t.charCodeAt(a + 4) !== 45 || !digits(t, a, a + 4)) return false;
        const m1 = t.charCodeAt(a + 5);
        const m2 = t.charCodeAt(a + 6);
        return (m1 === 48 && m2 >= 49 && m2 <= 57) || (m1 === 49 && m2 >= 48 && m2 <= 50);
      };
    case 'date': {
      const optional = v.optional === true;
      return (t, a, b) => (b === a ? optional : b - a === 10 && isDate(t, a));
    }
    case 'areaM2':
      return (t, a, b) => {
        const dot = t.indexOf('.', a);
        const whole = dot < 0 || dot >= b ? b : dot;
        if (whole - a < 1 || whole - a > 8 || !digits(t, a, whole)) return false;
        return whole === b || (b - whole - 1 >= 1 && b - whole - 1 <= 2 && digits(t, whole + 1, b));
      };
    case 'areaCode':
      return (t, a, b) => b - a === 6 && digits(t, a, b);
    case 'sex':
      return (t, a, b) => b - a === 1 && (t.charCodeAt(a) === 77 || t.charCodeAt(a) === 70);
    case 'enum': {
      const values: readonly string[] = v.values;
      return (t, a, b) => {
        for (const value of values) if (value.length === b - a && t.startsWith(value, a)) return true;
        return false;
      };
    }
    default:
      return () => false;
  }
}

/** The hukou rule on the values at `[start, end)` of each column: who is deceased has a death date, not before the birth date. */
type RecordRule = (t: string, starts: readonly number[], ends: readonly number[]) => boolean;

function recordRule(source: SourceName): RecordRule | undefined {
  if (source !== 'hukou') return undefined;
  const columns = SOURCE_FORMATS[source].columns;
  const at = (name: string) => columns.findIndex((c) => c.name === name);
  const [birth, status, death] = [at('birthDate'), at('status'), at('deathDate')];
  return (t, starts, ends) => {
    const hasDeath = ends[death]! > starts[death]!;
    if (ends[status]! - starts[status]! === 8 && t.startsWith('deceased', starts[status]!)) {
      // both dates are YYYY-MM-DD (checked before): compared as text, as the full check does
      return hasDeath && t.slice(starts[death]!, ends[death]!) >= t.slice(starts[birth]!, ends[birth]!);
    }
    return !hasDeath;
  };
}

/**
 * Builds the quick check of a whole line of `source`'s extract whose header lists the contract's
 * columns in the contract's order (and no others): the values between the commas, read in place.
 * @param today `YYYY-MM-DD`; an ID number whose birth date is after it is not accepted
 * @returns a function of the line (without its line break, holding no quote): true only when it
 *   has exactly the source's columns and `sourceRecordCheck(source, today)` accepts their values
 *   and stores them unchanged (`''` as NULL)
 */
export function fastLineCheck(source: SourceName, today: string): (line: string) => boolean {
  const checks = SOURCE_FORMATS[source].columns.map((c) => valueCheck(c, today));
  const rule = recordRule(source);
  const n = checks.length;
  const starts = new Array<number>(n).fill(0);
  const ends = new Array<number>(n).fill(0);
  return (line) => {
    let a = 0;
    for (let i = 0; i < n; i++) {
      const comma = line.indexOf(',', a);
      if (i < n - 1 ? comma < 0 : comma >= 0) return false;
      const b = i < n - 1 ? comma : line.length;
      if (!checks[i]!(line, a, b)) return false;
      starts[i] = a;
      ends[i] = b;
      a = b + 1;
    }
    return rule ? rule(line, starts, ends) : true;
  };
}

/**
 * Builds the quick check of `source`'s records given as values.
 * @param today `YYYY-MM-DD`; an ID number whose birth date is after it is not accepted
 * @returns a function of the values in the contract's column order: true only when
 *   `sourceRecordCheck(source, today)` accepts them and stores them unchanged (`''` as NULL)
 */
export function fastRecordCheck(source: SourceName, today: string): (values: readonly string[]) => boolean {
  const checks = SOURCE_FORMATS[source].columns.map((c) => valueCheck(c, today));
  const rule = recordRule(source);
  const n = checks.length;
  return (values) => {
    if (values.length !== n) return false;
    for (let i = 0; i < n; i++) if (!checks[i]!(values[i]!, 0, values[i]!.length)) return false;
    if (!rule) return true;
    // the rule reads each value at [0, length) of its own string: join them to read one text
    const starts: number[] = [];
    const ends: number[] = [];
    let text = '';
    for (const v of values) {
      starts.push(text.length);
      text += v;
      ends.push(text.length);
      text += ',';
    }
    return rule(text, starts, ends);
  };
}

// ---- the same quick check on the line's UTF-8 bytes (no string made of them) ----

/** A check of the value `t[a, b)`, bytes of valid UTF-8. */
type ByteCheck = (t: Uint8Array, a: number, b: number) => boolean;

function byteDigits(t: Uint8Array, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (t[i]! < 48 || t[i]! > 57) return false;
  return true;
}
function byteInt(t: Uint8Array, a: number, b: number): number {
  let n = 0;
  for (let i = a; i < b; i++) n = n * 10 + (t[i]! - 48);
  return n;
}

/** {@link isDate} on bytes. */
function isByteDate(t: Uint8Array, a: number): boolean {
  if (t[a + 4] !== 45 || t[a + 7] !== 45) return false;
  if (!byteDigits(t, a, a + 4) || !byteDigits(t, a + 5, a + 7) || !byteDigits(t, a + 8, a + 10)) return false;
  const y = byteInt(t, a, a + 4);
  const m = byteInt(t, a + 5, a + 7);
  const d = byteInt(t, a + 8, a + 10);
  return isRealDay(y, m, d, 100);
}

/** {@link isIdNumber} on bytes. */
function isByteIdNumber(t: Uint8Array, a: number, today: number): boolean {
  const y = byteInt(t, a + 6, a + 10);
  const m = byteInt(t, a + 10, a + 12);
  const d = byteInt(t, a + 12, a + 14);
  if (!isRealDay(y, m, d, 1900)) return false;
  if (y * 10000 + m * 100 + d > today) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (t[a + i]! - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS.charCodeAt(sum % 11) === t[a + 17];
}

/** True when `t[a, b)` holds exactly the ASCII characters of `value`. */
function bytesAre(t: Uint8Array, a: number, b: number, value: string): boolean {
  if (b - a !== value.length) return false;
  for (let i = 0; i < value.length; i++) if (t[a + i] !== value.charCodeAt(i)) return false;
  return true;
}

/** {@link valueCheck} on bytes: accepts exactly the values whose text `valueCheck` accepts. */
function byteValueCheck(column: SourceColumn, today: string): ByteCheck {
  const v = column.value;
  switch (v.kind) {
    case 'idNumber': {
      const todayNumber = Number(today.replace(/-/g, ''));
      const lastRaw = new Uint8Array(18); // matches no value of 18 checked characters (no NUL is a digit)
      let lastOk = false;
      return (t, a, b) => {
        if (b - a !== 18) return false;
        let same = true;
        for (let i = 17; i >= 0; i--) {
          if (t[a + i] !== lastRaw[i]) {
            same = false;
            break;
          }
        }
        if (!same) {
          for (let i = 0; i < 18; i++) lastRaw[i] = t[a + i]!;
          const c = t[b - 1]!;
          lastOk = byteDigits(t, a, b - 1) && ((c >= 48 && c <= 57) || c === 88) && isByteIdNumber(t, a, todayNumber);
        }
        return lastOk;
      };
    }
    case 'text':
      // 1–100 UTF-16 code units (what the string check counts): a character of 4 UTF-8 bytes is
      // two; no control character (in valid UTF-8 a byte below 0x80 is an ASCII character)
      return (t, a, b) => {
        if (b - a < 1) return false;
        let units = 0;
        for (let i = a; i < b; i++) {
          const c = t[i]!;
          if (c < 32 || c === 127) return false;
          if ((c & 0xc0) !== 0x80) units += c >= 0xf0 ? 2 : 1;
        }
        return units <= 100;
      };
    case 'fen':
      return (t, a, b) => b - a >= 1 && b - a <= 15 && byteDigits(t, a, b);
    case 'month':
      return (t, a, b) => {
        if (b - a !== 7 || t[a + 4] !== 45 || !byteDigits(t, a, a + 4)) return false;
        const m1 = t[a + 5]!;
        const m2 = t[a + 6]!;
        return (m1 === 48 && m2 >= 49 && m2 <= 57) || (m1 === 49 && m2 >= 48 && m2 <= 50);
      };
    case 'date': {
      const optional = v.optional === true;
      return (t, a, b) => (b === a ? optional : b - a === 10 && isByteDate(t, a));
    }
    case 'areaM2':
      return (t, a, b) => {
        let dot = -1;
        for (let i = a; i < b; i++) {
          if (t[i] === 46) {
            dot = i;
            break;
          }
        }
        const whole = dot < 0 ? b : dot;
        if (whole - a < 1 || whole - a > 8 || !byteDigits(t, a, whole)) return false;
        return whole === b || (b - whole - 1 >= 1 && b - whole - 1 <= 2 && byteDigits(t, whole + 1, b));
      };
    case 'areaCode':
      return (t, a, b) => b - a === 6 && byteDigits(t, a, b);
    case 'sex':
      return (t, a, b) => b - a === 1 && (t[a] === 77 || t[a] === 70);
    case 'enum': {
      const values: readonly string[] = v.values;
      return (t, a, b) => {
        for (const value of values) if (bytesAre(t, a, b, value)) return true;
        return false;
      };
    }
    default:
      return () => false;
  }
}

/** {@link recordRule} on bytes. */
function byteRecordRule(source: SourceName): ((t: Uint8Array, starts: readonly number[], ends: readonly number[]) => boolean) | undefined {
  if (source !== 'hukou') return undefined;
  const columns = SOURCE_FORMATS[source].columns;
  const at = (name: string) => columns.findIndex((c) => c.name === name);
  const [birth, status, death] = [at('birthDate'), at('status'), at('deathDate')];
  return (t, starts, ends) => {
    const hasDeath = ends[death]! > starts[death]!;
    if (bytesAre(t, starts[status]!, ends[status]!, 'deceased')) {
      if (!hasDeath) return false;
      // both dates are YYYY-MM-DD (checked before): compared as text, as the full check does
      const d = starts[death]!;
      const b = starts[birth]!;
      for (let i = 0; i < 10; i++) if (t[d + i] !== t[b + i]) return t[d + i]! > t[b + i]!;
      return true;
    }
    return !hasDeath;
  };
}

/**
 * {@link fastLineCheck} on the line's bytes `t[start, end)` (valid UTF-8, without its line break,
 * holding no quote): true exactly when `fastLineCheck` is true for the text they decode to.
 * @param today `YYYY-MM-DD`; an ID number whose birth date is after it is not accepted
 */
export function fastLineBytesCheck(source: SourceName, today: string): (t: Uint8Array, start: number, end: number) => boolean {
  const checks = SOURCE_FORMATS[source].columns.map((c) => byteValueCheck(c, today));
  const rule = byteRecordRule(source);
  const n = checks.length;
  const starts = new Array<number>(n).fill(0);
  const ends = new Array<number>(n).fill(0);
  return (t, start, end) => {
    let a = start;
    for (let i = 0; i < n; i++) {
      let b = a;
      while (b < end && t[b] !== 44) b++;
      // every value but the last ends at a comma; the last at the line's end
      if (i < n - 1 ? b === end : b !== end) return false;
      if (!checks[i]!(t, a, b)) return false;
      starts[i] = a;
      ends[i] = b;
      a = b + 1;
    }
    return rule ? rule(t, starts, ends) : true;
  };
}
