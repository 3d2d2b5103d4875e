/**
 * The deterministic synthetic city of Wuhai (DOMAIN.md "Demo city facts"): a stream of households
 * shaped like `shared/contracts/evaluations.md`, reproducible from a seed.
 *
 * - Streaming: `generateCity` is a generator; memory does not grow with the number of households
 *   (the only state is the PRNG, a few counters and a fixed-size table of ID-number sequences).
 * - Unique ID numbers without remembering them: each (area of first registration, birth date, sex)
 *   slot hands out its 3-digit sequences in a fixed order, so two people never share one.
 * - Deterministic: one xoroshiro128+ stream (pure-rand) seeded with `seed`, consumed in a fixed
 *   order; the first k households are the same whatever `households` is.
 */
import type { AreaCode, HouseholdFacts, MemberFacts } from '../../packages/contracts/src/household.schema';
import { isCalendarDate, makeIdNumber } from '../../packages/contracts/src/id-number';
import { drawName, drawSurname, type Ethnicity, type Sex } from './names';
import { DISTRICTS, ORIGIN_AREAS, type District, type Subdistrict } from './places';
import { Dice, Table } from './random';

/** The evaluation date the demo city is generated for when none is given. */
export const DEFAULT_TODAY = '2015-06-01';

export interface GenerateCityOptions {
  /** How many households to generate (≥ 0). */
  households: number;
  /** PRNG seed (an integer); the same seed and count give byte-identical output. */
  seed: number;
  /** `YYYY-MM-DD`: ages, school levels and the dibao standard are taken on this date. */
  today: string;
}

export interface CityHousehold {
  /** Unique household register number: area code + 9-digit serial. */
  householdNo: string;
  /** Street (街道) or town (镇) name, e.g. `新华街道`, `巴音陶亥镇`. */
  street: string;
  /** Postal-style address in Chinese. */
  address: string;
  /** The household facts; valid against `householdFactsSchema(today)`. */
  facts: HouseholdFacts;
}

/**
 * The dibao standard per person per month, in fen (DOMAIN.md "Parameter defaults").
 * @param hukou the household's registration type
 * @param date `YYYY-MM-DD`
 */
export function dibaoStandardFen(hukou: 'urban' | 'rural', date: string): number {
  if (date >= '2015-01-01') return hukou === 'urban' ? 60000 : 45000;
  return hukou === 'urban' ? 56000 : 40000;
}

/**
 * Whether the household passes the dibao assets test (DOMAIN.md, dibao): per-capita financial
 * assets ≤ 24 × standard, no motor vehicle, at most one residence, no business capital.
 */
export function passesDibaoAssets(facts: HouseholdFacts, standardFen: number): boolean {
  const a = facts.assets;
  return (
    a.financialFen <= 24 * standardFen * facts.members.length &&
    a.vehicles === 0 &&
    a.residences <= 1 &&
    a.businessCapitalFen === 0
  );
}

/**
 * Generates the synthetic city household by household.
 * @throws Error when `households` is not a non-negative integer, `seed` not an integer or `today`
 * not a real `YYYY-MM-DD` date (thrown here, before the first household)
 */
export function generateCity(options: GenerateCityOptions): Generator<CityHousehold, void, undefined> {
  const { households, seed, today } = options;
  if (!Number.isSafeInteger(households) || households < 0) throw new Error('households must be a non-negative integer');
  if (!Number.isSafeInteger(seed)) throw new Error('seed must be an integer');
  if (!isCalendarDate(today) || today < '1990-01-01') throw new Error('today must be a real YYYY-MM-DD date from 1990 on');
  return cityStream(households, seed, today);
}

function* cityStream(households: number, seed: number, today: string): Generator<CityHousehold, void, undefined> {
  const builder = new CityBuilder(seed, today);
  for (let i = 0; i < households; i++) yield builder.next(i);
}

// ---------------------------------------------------------------------------------------------
// Dates

const DAY_MS = 86_400_000;
const YEAR = 365.2425;
const DAY_1900 = toDay('1900-01-01');

function toDay(date: string): number {
  return Math.round(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS);
}

function fromDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Completed years between two `YYYY-MM-DD` dates. */
export function ageOn(birthDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/** A 32-bit integer hash (murmur3 finaliser); not a random source, only a scrambler. */
function mix(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Tables

type HouseholdType =
  | 'single'
  | 'couple'
  | 'nuclear1'
  | 'nuclear2'
  | 'singleParent'
  | 'threeGenUp'
  | 'threeGenDown'
  | 'skipGen'
  | 'siblings';

/** Household structure, calibrated to an average of about 2.6 people (2020 census ≈ 2.6). */
const TYPES: Record<'urban' | 'rural', Table<HouseholdType>> = {
  urban: new Table<HouseholdType>([
    ['single', 20], ['couple', 25], ['nuclear1', 24], ['nuclear2', 9], ['singleParent', 5],
    ['threeGenUp', 7], ['threeGenDown', 8], ['skipGen', 2], ['siblings', 2],
  ]),
  rural: new Table<HouseholdType>([
    ['single', 17], ['couple', 25], ['nuclear1', 19], ['nuclear2', 14], ['singleParent', 4],
    ['threeGenUp', 8], ['threeGenDown', 10], ['skipGen', 3], ['siblings', 2],
  ]),
};

/** Ethnicity of a household head: minorities about 5% in Wuhai (Mongolian, Hui, Manchu, others). */
const HEAD_ETHNICITY = new Table<Ethnicity>([['han', 952], ['mongol', 28], ['hui', 10], ['manchu', 7], ['other', 3]]);
const MINORITIES = new Table<Ethnicity>([['mongol', 55], ['hui', 22], ['manchu', 16], ['other', 7]]);

/** GB/T 26341 categories: 1 visual, 2 hearing, 3 speech, 4 physical, 5 intellectual, 6 mental, 7 multiple. */
const DISABILITY_CATEGORY_ADULT = new Table<number>([[1, 15], [2, 24], [3, 1.5], [4, 29], [5, 7], [6, 7.5], [7, 16]]);
const DISABILITY_CATEGORY_CHILD = new Table<number>([[1, 6], [2, 14], [3, 6], [4, 28], [5, 30], [6, 2], [7, 14]]);
const DISABILITY_GRADE = new Table<number>([[1, 12], [2, 20], [3, 30], [4, 38]]);

/** Disability prevalence by age (national sample survey shape), about 6% overall. */
function disabilityRate(age: number): number {
  if (age < 16) return 0.013;
  if (age < 35) return 0.027;
  if (age < 50) return 0.045;
  if (age < 60) return 0.07;
  if (age < 70) return 0.115;
  if (age < 80) return 0.18;
  return 0.28;
}

// ---------------------------------------------------------------------------------------------
// Household assembly

interface Draft {
  relation: MemberFacts['relation'];
  sex: Sex;
  birthDay: number;
  ethnicity: Ethnicity;
  surname: string;
}

/** One household in the making: its members and derived facts. */
interface Composition {
  type: HouseholdType;
  drafts: Draft[];
}

class CityBuilder {
  private readonly dice: Dice;
  private readonly todayDay: number;
  /** Oldest allowed birth day: 100 years before today, never before 1900-01-01. */
  private readonly minBirthDay: number;
  /** Sequences handed out per (origin area, birth day, sex); fixed size, independent of N. */
  private readonly sequences: Uint16Array;
  private readonly days: number;
  private readonly personsByArea = new Map<AreaCode, number>(DISTRICTS.map((d) => [d.code, 0]));
  private totalPersons = 0;
  private readonly subdistricts: Map<AreaCode, Table<Subdistrict>>;
  private readonly standard: Record<'urban' | 'rural', number>;

  constructor(
    seed: number,
    private readonly today: string,
  ) {
    this.dice = new Dice(seed);
    this.todayDay = toDay(today);
    this.minBirthDay = Math.max(DAY_1900, this.todayDay - Math.floor(100 * YEAR));
    this.days = this.todayDay - DAY_1900 + 1;
    this.sequences = new Uint16Array(ORIGIN_AREAS.length * this.days * 2);
    this.subdistricts = new Map(DISTRICTS.map((d) => [d.code, new Table(d.subdistricts.map((s) => [s, s.weight] as const))]));
    this.standard = { urban: dibaoStandardFen('urban', today), rural: dibaoStandardFen('rural', today) };
  }

  next(index: number): CityHousehold {
    const d = this.dice;
    const district = this.nextDistrict();
    const sub = d.weighted(this.subdistricts.get(district.code)!);
    const hukou: 'urban' | 'rural' = d.chance(sub.kind === 'town' ? 0.7 : 0.02) ? 'rural' : 'urban';
    const composition = this.compose(hukou);
    const members = composition.drafts.map((draft, i) => this.member(draft, i, district.code, hukou));
    const facts = this.householdFacts(composition, members, district.code, hukou);

    this.totalPersons += members.length;
    this.personsByArea.set(district.code, this.personsByArea.get(district.code)! + members.length);
    return {
      householdNo: `${district.code}${String(index + 1).padStart(9, '0')}`,
      street: sub.name,
      address: this.address(district, sub, hukou),
      facts,
    };
  }

  /** Keeps the population split of DOMAIN.md exact: the district furthest below its share is next. */
  private nextDistrict(): District {
    let best = DISTRICTS[0]!;
    let bestDeficit = -Infinity;
    for (const district of DISTRICTS) {
      const deficit = district.share * (this.totalPersons + 3) - this.personsByArea.get(district.code)!;
      if (deficit > bestDeficit) {
        best = district;
        bestDeficit = deficit;
      }
    }
    return best;
  }

  private address(district: District, sub: Subdistrict, hukou: 'urban' | 'rural'): string {
    const d = this.dice;
    const prefix = `乌海市${district.name}${sub.name}`;
    if (sub.kind === 'town' && hukou === 'rural') {
      return `${prefix}${d.pick(sub.localities)}${d.int(1, 9)}组${d.int(1, 120)}号`;
    }
    const floors = d.chance(0.7) ? 6 : 18;
    return `${prefix}${sub.kind === 'street' ? d.pick(sub.localities) : ''}${d.pick(district.roads)}${d.int(1, 180)}号` +
      `${d.int(1, 30)}栋${d.int(1, 6)}单元${d.int(1, floors)}0${d.int(1, 4)}室`;
  }

  // --- people --------------------------------------------------------------------------------

  private clampBirth(day: number): number {
    return Math.min(this.todayDay, Math.max(this.minBirthDay, day));
  }

  /** A birth day for someone aged `age` whole years today. */
  private bornAged(age: number): number {
    return this.clampBirth(this.todayDay - Math.floor(Math.floor(age) * YEAR) - this.dice.int(0, 364));
  }

  private ageYears(birthDay: number): number {
    return (this.todayDay - birthDay) / YEAR;
  }

  private minority(): Ethnicity {
    return this.dice.weighted(MINORITIES);
  }

  private draft(relation: Draft['relation'], sex: Sex, birthDay: number, ethnicity: Ethnicity, surname?: string): Draft {
    return { relation, sex, birthDay: this.clampBirth(birthDay), ethnicity, surname: surname ?? drawSurname(this.dice, ethnicity) };
  }

  /** A spouse of the opposite sex; the husband is typically 0–4 years older. */
  private spouseOf(partner: Draft, relation: Draft['relation'] = 'spouse'): Draft {
    const d = this.dice;
    const sex: Sex = partner.sex === 'M' ? 'F' : 'M';
    const gapDays = Math.floor(d.normal(2, 2.5, -3, 10) * YEAR) + d.int(-120, 120);
    let birth = partner.sex === 'M' ? partner.birthDay + gapDays : partner.birthDay - gapDays;
    const minAge = sex === 'M' ? 22 : 20;
    birth = Math.min(birth, this.todayDay - Math.ceil(minAge * YEAR) - d.int(0, 200));
    const ethnicity = partner.ethnicity !== 'han' ? (d.chance(0.45) ? partner.ethnicity : 'han') : d.chance(0.015) ? this.minority() : 'han';
    return this.draft(relation, sex, birth, ethnicity);
  }

  /**
   * The birth day of a child of `parent`, `minGap`–`maxGap` years after the parent's birth (about
   * `mean`), never after today; null when the parent is too young.
   */
  private childBirth(parent: Draft, minGap: number, mean: number, sd: number, maxGap: number): number | null {
    const hi = Math.min(maxGap, this.ageYears(parent.birthDay) - 0.01);
    if (hi < minGap) return null;
    const gap = hi < mean + sd ? this.dice.between(minGap, hi) : this.dice.normal(mean, sd, minGap, hi);
    return Math.min(this.todayDay, parent.birthDay + Math.floor(gap * YEAR));
  }

  private childEthnicity(...parents: (Draft | undefined)[]): Ethnicity {
    const minorityParent = parents.find((p) => p && p.ethnicity !== 'han');
    return minorityParent && this.dice.chance(0.9) ? minorityParent.ethnicity : 'han';
  }

  private randomSex(): Sex {
    return this.dice.chance(0.515) ? 'M' : 'F';
  }

  /**
   * Children of a couple (or lone parent): born to the mother 20–42 years after her birth, at
   * least 1.5 years apart; surname from the father when there is one.
   */
  private childrenOf(relation: Draft['relation'], count: number, a: Draft, b?: Draft): Draft[] {
    const d = this.dice;
    const mother = a.sex === 'F' ? a : b?.sex === 'F' ? b : undefined;
    const father = a.sex === 'M' ? a : b?.sex === 'M' ? b : undefined;
    const bearer = mother ?? a;
    const youngestParent = b && b.birthDay > a.birthDay ? b : a;
    const minGap = Math.max(20, (youngestParent.birthDay - bearer.birthDay) / YEAR + 18);
    const births: number[] = [];
    const first = this.childBirth(bearer, minGap, 26.5, 3.5, 40);
    if (first === null) return [];
    births.push(first);
    for (let k = 1; k < count; k++) {
      const earlier = births[births.length - 1]! - Math.floor(d.between(1.5, 8) * YEAR);
      if (earlier < bearer.birthDay + Math.ceil(minGap * YEAR)) break;
      births.push(earlier);
    }
    const surname = father?.surname ?? (d.chance(0.5) ? bearer.surname : undefined);
    const ethnicity = this.childEthnicity(a, b);
    return births.sort((x, y) => x - y).map((birth) => this.draft(relation, this.randomSex(), birth, ethnicity, surname));
  }

  /** Parents of `person` (relation `parent`), at least 20 years older, never over 100. */
  private parentsOf(person: Draft, which: 'both' | 'mother' | 'father'): Draft[] {
    const d = this.dice;
    const out: Draft[] = [];
    const motherGap = d.normal(27, 4, 20, 40);
    const fatherGap = Math.max(21, motherGap + d.normal(2, 2.5, -2, 10));
    const add = (sex: Sex, gap: number, surname?: string) => {
      const birth = this.clampBirth(person.birthDay - Math.floor(gap * YEAR) - d.int(0, 200));
      if ((person.birthDay - birth) / YEAR < 20) return;
      const ethnicity = person.ethnicity !== 'han' && d.chance(0.85) ? person.ethnicity : 'han';
      out.push(this.draft('parent', sex, birth, ethnicity, surname));
    };
    if (which !== 'mother') add('M', fatherGap, person.surname);
    if (which !== 'father') add('F', motherGap);
    return out;
  }

  private compose(hukou: 'urban' | 'rural'): Composition {
    const d = this.dice;
    const type = d.weighted(TYPES[hukou]);
    const ethnicity = d.weighted(HEAD_ETHNICITY);
    const headOf = (age: number, sex: Sex) => this.draft('head', sex, this.bornAged(age), ethnicity);
    const drafts: Draft[] = [];

    switch (type) {
      case 'single': {
        const band = d.float();
        if (band < 0.33) drafts.push(headOf(d.normal(27, 4, 18, 35), d.chance(0.6) ? 'M' : 'F'));
        else if (band < 0.6) drafts.push(headOf(d.int(35, 59), d.chance(0.55) ? 'M' : 'F'));
        else drafts.push(headOf(d.normal(75, 8, 60, 99), d.chance(0.33) ? 'M' : 'F'));
        break;
      }
      case 'couple': {
        const band = d.float();
        const age = band < 0.18 ? d.int(22, 34) : band < 0.52 ? d.normal(54, 4, 40, 59) : d.normal(69, 7, 60, 95);
        const head = headOf(age, d.chance(0.85) ? 'M' : 'F');
        drafts.push(head, this.spouseOf(head));
        break;
      }
      case 'nuclear1':
      case 'nuclear2': {
        const head = headOf(type === 'nuclear1' ? d.normal(45, 9.5, 23, 68) : d.normal(42, 7, 26, 60), d.chance(0.85) ? 'M' : 'F');
        const spouse = this.spouseOf(head);
        drafts.push(head, spouse, ...this.childrenOf('child', type === 'nuclear1' ? 1 : d.chance(0.9) ? 2 : 3, head, spouse));
        break;
      }
      case 'singleParent': {
        const head = headOf(d.normal(40, 7, 24, 62), d.chance(0.7) ? 'F' : 'M');
        drafts.push(head, ...this.childrenOf('child', d.chance(0.85) ? 1 : 2, head));
        break;
      }
      case 'threeGenUp': {
        const head = headOf(d.normal(42, 6, 28, 56), d.chance(0.8) ? 'M' : 'F');
        const spouse = d.chance(0.85) ? this.spouseOf(head) : undefined;
        const u = d.float();
        drafts.push(head);
        if (spouse) drafts.push(spouse);
        drafts.push(...this.childrenOf('child', d.chance(0.75) ? 1 : 2, head, spouse));
        drafts.push(...this.parentsOf(head, u < 0.55 ? 'both' : u < 0.85 ? 'mother' : 'father'));
        break;
      }
      case 'threeGenDown': {
        const head = headOf(d.normal(63, 7, 48, 85), d.chance(0.7) ? 'M' : 'F');
        const spouse = d.chance(0.7) ? this.spouseOf(head) : undefined;
        drafts.push(head);
        if (spouse) drafts.push(spouse);
        const [child] = this.childrenOf('child', 1, head, spouse);
        if (child && this.ageYears(child.birthDay) >= 20) {
          child.sex = d.chance(0.65) ? 'M' : 'F';
          drafts.push(child);
          const inLaw = d.chance(0.7) ? this.spouseOf(child, 'other') : undefined;
          if (inLaw) drafts.push(inLaw);
          drafts.push(...this.childrenOf('grandchild', d.chance(0.75) ? 1 : 2, child, inLaw));
        } else if (child) {
          drafts.push(child);
        }
        break;
      }
      case 'skipGen': {
        const head = headOf(d.normal(64, 6, 50, 82), d.chance(0.55) ? 'F' : 'M');
        const spouse = d.chance(0.6) ? this.spouseOf(head) : undefined;
        drafts.push(head);
        if (spouse) drafts.push(spouse);
        const grandfather = head.sex === 'M' ? head : spouse;
        const oldest = Math.max(head.birthDay, spouse?.birthDay ?? head.birthDay);
        const maxAge = Math.min(16, Math.floor((this.todayDay - oldest) / YEAR) - 40);
        const count = d.chance(0.7) ? 1 : 2;
        const surname = grandfather && d.chance(0.65) ? grandfather.surname : drawSurname(d, 'han');
        const ethnicity = this.childEthnicity(head, spouse);
        for (let k = 0; k < count && maxAge >= 1; k++) {
          drafts.push(this.draft('grandchild', this.randomSex(), this.bornAged(d.int(1, maxAge)), ethnicity, surname));
        }
        break;
      }
      case 'siblings': {
        const head = headOf(d.int(22, 70), d.chance(0.6) ? 'M' : 'F');
        const siblingAge = Math.min(90, Math.max(16, this.ageYears(head.birthDay) + d.int(-12, 12)));
        drafts.push(head, this.draft('sibling', this.randomSex(), this.bornAged(siblingAge), head.ethnicity, head.surname));
        if (this.ageYears(head.birthDay) < 58 && d.chance(0.25)) drafts.push(...this.parentsOf(head, 'mother'));
        break;
      }
    }
    return { type, drafts };
  }

  // --- member facts --------------------------------------------------------------------------

  private idNumber(draft: Draft, areaCode: AreaCode, birthDate: string): string {
    const d = this.dice;
    const age = this.ageYears(draft.birthDay);
    const stay = age < 20 ? 0.94 : 0.82;
    const u = d.float();
    let origin: number;
    if (u < stay) origin = ORIGIN_AREAS.indexOf(areaCode);
    else if (u < stay + 0.07) origin = d.int(0, 2);
    else origin = d.int(3, ORIGIN_AREAS.length - 1);

    const male = draft.sex === 'M' ? 1 : 0;
    const capacity = male ? 500 : 499;
    const dayIndex = draft.birthDay - DAY_1900;
    for (let tries = 0; tries < ORIGIN_AREAS.length; tries++) {
      const o = (origin + tries) % ORIGIN_AREAS.length;
      const slot = (o * this.days + dayIndex) * 2 + male;
      const used = this.sequences[slot]!;
      if (used >= capacity) continue;
      this.sequences[slot] = used + 1;
      // A fixed permutation of the slot's sequences (offset by a hash of the slot), so numbers
      // neither count up nor start alike; bijective, so the slot never repeats a sequence.
      const offset = mix(slot) % capacity;
      const sequence = male ? 2 * ((used * 137 + offset) % 500) + 1 : 2 * ((used * 137 + offset) % 499) + 2;
      return makeIdNumber(ORIGIN_AREAS[o]!, birthDate, sequence, draft.sex);
    }
    throw new Error(`no free ID number sequence left for ${birthDate} ${draft.sex}`);
  }

  private member(draft: Draft, index: number, areaCode: AreaCode, hukou: 'urban' | 'rural'): MemberFacts {
    const d = this.dice;
    const rural = hukou === 'rural';
    const birthDate = fromDay(draft.birthDay);
    const age = ageOn(birthDate, this.today);
    const male = draft.sex === 'M';

    // Schooling by age: preschool 3–5, primary 6–11, junior 12–14, senior/vocational 15–17.
    let school: MemberFacts['school'] = null;
    let admission: MemberFacts['admission'] = null;
    let college = false;
    if (age >= 3 && age <= 5) {
      if (d.chance(rural ? 0.7 : 0.88)) school = { level: 'preschool', boarding: false };
    } else if (age >= 6 && age <= 11) {
      if (d.chance(0.995)) school = { level: 'primary', boarding: d.chance(rural ? 0.12 : 0.02) };
    } else if (age >= 12 && age <= 14) {
      if (d.chance(0.99)) school = { level: 'junior', boarding: d.chance(rural ? 0.35 : 0.08) };
    } else if (age >= 15 && age <= 17) {
      if (d.chance(0.9)) {
        const level = d.chance(0.62) ? 'senior' : 'vocational';
        school = { level, boarding: d.chance(level === 'senior' ? 0.45 : 0.5) };
      }
    } else if (age === 18) {
      const u = d.float();
      if (u < 0.35) admission = { level: d.chance(0.45) ? 'bachelor' : 'junior-college' };
      else if (u < 0.5) school = { level: 'senior', boarding: d.chance(0.4) };
    } else if (age >= 19 && age <= 22) {
      college = d.chance(0.35);
    }

    let disability: MemberFacts['disability'] = null;
    if (d.chance(disabilityRate(age))) {
      disability = { category: d.weighted(age < 16 ? DISABILITY_CATEGORY_CHILD : DISABILITY_CATEGORY_ADULT), grade: d.weighted(DISABILITY_GRADE) };
    }
    let illness: MemberFacts['illness'] = null;
    const seriousRate = age < 16 ? 0.002 : age < 40 ? 0.004 : age < 60 ? 0.015 : 0.035;
    if (disability?.category === 6 ? d.chance(0.5) : age >= 16 && d.chance(0.003)) illness = 'mental';
    else if (d.chance(seriousRate)) illness = 'serious';
    else if (d.chance(0.001)) illness = 'infectious';

    const severe = disability !== null && disability.grade <= 2;
    // Unable to work: under 16, 60 or over, severely disabled, seriously ill, or in full-time study.
    const canWork = age >= 16 && age < 60 && !severe && illness !== 'serious' && !school && !admission && !college;

    let employed = false;
    if (canWork) {
      let rate = age < 20 ? 0.35 : age < 25 ? 0.65 : age < 50 ? (male ? 0.9 : rural ? 0.8 : 0.75) : male ? 0.72 : rural ? 0.55 : 0.35;
      if (disability) rate *= 0.6;
      if (illness === 'mental') rate *= 0.4;
      if (illness === 'infectious') rate *= 0.6;
      employed = d.chance(rate);
    }

    // Disposable monthly income, yuan (Wuhai c. 2014–2016).
    let income = 0;
    let pensionInsured = false;
    if (employed) {
      income = rural ? d.logNormal(2000, 0.45, 600, 9000) : d.logNormal(3300, 0.33, 1700, 15000);
      if (!male) income *= 0.88;
      income = Math.round(income / 10) * 10;
      pensionInsured = d.chance(rural ? 0.3 : 0.85);
    } else {
      let employeePension = 0;
      if (rural) employeePension = age >= 60 ? 0.08 : 0;
      else if (age >= 60) employeePension = male ? 0.78 : 0.65;
      else if (!male && age >= 50) employeePension = 0.6;
      else if (male && age >= 55) employeePension = 0.35;
      if (employeePension > 0 && d.chance(employeePension)) {
        income = Math.round(d.logNormal(2300, 0.25, 1200, 6000) * (male ? 1 : 0.9));
        pensionInsured = true;
      } else if (age >= 60 && d.chance(0.85)) {
        income = d.int(100, 260); // urban-rural resident pension
      } else if (canWork && d.chance(0.08)) {
        income = d.int(900, 1200); // unemployment benefit
        pensionInsured = !rural && d.chance(0.5);
      } else if (canWork) {
        pensionInsured = !rural && d.chance(0.35);
      }
    }

    return {
      id: `m${index + 1}`,
      idNumber: this.idNumber(draft, areaCode, birthDate),
      name: drawName(d, draft.surname, draft.sex, Number(birthDate.slice(0, 4)), draft.ethnicity),
      sex: draft.sex,
      birthDate,
      relation: draft.relation,
      minority: draft.ethnicity !== 'han',
      disability,
      monthlyIncomeFen: income * 100,
      canWork,
      employed,
      pensionInsured,
      illness,
      school,
      admission,
      tekun: null,
    };
  }

  // --- household facts -----------------------------------------------------------------------

  /** Chance that a household is poor (below the dibao standard), from its risk factors. */
  private povertyRisk(type: HouseholdType, members: MemberFacts[], hukou: 'urban' | 'rural'): number {
    const head = members[0]!;
    let p = 0.008;
    if (hukou === 'rural') p += 0.02;
    if (members.some((m) => (m.disability && m.disability.grade <= 2) || m.illness === 'serious')) p += 0.08;
    else if (members.some((m) => m.disability || m.illness === 'mental')) p += 0.03;
    if (type === 'singleParent') p += 0.06;
    if (type === 'skipGen') p += 0.04;
    if (members.length === 1 && ageOn(head.birthDate, this.today) >= 60) p += 0.03;
    if (!members.some((m) => m.employed || m.monthlyIncomeFen >= 100000)) p += 0.04;
    if (members.some((m) => m.canWork && !m.employed)) p += 0.015;
    return p;
  }

  private householdFacts(composition: Composition, members: MemberFacts[], area: AreaCode, hukou: 'urban' | 'rural'): HouseholdFacts {
    const d = this.dice;
    const size = members.length;
    const standard = this.standard[hukou];
    const head = members[0]!;
    const headAge = ageOn(head.birthDate, this.today);
    const poor = d.chance(this.povertyRisk(composition.type, members, hukou));

    if (poor) this.impoverish(members, standard, hukou);
    else this.liftAboveStandard(members, standard);

    // Assets.
    const rural = hukou === 'rural';
    let homeOwned: boolean;
    let residences: number;
    let vehicles = 0;
    let financialYuan: number;
    let businessCapitalYuan = 0;
    if (poor) {
      homeOwned = d.chance(rural ? 0.85 : 0.6);
      residences = homeOwned ? 1 : 0;
      const cap = Math.min(8000, (24 * standard * size) / 100 / 2);
      financialYuan = d.chance(0.3) ? 0 : Math.round(d.between(0, cap));
      if (d.chance(0.1)) {
        // Below the standard but failing the assets test: what verification is there to catch.
        const which = d.int(0, 3);
        if (which === 0) vehicles = 1;
        else if (which === 1) {
          homeOwned = true;
          residences = 2;
        } else if (which === 2) financialYuan = (24 * standard * size) / 100 + d.int(1000, 50000);
        else businessCapitalYuan = d.int(10, 100) * 1000;
      }
    } else {
      homeOwned = d.chance(rural ? 0.95 : 0.82);
      const r = d.float();
      residences = homeOwned ? (r < 0.85 ? 1 : r < 0.98 ? 2 : 3) : r < 0.92 ? 0 : 1;
      const elderlyOnly = headAge >= 65 && !members.some((m) => m.employed);
      const v = d.float();
      const carless = elderlyOnly ? 0.9 : rural ? 0.75 : 0.68;
      vehicles = v < carless ? 0 : v < carless + (1 - carless) * 0.9 ? 1 : 2;
      financialYuan = d.chance(0.06) ? 0 : Math.round(d.logNormal(50000, 1.1, 0, 3_000_000));
      if (d.chance(0.06)) businessCapitalYuan = Math.round(d.logNormal(100000, 0.8, 10000, 5_000_000) / 1000) * 1000;
    }
    const severePhysical = members.some((m) => m.disability && m.disability.grade <= 2 && (m.disability.category === 4 || m.disability.category === 7));
    const disabilityVehicles = severePhysical && d.chance(0.15) ? 1 : 0;

    // Dwelling: apartments in town, houses in villages; some crowded (under 15 m² per person).
    let livingAreaM2 = rural ? d.logNormal(95, 0.35, 30, 300) : d.logNormal(78, 0.3, 25, 260);
    livingAreaM2 *= 0.85 + 0.06 * size;
    if (d.chance(poor ? 0.35 : 0.02)) livingAreaM2 = size * d.between(7, 14.8);
    livingAreaM2 = Math.round(livingAreaM2 * 10) / 10;

    let houseDangerGrade: HouseholdFacts['houseDangerGrade'] = null;
    if (rural && homeOwned) {
      const u = d.float();
      const [gradeC, gradeD] = poor ? [0.15, 0.08] : [0.03, 0.01];
      houseDangerGrade = u < gradeD ? 'D' : u < gradeD + gradeC ? 'C' : null;
    }

    return {
      area,
      hukou,
      livingAreaM2,
      homeOwned,
      houseDangerGrade,
      assets: {
        financialFen: financialYuan * 100,
        vehicles,
        disabilityVehicles,
        residences,
        businessCapitalFen: businessCapitalYuan * 100,
      },
      familyPlanning: this.familyPlanning(composition.type, members, hukou, headAge),
      members,
      medicalBills: [],
      hardship: null,
    };
  }

  /**
   * Makes a household poor: per-capita counted income 0–90% of the standard, earners on flexible
   * low pay or small resident pensions, some work-capable members out of work; lone people unable
   * to work with no income are sometimes approved tekun.
   */
  private impoverish(members: MemberFacts[], standard: number, hukou: 'urban' | 'rural'): void {
    const d = this.dice;
    const size = members.length;
    const perCapita = d.chance(0.2) ? 0 : Math.floor(standard * d.between(0.1, 0.9));
    const totalYuan = Math.floor((perCapita * size) / 100);
    for (const m of members) {
      if (m.employed && (totalYuan === 0 || d.chance(0.6))) m.employed = false;
      if (!m.employed) m.pensionInsured = false;
      m.monthlyIncomeFen = 0;
    }
    const head = members[0]!;
    if (size === 1 && !head.canWork && d.chance(0.45)) {
      head.tekun = { kind: hukou === 'rural' ? 'wubao' : 'sanwu' };
      return;
    }
    const earners = members.filter((m) => m.employed || ageOn(m.birthDate, this.today) >= 60);
    if (earners.length === 0 && totalYuan > 0) earners.push(head); // support from relatives elsewhere
    const weights = earners.map(() => d.between(0.5, 1.5));
    const weightSum = weights.reduce((a, b) => a + b, 0);
    earners.forEach((m, i) => {
      const share = Math.floor((totalYuan * weights[i]!) / weightSum);
      m.monthlyIncomeFen = share * 100;
      if (m.employed && share === 0) m.employed = false;
    });
  }

  /** Non-poor households end at 1.15–2.2× the standard at least (support, side jobs, farming). */
  private liftAboveStandard(members: MemberFacts[], standard: number): void {
    const d = this.dice;
    const size = members.length;
    const total = members.reduce((s, m) => s + m.monthlyIncomeFen, 0);
    if (total >= standard * size * 1.1) return;
    const target = Math.round((standard * size * d.between(1.15, 2.2)) / 100) * 100;
    const employed = members.filter((m) => m.employed).sort((a, b) => a.monthlyIncomeFen - b.monthlyIncomeFen);
    const recipient = employed[0] ?? members[0]!;
    recipient.monthlyIncomeFen += target - total;
  }

  private familyPlanning(type: HouseholdType, members: MemberFacts[], hukou: 'urban' | 'rural', headAge: number): HouseholdFacts['familyPlanning'] {
    const d = this.dice;
    const children = members.filter((m) => m.relation === 'child');
    const oneChild = children.length === 1 && type !== 'siblings';
    const twoDaughters = children.length === 2 && children.every((c) => c.sex === 'F');
    const emptyNest = type === 'couple' && headAge >= 45;
    let onlyChild: HouseholdFacts['familyPlanning']['onlyChild'] = null;
    if (oneChild && children[0]!.disability && children[0]!.disability.grade <= 3) onlyChild = 'disabled';
    if (emptyNest && headAge >= 49 && d.chance(0.006)) onlyChild = 'deceased';
    const familyOfOne = oneChild || onlyChild !== null || (emptyNest && d.chance(hukou === 'urban' ? 0.55 : 0.4));
    return {
      onlyChild,
      ruralOneChildOrTwoDaughters: hukou === 'rural' && (familyOfOne || twoDaughters),
      urbanOneChild: hukou === 'urban' && familyOfOne,
    };
  }
}
