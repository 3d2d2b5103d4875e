/**
 * Builders for the household facts of shared/contracts/evaluations.md, with the defaults every
 * test starts from: an urban household of 海勃湾区 (150302) in its own 60 m² home with one
 * residence and no other assets; a member with no income, unable to work, not employed, with no
 * disability, illness, school, admission or tekun status. Tests override what they are about —
 * including, for bad-input tests, with values the contract refuses (so codes are typed `string`).
 */

import type { PlainHousehold, PlainMember } from '@wuhai/contracts';

/** The member and household shapes of evaluations.md, as the contracts package defines them. */
export type MemberFacts = PlainMember;
export type HouseholdFacts = PlainHousehold;

/** A member with the defaults above; `overrides` wins field by field. */
export function memberFacts<O extends Partial<MemberFacts>>(overrides: O = {} as O): Omit<MemberFacts, keyof O> & O {
  return {
    id: 'm1',
    name: '张三',
    sex: 'M',
    birthDate: '1950-03-15',
    relation: 'head',
    minority: false,
    disability: null,
    monthlyIncomeFen: 0,
    canWork: false,
    employed: false,
    pensionInsured: false,
    illness: null,
    school: null,
    admission: null,
    tekun: null,
    ...overrides,
  } as Omit<MemberFacts, keyof O> & O;
}

/** A household with the defaults above around `members`; `overrides` wins field by field. */
export function householdFacts<M extends MemberFacts, O extends Partial<HouseholdFacts>>(members: M[], overrides: O = {} as O): Omit<HouseholdFacts, 'members' | keyof O> & { members: M[] } & O {
  return {
    area: '150302',
    hukou: 'urban',
    livingAreaM2: 60,
    homeOwned: true,
    houseDangerGrade: null,
    assets: { financialFen: 0, vehicles: 0, disabilityVehicles: 0, residences: 1, businessCapitalFen: 0 },
    familyPlanning: { onlyChild: null, ruralOneChildOrTwoDaughters: false, urbanOneChild: false },
    members,
    ...overrides,
  } as Omit<HouseholdFacts, 'members' | keyof O> & { members: M[] } & O;
}
