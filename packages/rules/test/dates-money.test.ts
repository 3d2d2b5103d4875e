import { ageOn, divRoundHalfUp, InvalidInputError, isCalendarDate, rateOfFenRoundedToYuan, roundFenHalfUpToYuan, yuan } from '../src';

describe('ageOn', () => {
  it.each([
    ['1955-06-01', '2015-06-01', 60],
    ['1955-06-02', '2015-06-01', 59],
    ['1955-05-31', '2015-06-01', 60],
    ['1935-06-01', '2015-06-01', 80],
    ['2015-06-01', '2015-06-01', 0],
    ['1999-12-31', '2015-01-01', 15],
  ])('when born %s and evaluated on %s, then the age is %i', (birth, asOf, age) => {
    expect(ageOn(birth, asOf)).toBe(age);
  });

  it('when born on Feb 29, then the person turns a year older on Mar 1 in non-leap years', () => {
    expect(ageOn('2000-02-29', '2001-02-28')).toBe(0);
    expect(ageOn('2000-02-29', '2001-03-01')).toBe(1);
    expect(ageOn('1964-02-29', '2014-02-28')).toBe(49);
    expect(ageOn('1964-02-29', '2014-03-01')).toBe(50);
  });

  it('when born on Feb 29, then the person turns a year older on Feb 29 in leap years', () => {
    expect(ageOn('2000-02-29', '2004-02-28')).toBe(3);
    expect(ageOn('2000-02-29', '2004-02-29')).toBe(4);
  });

  it.each(['2015-02-29', '2015-13-01', '2015-6-1', '', '2015-04-31'])('when a date is %p, then it is rejected', (bad) => {
    expect(isCalendarDate(bad)).toBe(false);
    expect(() => ageOn('1970-01-01', bad)).toThrow(InvalidInputError);
  });
});

describe('money', () => {
  it.each([
    [5, 2, 3],
    [4, 2, 2],
    [7, 3, 2],
    [49, 100, 0],
    [50, 100, 1],
    [0, 7, 0],
  ])('when %i is divided by %i with half-up rounding, then the result is %i', (n, d, q) => {
    expect(divRoundHalfUp(n, d)).toBe(q);
  });

  it('when fen are rounded to whole yuan, then 50 fen round up and 49 fen round down', () => {
    expect(roundFenHalfUpToYuan(47650)).toBe(47700);
    expect(roundFenHalfUpToYuan(47649)).toBe(47600);
    expect(roundFenHalfUpToYuan(1)).toBe(0);
  });

  it('when 5 % of the 2015 rural standard is taken, then 22.50 yuan rounds to 23 yuan', () => {
    expect(rateOfFenRoundedToYuan(0.05, 45000)).toBe(2300);
    expect(rateOfFenRoundedToYuan(0.1, 56000)).toBe(5600);
  });

  it('when fen are shown as yuan, then trailing zeros are dropped', () => {
    expect([yuan(56000), yuan(2250), yuan(12345), yuan(1), yuan(0)]).toEqual(['560', '22.5', '123.45', '0.01', '0']);
  });

  it('when an operand is negative or fractional, then the division refuses it', () => {
    expect(() => divRoundHalfUp(-1, 2)).toThrow(InvalidInputError);
    expect(() => divRoundHalfUp(1.5, 2)).toThrow(InvalidInputError);
    expect(() => divRoundHalfUp(1, 0)).toThrow(InvalidInputError);
  });
});
