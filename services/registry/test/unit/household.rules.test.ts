import { idNumberCheckChar } from '@wuhai/contracts';
import { validateForRegistry } from '../../src/domain/household.rules';
import { household, member } from '../support/fixtures';

const TODAY = '2026-03-02';
const head = () => member({ id: 'm1', relation: 'head', sex: 'F', birthDate: '1970-05-20', seq: 11, name: '赵敏' });
const child = () => member({ id: 'm2', relation: 'child', sex: 'M', birthDate: '2010-10-10', seq: 12, name: '赵小龙' });

function fieldsOf(input: unknown, today = TODAY) {
  const r = validateForRegistry(input, today);
  if (r.ok) throw new Error('expected the household to be refused');
  return r.fields;
}

describe('validateForRegistry', () => {
  test('when every member has a valid ID number, then the facts come back with defaults filled', () => {
    const h = household([head(), child()]);
    const { familyPlanning: _fp, ...withoutFamilyPlanning } = h;
    const r = validateForRegistry({ ...withoutFamilyPlanning, assets: { ...h.assets, disabilityVehicles: undefined } }, TODAY);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.facts.members.map((m) => m.idNumber)).toEqual([head().idNumber, child().idNumber]);
    expect(r.facts.familyPlanning).toEqual({ onlyChild: null, ruralOneChildOrTwoDaughters: false, urbanOneChild: false });
    expect(r.facts.assets.disabilityVehicles).toBe(0);
    expect(r.facts.medicalBills).toEqual([]);
  });

  test('when a member has no ID number (null, empty or missing), then VALIDATION.ID_NUMBER_REQUIRED names that member', () => {
    const { idNumber: _omitted, ...noKey } = child();
    const fields = fieldsOf(household([{ ...head(), idNumber: '' }, noKey as ReturnType<typeof child>, { ...child(), id: 'm3', idNumber: null }]));
    expect(fields.filter((f) => f.code === 'VALIDATION.ID_NUMBER_REQUIRED').map((f) => f.path)).toEqual([
      'household.members.0.idNumber',
      'household.members.1.idNumber',
      'household.members.2.idNumber',
    ]);
  });

  test('when the check digit is wrong, then VALIDATION.ID_NUMBER_CHECKSUM', () => {
    const id = head().idNumber!;
    const wrong = id.slice(0, 17) + (id[17] === '5' ? '6' : '5');
    expect(fieldsOf(household([{ ...head(), idNumber: wrong }]))).toContainEqual(
      expect.objectContaining({ path: 'household.members.0.idNumber', code: 'VALIDATION.ID_NUMBER_CHECKSUM' }),
    );
  });

  test('when the ID number holds an impossible date, then VALIDATION.ID_NUMBER_BIRTH_DATE', () => {
    const first17 = '15030219710229012'; // 1971 is not a leap year
    const fields = fieldsOf(household([{ ...head(), idNumber: first17 + idNumberCheckChar(first17), birthDate: '1971-02-28' }]));
    expect(fields).toContainEqual(expect.objectContaining({ path: 'household.members.0.idNumber', code: 'VALIDATION.ID_NUMBER_BIRTH_DATE' }));
  });

  test('when the birth date is after today, then both the ID number and the birth date are refused', () => {
    const first17 = '15030220260303012';
    const fields = fieldsOf(household([{ ...head(), idNumber: first17 + idNumberCheckChar(first17), birthDate: '2026-03-03' }]));
    expect(fields).toContainEqual(expect.objectContaining({ path: 'household.members.0.idNumber', code: 'VALIDATION.ID_NUMBER_FUTURE_BIRTH_DATE' }));
    expect(fields.map((f) => f.path)).toContain('household.members.0.birthDate');
  });

  test('when the birth date is today, then it is accepted', () => {
    const newborn = member({ id: 'm3', relation: 'child', sex: 'F', birthDate: TODAY, seq: 14 });
    expect(validateForRegistry(household([head(), newborn]), TODAY).ok).toBe(true);
  });

  test('when the ID number disagrees with the birth date or sex, then those fields are named', () => {
    const fields = fieldsOf(household([{ ...head(), birthDate: '1970-05-21', sex: 'M' }]));
    expect(fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'household.members.0.birthDate', code: 'VALIDATION.BIRTH_DATE_MISMATCH' }),
        expect.objectContaining({ path: 'household.members.0.sex', code: 'VALIDATION.SEX_MISMATCH' }),
      ]),
    );
  });

  test.each([
    ['negative income', { monthlyIncomeFen: -1 }, 'household.members.0.monthlyIncomeFen'],
    ['fractional income', { monthlyIncomeFen: 0.5 }, 'household.members.0.monthlyIncomeFen'],
    ['unsafe income', { monthlyIncomeFen: Number.MAX_SAFE_INTEGER + 2 }, 'household.members.0.monthlyIncomeFen'],
  ])('when a member has %s, then the field is named', (_what, change, path) => {
    expect(fieldsOf(household([{ ...head(), ...change }])).map((f) => f.path)).toContain(path);
  });

  test('when assets have fractional or negative fen, then each field is named', () => {
    const fields = fieldsOf(household([head()], { assets: { financialFen: 10.5, vehicles: 0, disabilityVehicles: 0, residences: 1, businessCapitalFen: -1 } }));
    expect(fields.map((f) => f.path)).toEqual(expect.arrayContaining(['household.assets.financialFen', 'household.assets.businessCapitalFen']));
  });

  test('when the area is unknown, then household.area is named with the allowed values', () => {
    const fields = fieldsOf(household([head()], { area: '150301' }));
    expect(fields).toEqual([expect.objectContaining({ path: 'household.area', code: 'VALIDATION.INVALID_VALUE' })]);
    expect(fields[0]!.message).toContain('150302 | 150303 | 150304');
  });

  test('when there are no members, then household.members is named', () => {
    expect(fieldsOf(household([]))).toContainEqual(expect.objectContaining({ path: 'household.members', code: 'VALIDATION.TOO_SMALL' }));
  });

  test('when the same ID number appears twice or there is no head, then the household is refused', () => {
    const twice = fieldsOf(household([head(), { ...head(), id: 'm2', relation: 'spouse' }]));
    expect(twice).toContainEqual(expect.objectContaining({ path: 'household.members.1.idNumber', code: 'VALIDATION.DUPLICATE_ID_NUMBER' }));
    const headless = fieldsOf(household([{ ...child(), relation: 'child' }]));
    expect(headless).toContainEqual(expect.objectContaining({ path: 'household.members', code: 'VALIDATION.ONE_HEAD' }));
  });

  test('when the input is not a household at all, then it is refused without throwing', () => {
    expect(validateForRegistry(null, TODAY).ok).toBe(false);
    expect(validateForRegistry({ members: 'nobody' }, TODAY).ok).toBe(false);
  });
});
