/** The formats of the verification-source extracts: headers and the check of one record. */
import { DomainError, makeIdNumber } from '@wuhai/contracts';
import { headerIndexes, sourceRecordCheck } from '../../src/domain/verification-sources';

const today = '2015-06-01';
const id = makeIdNumber('150302', '1961-04-12', 11, 'M');
const withX = (() => {
  for (let seq = 1; seq < 1000; seq++) {
    const n = makeIdNumber('150304', '1985-07-08', seq, 'F');
    if (n.endsWith('X')) return n;
  }
  throw new Error('no ID number ending in X');
})();

describe('headerIndexes', () => {
  test('when the header holds the contract’s columns in another order with extra ones, then each column is found by name', () => {
    expect(headerIndexes('tax', ['note', ' taxableIncomeFen ', 'idNumber', 'month'])).toEqual([2, 3, 1]);
  });

  test('when columns are missing, then the file is refused naming each of them', () => {
    let err: unknown;
    try {
      headerIndexes('banks', ['idNumber', 'institution', 'kind']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ code: 'SOURCES.MISSING_COLUMNS', kind: 'invalid' });
    expect((err as DomainError).fields.map((f) => f.path)).toEqual(['header.balanceFen', 'header.asOf']);
  });

  test('when a column appears twice, then the file is refused', () => {
    expect(() => headerIndexes('tax', ['idNumber', 'month', 'month', 'taxableIncomeFen'])).toThrow(expect.objectContaining({ code: 'SOURCES.DUPLICATE_COLUMNS' }));
  });
});

describe('sourceRecordCheck', () => {
  const hukou = sourceRecordCheck('hukou', today);
  const row = (over: Partial<Record<'id' | 'status' | 'death' | 'birth', string>> = {}) => [
    over.id ?? id,
    '王建国',
    'M',
    over.birth ?? '1961-04-12',
    '150302000000001',
    'head',
    '150302',
    'urban',
    over.status ?? 'alive',
    over.death ?? '',
  ];

  test('when a good hukou record is checked, then its values come back in order, the ID upper-cased and an empty death date as null', () => {
    expect(hukou(row({ id: withX.toLowerCase() }))).toEqual({
      ok: true,
      values: [withX, '王建国', 'M', '1961-04-12', '150302000000001', 'head', '150302', 'urban', 'alive', null],
    });
  });

  test('when a deceased person has no death date, a living one has one, or it precedes the birth, then the record is refused naming deathDate', () => {
    expect(hukou(row({ status: 'deceased' }))).toEqual({ ok: false, reason: expect.stringMatching(/^deathDate: .*needs a death date/) });
    expect(hukou(row({ death: '2015-01-01' }))).toEqual({ ok: false, reason: expect.stringMatching(/^deathDate: .*living person/) });
    expect(hukou(row({ status: 'deceased', death: '1960-01-01' }))).toEqual({ ok: false, reason: expect.stringMatching(/^deathDate: .*before the birth date/) });
  });

  test('when an ID number is born after today or malformed, then the reason says so without repeating the number', () => {
    const future = makeIdNumber('150302', '2016-01-01', 1, 'M');
    const r = hukou(row({ id: future }));
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/^idNumber: .*future/) });
    expect(JSON.stringify(r)).not.toContain(future);
    expect(hukou(row({ id: '12345' }))).toEqual({ ok: false, reason: expect.stringMatching(/^idNumber: .*17 digits/) });
  });

  test('when the same ID number repeats (a person’s months), then each record is still checked on its own', () => {
    const tax = sourceRecordCheck('tax', today);
    expect(tax([id, '2015-01', '100']).ok).toBe(true);
    expect(tax([id, '2015-02', '1e3'])).toEqual({ ok: false, reason: expect.stringMatching(/^taxableIncomeFen: /) });
    expect(tax([`${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`, '2015-02', '100'])).toEqual({ ok: false, reason: expect.stringMatching(/check character/) });
    expect(tax([id, '2015-03', '100']).ok).toBe(true);
  });

  test('when money has sixteen digits, or an area three decimals, then the record is refused (fen stay safe integers, m² fit numeric(10,2))', () => {
    expect(sourceRecordCheck('banks', today)([id, '乌海银行', 'deposit', '1'.repeat(16), '2015-05-31']).ok).toBe(false);
    expect(sourceRecordCheck('banks', today)([id, '乌海银行', 'deposit', '9'.repeat(15), '2015-05-31']).ok).toBe(true);
    expect(sourceRecordCheck('real-estate', today)([id, 'p1', '12.345', 'residential']).ok).toBe(false);
    expect(sourceRecordCheck('real-estate', today)([id, 'p1', '99999999.99', 'residential']).ok).toBe(true);
  });

  test('when free text holds a control character or is longer than 100 characters, then the record is refused', () => {
    const vehicles = sourceRecordCheck('vehicles', today);
    expect(vehicles([id, '蒙C\u000012345', 'car', '1']).ok).toBe(false);
    expect(vehicles([id, 'x'.repeat(101), 'car', '1']).ok).toBe(false);
    expect(vehicles([id, '蒙C\\12345', 'car', '1']).ok).toBe(true);
  });

  test('when a monthly source gives only a year (an annual figure), then the record is accepted as it came; a malformed period is refused', () => {
    for (const source of ['tax', 'housing-fund'] as const) {
      const check = sourceRecordCheck(source, today);
      const rest = source === 'tax' ? ['3600000'] : ['720000', '300000'];
      expect(check([id, '2014', ...rest])).toEqual({ ok: true, values: [id, '2014', ...rest] });
      expect(check([id, '2014-1', ...rest])).toEqual({ ok: false, reason: expect.stringMatching(/^month: .*YYYY year \(annual figure\) or a YYYY-MM month \(got "2014-1"\)/) });
      expect(check([id, '1899', ...rest]).ok).toBe(false);
      expect(check([id, '14', ...rest]).ok).toBe(false);
    }
    expect(sourceRecordCheck('social-insurance', today)([id, '2014', 'pension', '1200000']).ok).toBe(true);
  });
});
