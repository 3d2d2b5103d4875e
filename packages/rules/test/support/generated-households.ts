import fc from 'fast-check';
import type { Household, Member } from '../../src';

/**
 * Generated households for the property tests comparing evaluation paths: drawn so that every
 * program meets its cases — students of each level, admissions, tekun members of each kind,
 * family-planning families, medical bills, hardships, current dibao with jobs started around the
 * gradual-exit boundary, refusals.
 */

const DAY = 86_400_000;
export const dateBetween = (from: string, to: string) =>
  fc.integer({ min: 0, max: (Date.parse(to) - Date.parse(from)) / DAY }).map((d) => new Date(Date.parse(from) + d * DAY).toISOString().slice(0, 10));
const around = (asOf: string, before: number, after: number) =>
  fc.integer({ min: -before, max: after }).map((d) => new Date(Date.parse(asOf) + d * DAY).toISOString().slice(0, 10));
/** `value` with weight `some`, else null with weight `none`. */
const sometimes = <T>(value: fc.Arbitrary<T>, some: number, none: number): fc.Arbitrary<T | null> =>
  fc.oneof({ arbitrary: value, weight: some }, { arbitrary: fc.constant(null), weight: none });

const memberArb = (i: number, asOf: string): fc.Arbitrary<Member> =>
  fc.record({
    id: fc.constant(`m${i}`),
    name: fc.constantFrom('张三', '李四', '王五', ''),
    sex: fc.constantFrom('M' as const, 'F' as const),
    birthDate: fc.oneof(dateBetween('1920-01-01', asOf), around(asOf, 7000, 0)),
    relation: fc.constantFrom('head' as const, 'spouse' as const, 'child' as const, 'parent' as const, 'grandchild' as const, 'sibling' as const, 'other' as const),
    minority: fc.boolean(),
    disability: sometimes(fc.record({ category: fc.integer({ min: 1, max: 7 }), grade: fc.integer({ min: 1, max: 4 }) }), 1, 3),
    monthlyIncomeFen: fc.oneof(
      { arbitrary: fc.constant(0), weight: 4 },
      { arbitrary: fc.integer({ min: 0, max: 40_000 }), weight: 3 },
      { arbitrary: fc.integer({ min: 0, max: 250_000 }), weight: 2 },
      { arbitrary: fc.constantFrom(45_000, 56_000, 60_000, 67_500), weight: 1 },
    ),
    canWork: fc.boolean(),
    employed: fc.boolean(),
    pensionInsured: fc.boolean(),
    illness: fc.constantFrom(null, null, 'mental' as const, 'infectious' as const, 'serious' as const),
    school: sometimes(
      fc.record({ level: fc.constantFrom('preschool' as const, 'primary' as const, 'junior' as const, 'senior' as const, 'vocational' as const), boarding: fc.boolean() }),
      1,
      2,
    ),
    admission: sometimes(fc.record({ level: fc.constantFrom('bachelor' as const, 'junior-college' as const) }), 1, 6),
    tekun: sometimes(fc.record({ kind: fc.constantFrom('wubao' as const, 'sanwu' as const, 'orphan' as const) }), 1, 6),
    jobStartedOn: sometimes(around(asOf, 400, 30), 1, 3),
    refusedReferrals: fc.integer({ min: 0, max: 4 }),
  });

export const householdArb = (asOf: string): fc.Arbitrary<Household> =>
  fc.integer({ min: 1, max: 6 }).chain((n) =>
    fc.record({
      area: fc.constantFrom('150302' as const, '150303' as const, '150304' as const),
      hukou: fc.constantFrom('urban' as const, 'rural' as const),
      livingAreaM2: fc.oneof(fc.integer({ min: 0, max: 20_000 }).map((x) => x / 100), fc.constantFrom(15, 30, 14.99)),
      homeOwned: fc.boolean(),
      houseDangerGrade: fc.constantFrom('C' as const, 'D' as const, null, null),
      assets: fc.record({
        financialFen: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.integer({ min: 0, max: 3_000_000 }), weight: 1 }),
        vehicles: fc.constantFrom(0, 0, 0, 0, 1),
        residences: fc.constantFrom(1, 1, 1, 0, 2),
        businessCapitalFen: fc.constantFrom(0, 0, 0, 0, 100_000),
      }),
      familyPlanning: sometimes(
        fc.record({ onlyChild: fc.constantFrom('disabled' as const, 'deceased' as const, null, null), ruralOneChildOrTwoDaughters: fc.boolean(), urbanOneChild: fc.boolean() }),
        3,
        1,
      ),
      dibao: sometimes(fc.record({ since: dateBetween('2012-01-01', '2016-12-31'), topUpFen: fc.integer({ min: 0, max: 3000 }).map((y) => y * 100) }), 1, 2),
      medicalBills: fc.array(
        fc.record({
          memberId: fc.constant('m1'),
          outOfPocketFen: fc.integer({ min: 0, max: 5_000_000 }),
          reimbursedThisYearFen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3_200_000 })),
        }),
        { maxLength: 3 },
      ),
      hardship: sometimes(
        fc.record({
          category: fc.constantFrom('fire' as const, 'illness' as const, 'funeral' as const, 'other' as const),
          assessedNeedFen: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 4_000_000 }), fc.constantFrom(19_950, 100_050, 500_049)),
        }),
        1,
        2,
      ),
      members: fc.tuple(...Array.from({ length: n }, (_, i) => memberArb(i + 1, asOf))),
    }),
  );

/** Cases from late 2013 (parameters not yet in force) to 2017, some households made poor. */
export const caseArb = dateBetween('2013-10-01', '2017-06-30').chain((asOf) =>
  fc.record({ asOf: fc.constant(asOf), household: householdArb(asOf), poor: fc.boolean() }).map(({ asOf, household: h, poor }) => ({
    asOf,
    household: poor
      ? { ...h, assets: { financialFen: 0, vehicles: 0, residences: 1, businessCapitalFen: 0 }, members: h.members.map((m) => ({ ...m, monthlyIncomeFen: m.monthlyIncomeFen % 10_000 })) }
      : h,
  })),
);
