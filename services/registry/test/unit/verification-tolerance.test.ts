/**
 * The income tolerance of a run comes from the rules package's dated parameters for the run's date
 * (City §18; verification-sources.md default: 10 % or 50 yuan a month, whichever is larger), and the
 * report records the values with their effective dates.
 */
import { toleranceOn } from '../../src/application/verify-households.use-case';

test('when a run is dated 2025-06-15, then the tolerance is the contract default in force since 2014-01-01, recorded with its clause', () => {
  const t = toleranceOn('2025-06-15');
  expect(t.tolerance).toEqual({ rate: 0.1, minimumFen: 5_000 });
  expect(t.parameters).toEqual([
    { name: 'verification.income-tolerance-rate', value: '0.1', unit: 'rate', effectiveFrom: '2014-01-01', clause: expect.stringMatching(/^DOMAIN default, interprets City §18/) },
    { name: 'verification.income-tolerance-minimum', value: '5000', unit: 'fen', effectiveFrom: '2014-01-01', clause: expect.stringMatching(/^DOMAIN default, interprets City §18/) },
  ]);
});

test('when a run is dated before any value is in force, then it fails naming the missing parameter instead of using a built-in number', () => {
  expect(() => toleranceOn('2013-12-31')).toThrow(expect.objectContaining({ code: 'RULES.MISSING_PARAMETER' }));
});
