/**
 * The quick check of extract records: it accepts only what the full check accepts and stores
 * unchanged, so a line it passes can go to COPY as it came.
 */
import { idNumberCheckChar, makeIdNumber } from '@wuhai/contracts';
import { fastLineBytesCheck, fastLineCheck, fastRecordCheck } from '../../src/domain/source-fast-check';
import { SOURCE_FORMATS, SOURCES, sourceRecordCheck, type SourceName } from '../../src/domain/verification-sources';

const today = '2015-06-01';
const id = makeIdNumber('150302', '1961-04-12', 11, 'M');
const withX = (() => {
  for (let seq = 1; seq < 1000; seq++) {
    const n = makeIdNumber('150304', '1985-07-08', seq, 'F');
    if (n.endsWith('X')) return n;
  }
  throw new Error('no ID number ending in X');
})();
const badCheck = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
const future = makeIdNumber('150302', '2016-01-01', 11, 'M');
const lastDay = makeIdNumber('150302', today, 11, 'M');
const before1900 = makeIdNumber('150302', '1899-12-31', 11, 'M');
/** A right check character over an impossible birth date (30 February). */
const noSuchDay = `15030219610230001${idNumberCheckChar('15030219610230001')}`;
const leapDay = makeIdNumber('150302', '2000-02-29', 11, 'F');

/** Values to try per kind of column: good ones as stored, good ones stored differently, bad ones. */
const CANDIDATES: Record<string, string[]> = {
  idNumber: [id, withX, withX.toLowerCase(), ` ${id}`, `${id} `, badCheck, future, lastDay, before1900, noSuchDay, leapDay, id.slice(0, 17), '', '15030219610412001'],
  // (a character outside the BMP is two UTF-16 code units, four bytes of UTF-8)
  text: ['王建国', 'a\\b', 'x'.repeat(100), 'x'.repeat(101), '', ' 有空格 ', 'tab\there', 'del\u007f', 'é'.repeat(100), '𠀀'.repeat(50), `${'𠀀'.repeat(50)}x`, '\u0085'],
  fen: ['0', '123', '999999999999999', '1000000000000000', '-1', '1.5', '', ' 1'],
  month: ['2015-01', '2014-12', '2015-13', '2015-00', '2015', '2015-1', '', '201501'],
  date: ['1961-04-12', '2015-02-28', '2015-02-29', '2016-02-29', '1900-02-29', '2000-02-29', '0099-01-01', '1961-04-31', '1961-13-01', '1961-4-12', '', '1961-04-12 '],
  areaM2: ['0', '75.5', '12345678.99', '123456789', '1.234', '1.', '.5', '-1', ''],
  areaCode: ['150302', '15030', '1503020', 'abcdef', ''],
  sex: ['M', 'F', 'm', 'X', ''],
};

function candidatesOf(source: SourceName, column: number): string[] {
  const v = SOURCE_FORMATS[source].columns[column]!.value;
  if (v.kind === 'enum') return [...v.values, v.values[0].toUpperCase(), `${v.values[0]} `, '', 'other'];
  if (v.kind === 'date' && v.optional) return ['', ...CANDIDATES.date!]; // hukou's death date: none for the living
  return CANDIDATES[v.kind]!;
}

/** A deterministic stream of numbers in [0, 1) (xorshift), so every run tries the same records. */
function stream(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe.each(SOURCES)('fastRecordCheck(%s)', (source) => {
  const quick = fastRecordCheck(source, today);
  const quickLine = fastLineCheck(source, today);
  const quickBytes = fastLineBytesCheck(source, today);
  const full = sourceRecordCheck(source, today);
  /** The line check on the line's UTF-8 bytes, read where they sit between other bytes. */
  const onBytes = (line: string) => {
    const bytes = Buffer.from(`x,${line}\n,y`, 'utf8');
    return quickBytes(bytes, 2, bytes.length - 3);
  };
  const width = SOURCE_FORMATS[source].columns.length;

  test('when a record passes the quick check, then the full check accepts it and stores every value as given (an empty one as NULL)', () => {
    const random = stream(width * 7919 + source.length);
    let passed = 0;
    for (let n = 0; n < 6_000; n++) {
      // mostly good values, so that records passing both checks are common
      const values = Array.from({ length: width }, (_, c) => {
        const all = candidatesOf(source, c);
        return random() < 0.7 ? all[0]! : all[Math.floor(random() * all.length)]!;
      });
      // the line check reads the same record joined by commas (no candidate holds a comma) the same way
      expect(quickLine(values.join(','))).toBe(quick(values));
      // and the check on its bytes the same again
      expect(onBytes(values.join(','))).toBe(quick(values));
      if (!quick(values)) continue;
      passed++;
      const checked = full(values);
      expect(checked).toEqual({ ok: true, values: values.map((v) => (v === '' ? null : v)) });
    }
    expect(passed).toBeGreaterThan(300);
  });

  test('when a record has one column more or less, then the quick check leaves it to the full check', () => {
    const good = Array.from({ length: width }, (_, c) => candidatesOf(source, c)[0]!);
    expect(quick(good)).toBe(true);
    expect(quick(good.slice(1))).toBe(false);
    expect(quick([...good, 'x'])).toBe(false);
    expect(quickLine(good.join(','))).toBe(true);
    expect(quickLine(good.slice(1).join(','))).toBe(false);
    expect(quickLine([...good, 'x'].join(','))).toBe(false);
    expect(onBytes(good.join(','))).toBe(true);
    expect(onBytes(good.slice(1).join(','))).toBe(false);
    expect(onBytes([...good, 'x'].join(','))).toBe(false);
  });
});

describe('fastRecordCheck(hukou) and the death date', () => {
  const quick = fastRecordCheck('hukou', today);
  const row = (status: string, death: string) => [id, '王建国', 'M', '1961-04-12', '150302000000001', 'head', '150302', 'urban', status, death];

  const quickBytes = fastLineBytesCheck('hukou', today);
  const onBytes = (values: string[]) => {
    const bytes = Buffer.from(values.join(','), 'utf8');
    return quickBytes(bytes, 0, bytes.length);
  };

  test('when a living person has no death date, or a deceased one a death date on or after the birth date, then the record passes', () => {
    for (const check of [quick, onBytes]) {
      expect(check(row('alive', ''))).toBe(true);
      expect(check(row('deceased', '2015-03-01'))).toBe(true);
      expect(check(row('deceased', '1961-04-12'))).toBe(true);
    }
  });

  test('when a deceased person has no death date, a living one has one, or death is before birth, then the quick check leaves it to the full check', () => {
    for (const check of [quick, onBytes]) {
      expect(check(row('deceased', ''))).toBe(false);
      expect(check(row('alive', '2015-03-01'))).toBe(false);
      expect(check(row('deceased', '1960-01-01'))).toBe(false);
      expect(check(row('deceased', '1961-04-11'))).toBe(false);
    }
  });
});
