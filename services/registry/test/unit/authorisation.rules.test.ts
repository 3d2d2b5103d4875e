/** The authorisation to verify (MCA-2012): every adult member signs; adulthood on the day asked. */
import { ageOn, authorisationStatus } from '../../src/domain/authorisation.rules';
import { convertLegacyIdNumber, isLegacyIdNumber } from '../../src/domain/legacy-id-number';
import { parseIdNumber } from '@wuhai/contracts';

const members = [
  { personId: 'head', name: '王甲', birthDate: '1970-01-01' },
  { personId: 'spouse', name: '李乙', birthDate: '1972-05-05' },
  { personId: 'child', name: '王丙', birthDate: '2007-06-02' }, // 18 on 2025-06-02
];

describe('authorisation status', () => {
  test('when nobody has signed, then every adult is missing and the status is not complete', () => {
    const s = authorisationStatus(members, [], '2025-06-01');
    expect(s.complete).toBe(false);
    expect(s.missing.map((m) => m.personId)).toEqual(['head', 'spouse']);
  });

  test('when both adults signed, then it is complete; the child turning 18 the next day must sign too', () => {
    const signatures = [
      { id: '1', personId: 'head', signedAt: '2025-05-20' },
      { id: '2', personId: 'spouse', signedAt: '2025-05-20' },
    ];
    const before = authorisationStatus(members, signatures, '2025-06-01');
    expect(before).toMatchObject({ complete: true, missing: [], authorisationIds: ['1', '2'] });
    expect(before.signed.map((s) => s.personId)).toEqual(['head', 'spouse']);
    const after = authorisationStatus(members, signatures, '2025-06-02');
    expect(after.complete).toBe(false);
    expect(after.missing).toEqual([{ personId: 'child', name: '王丙' }]);
  });

  test('when a member signed twice, then the newest signature counts', () => {
    const s = authorisationStatus(members.slice(0, 1), [
      { id: '7', personId: 'head', signedAt: '2025-01-02' },
      { id: '3', personId: 'head', signedAt: '2025-03-04' },
    ], '2025-06-01');
    expect(s.signed).toEqual([{ personId: 'head', name: '王甲', signedAt: '2025-03-04', authorisationId: '3' }]);
  });

  test('when a household has minors only, then one signature (a guardian’s, in a minor’s name) is needed', () => {
    const orphan = [{ personId: 'o', name: '小明', birthDate: '2015-01-01' }];
    expect(authorisationStatus(orphan, [], '2025-06-01').complete).toBe(false);
    expect(authorisationStatus(orphan, [{ id: '9', personId: 'o', signedAt: '2025-06-01' }], '2025-06-01').complete).toBe(true);
  });

  test('when ages are computed, then a birthday counts on the day itself', () => {
    expect(ageOn('2007-06-02', '2025-06-01')).toBe(17);
    expect(ageOn('2007-06-02', '2025-06-02')).toBe(18);
  });
});

describe('legacy 15-digit ID numbers (GB 11643-1999)', () => {
  test('when a 15-digit number is converted, then 19 is inserted after the area and the check character computed', () => {
    const r = convertLegacyIdNumber('150302500315001', '2025-06-01');
    expect(r).toEqual({ ok: true, idNumber: expect.stringMatching(/^15030219500315001[0-9X]$/) });
    expect(parseIdNumber((r as { idNumber: string }).idNumber, '2025-06-01')).toMatchObject({ ok: true, value: { birthDate: '1950-03-15', sex: 'M' } });
  });

  test('when the number is not 15 digits or holds an impossible date, then it is refused with the reason', () => {
    expect(isLegacyIdNumber('150302500315001')).toBe(true);
    expect(isLegacyIdNumber('15030250031500')).toBe(false);
    expect(convertLegacyIdNumber('1503025003150011', '2025-06-01')).toEqual({ ok: false, problem: 'VALIDATION.ID_NUMBER_FORMAT' });
    expect(convertLegacyIdNumber('150302500230001', '2025-06-01')).toEqual({ ok: false, problem: 'VALIDATION.ID_NUMBER_BIRTH_DATE' });
  });
});
