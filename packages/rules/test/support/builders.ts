import type { Household, Member } from '../../src';

/** Member facts a test may leave out, with the defaults documented in test/cases/README.md. */
export type MemberInput = Partial<Member> & Pick<Member, 'id' | 'birthDate'>;
export type HouseholdInput = Partial<Omit<Household, 'members' | 'assets'>> & {
  assets?: Partial<Household['assets']>;
  members: MemberInput[];
};

/** A member with defaults: male, no income, cannot work, not employed, no disability/school/tekun. */
export function member(m: MemberInput, index = 0): Member {
  return {
    sex: 'M',
    relation: index === 0 ? 'head' : 'child',
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
    ...m,
  };
}

/** A household with defaults: 海勃湾区 (150302), urban, own home of 60 m², one residence, no assets. */
export function household(h: HouseholdInput): Household {
  return {
    area: '150302',
    hukou: 'urban',
    livingAreaM2: 60,
    homeOwned: true,
    houseDangerGrade: null,
    ...h,
    assets: { financialFen: 0, vehicles: 0, disabilityVehicles: 0, residences: 1, businessCapitalFen: 0, ...h.assets },
    members: h.members.map((m, i) => member(m, i)),
  };
}
