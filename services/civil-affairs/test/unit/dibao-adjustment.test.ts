/**
 * When an adjustment of a paid case begins, and who it counts (docs/decisions/0013-deaths-and-moves.md):
 * the month of a death is paid in full, the household without the member from the month after —
 * never before the case's first paid month.
 */
import { adjustmentFromMonth, firstDayOf, householdWithout } from '../../src/domain/dibao-adjustment';
import { household, member } from '../../../registry/test/support/fixtures';
import type { HouseholdSnapshot } from '@wuhai/contracts';

describe('the first month of the new amount', () => {
  test('when a member dies on 2026-05-20 in a case paid from 2026-04, then the new amount starts in 2026-06', () => {
    expect(adjustmentFromMonth('2026-05-20', '2026-04')).toBe('2026-06');
  });

  test('when a member dies on the last day of a year, then the new amount starts in January', () => {
    expect(adjustmentFromMonth('2026-12-31', '2026-04')).toBe('2027-01');
  });

  test('when a member dies on the first day of a month, then that month is still paid in full', () => {
    expect(adjustmentFromMonth('2026-05-01', '2026-04')).toBe('2026-06');
  });

  test('when a member died before the case’s first paid month, then the case’s first paid month', () => {
    expect(adjustmentFromMonth('2026-02-10', '2026-04')).toBe('2026-04');
    expect(adjustmentFromMonth('2026-03-31', '2026-04')).toBe('2026-04');
  });

  test('when the month is 2026-06, then the household is evaluated on 2026-06-01', () => {
    expect(firstDayOf('2026-06')).toBe('2026-06-01');
  });
});

describe('the household without the member', () => {
  const a = member({ id: 'p-a', sex: 'M', birthDate: '1970-01-01', seq: 1, relation: 'head' });
  const b = member({ id: 'p-b', sex: 'F', birthDate: '1972-01-01', seq: 2, relation: 'spouse' });
  const snapshot = {
    ...household([a, b]),
    medicalBills: [
      { memberId: 'p-a', outOfPocketFen: 1000, reimbursedThisYearFen: 0 },
      { memberId: 'p-b', outOfPocketFen: 2000, reimbursedThisYearFen: 0 },
    ],
    hardship: null,
  } as unknown as HouseholdSnapshot;

  test('when a counted member dies, then the others remain with their own medical bills', () => {
    const rest = householdWithout(snapshot, 'p-b')!;
    expect(rest.members.map((m) => m.id)).toEqual(['p-a']);
    expect(rest.medicalBills).toEqual([{ memberId: 'p-a', outOfPocketFen: 1000, reimbursedThisYearFen: 0 }]);
    expect(snapshot.members).toHaveLength(2);
  });

  test('when the person is not among the members the case counts, then null', () => {
    expect(householdWithout(snapshot, 'p-c')).toBeNull();
  });
});
