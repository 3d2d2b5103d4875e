import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { householdFactsSchema } from '../../../packages/contracts/src/household.schema';
import { parseIdNumber } from '../../../packages/contracts/src/id-number';
import { ageOn, dibaoStandardFen, generateCity, passesDibaoAssets, type CityHousehold } from '../city';
import { CityTally, summarise } from '../city.stats';
import { DISTRICTS } from '../places';
import { isStreetOfArea } from '../../../packages/contracts/src/places';

const today = '2015-06-01';
const city = (households: number, seed = 1): CityHousehold[] => [...generateCity({ households, seed, today })];
const yearsBetween = (older: string, younger: string): number => ageOn(older, younger);

describe('generateCity: determinism', () => {
  it('when the same seed and size are generated twice, then the output is byte-identical', () => {
    expect(JSON.stringify(city(2000, 1))).toBe(JSON.stringify(city(2000, 1)));
  });

  it('when another seed is used, then the households differ', () => {
    const a = city(200, 1);
    const b = city(200, 2);
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    const sameIds = a.filter((h, i) => h.facts.members[0]!.idNumber === b[i]!.facts.members[0]!.idNumber).length;
    expect(sameIds).toBeLessThan(10);
  });

  it('when fewer households are asked for with the same seed, then they are the prefix of the larger city', () => {
    expect(JSON.stringify(city(300, 5))).toBe(JSON.stringify(city(1000, 5).slice(0, 300)));
  });

  it('when the options are invalid, then generateCity throws before yielding anything', () => {
    expect(() => generateCity({ households: -1, seed: 1, today })).toThrow(/households/);
    expect(() => generateCity({ households: 1.5, seed: 1, today })).toThrow(/households/);
    expect(() => generateCity({ households: 10, seed: 0.5, today })).toThrow(/seed/);
    expect(() => generateCity({ households: 10, seed: 1, today: '2015-02-30' })).toThrow(/today/);
  });
});

describe('generateCity: validity of 20 000 households', () => {
  const households = city(20_000, 1);
  const schema = householdFactsSchema(today);

  it('when each household is validated, then it passes householdFactsSchema unchanged', () => {
    const failures: string[] = [];
    for (const h of households) {
      const parsed = schema.safeParse(h.facts);
      if (!parsed.success) failures.push(`${h.householdNo}: ${parsed.error.message}`);
      else if (JSON.stringify(parsed.data) !== JSON.stringify(h.facts)) failures.push(`${h.householdNo}: defaults were filled in`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('when every ID number is parsed, then it is valid, agrees with birth date and sex, and no two people share one', () => {
    const seen = new Set<string>();
    let problems = 0;
    for (const { facts } of households) {
      for (const m of facts.members) {
        const parsed = parseIdNumber(m.idNumber!, today);
        if (!parsed.ok || parsed.value.birthDate !== m.birthDate || parsed.value.sex !== m.sex) problems++;
        seen.add(m.idNumber!);
      }
    }
    const persons = households.reduce((n, h) => n + h.facts.members.length, 0);
    expect(problems).toBe(0);
    expect(seen.size).toBe(persons);
  });

  it('when household numbers and member refs are listed, then numbers are unique and refs run m1, m2, …', () => {
    expect(new Set(households.map((h) => h.householdNo)).size).toBe(households.length);
    for (const { facts } of households.slice(0, 2000)) {
      expect(facts.members.map((m) => m.id)).toEqual(facts.members.map((_, i) => `m${i + 1}`));
    }
  });

  it('when relations are checked, then sexes and birth dates are consistent with them', () => {
    const problems: string[] = [];
    for (const { householdNo, facts } of households) {
      const [head, ...others] = facts.members;
      if (head!.relation !== 'head') problems.push(`${householdNo}: first member is not the head`);
      const spouse = others.find((m) => m.relation === 'spouse');
      if (spouse && spouse.sex === head!.sex) problems.push(`${householdNo}: spouse of the same sex`);
      for (const m of others) {
        if (m.relation === 'child') {
          if (yearsBetween(head!.birthDate, m.birthDate) < 16) problems.push(`${householdNo}: child too close in age to head`);
          if (spouse && yearsBetween(spouse.birthDate, m.birthDate) < 16) problems.push(`${householdNo}: child too close in age to spouse`);
        }
        if (m.relation === 'parent' && yearsBetween(m.birthDate, head!.birthDate) < 16) problems.push(`${householdNo}: parent too young`);
        if (m.relation === 'grandchild' && yearsBetween(head!.birthDate, m.birthDate) < 30) problems.push(`${householdNo}: grandchild too old`);
        if (m.relation === 'spouse' && ageOn(m.birthDate, today) < 20) problems.push(`${householdNo}: spouse under 20`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('when members are schooled, able to work or employed, then it matches their age, health and income', () => {
    const levelAges: Record<string, [number, number]> = {
      preschool: [3, 5],
      primary: [6, 11],
      junior: [12, 14],
      senior: [15, 18],
      vocational: [15, 17],
    };
    const problems: string[] = [];
    for (const { householdNo, facts } of households) {
      for (const m of facts.members) {
        const age = ageOn(m.birthDate, today);
        const where = `${householdNo}/${m.id} (${age})`;
        if (m.school) {
          const [lo, hi] = levelAges[m.school.level]!;
          if (age < lo || age > hi) problems.push(`${where}: ${m.school.level} at the wrong age`);
        }
        if (m.admission && age !== 18) problems.push(`${where}: admission not at 18`);
        const unable = age >= 60 || age < 16 || (m.disability !== null && m.disability.grade <= 2) || m.illness === 'serious';
        if (unable && m.canWork) problems.push(`${where}: marked able to work`);
        if (m.employed && !m.canWork) problems.push(`${where}: employed but unable to work`);
        if (m.employed && m.monthlyIncomeFen <= 0) problems.push(`${where}: employed without income`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('when streets and hukou are tallied, then streets belong to their district, towns are mostly rural and streets mostly urban', () => {
    const names = new Map(DISTRICTS.map((d) => [d.code, { name: d.name, kinds: new Map(d.subdistricts.map((s) => [s.name, s.kind])) }]));
    const tally = { town: { rural: 0, all: 0 }, street: { rural: 0, all: 0 } };
    const problems: string[] = [];
    for (const h of households) {
      const district = names.get(h.facts.area)!;
      const kind = district.kinds.get(h.street);
      if (!kind) {
        problems.push(`${h.householdNo}: ${h.street} is not in ${district.name}`);
        continue;
      }
      if (!h.address.startsWith(`乌海市${district.name}${h.street}`)) problems.push(`${h.householdNo}: address ${h.address}`);
      tally[kind].all++;
      if (h.facts.hukou === 'rural') tally[kind].rural++;
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(tally.town.rural / tally.town.all).toBeGreaterThan(0.55);
    expect(tally.street.rural / tally.street.all).toBeLessThan(0.05);
  });

  it('when summarise counts the city, then its totals agree with a direct count and with a running tally', () => {
    const summary = summarise(households, { today });
    const persons = households.reduce((n, h) => n + h.facts.members.length, 0);
    expect(summary.households).toBe(households.length);
    expect(summary.persons).toBe(persons);
    expect(Object.values(summary.bySize).reduce((a, b) => a + b, 0)).toBe(households.length);
    expect(summary.byHukou.urban.persons + summary.byHukou.rural.persons).toBe(persons);
    expect(summary.ageBands.under16.count + summary.ageBands.from16to59.count + summary.ageBands.over60.count).toBe(persons);
    const tally = new CityTally(today);
    households.slice(0, 100).forEach((h) => tally.add(h));
    expect(tally.result()).toEqual(summarise(households.slice(0, 100), { today }));
  });
});

describe('generateCity: the city looks like Wuhai', () => {
  it.each([1, 2, 3])('when 5 000 households are generated with seed %i, then the shares fall in their bands', (seed) => {
    const s = summarise(generateCity({ households: 5000, seed, today }), { today });
    expect(s.households).toBe(5000);
    expect(s.averageSize).toBeGreaterThanOrEqual(2.3);
    expect(s.averageSize).toBeLessThanOrEqual(2.9);
    expect(Math.abs(s.byArea['150302'].share - 0.61)).toBeLessThanOrEqual(0.04);
    expect(Math.abs(s.byArea['150304'].share - 0.22)).toBeLessThanOrEqual(0.04);
    expect(Math.abs(s.byArea['150303'].share - 0.17)).toBeLessThanOrEqual(0.04);
    expect(s.disability.share).toBeGreaterThanOrEqual(0.04);
    expect(s.disability.share).toBeLessThanOrEqual(0.08);
    expect(s.minority.share).toBeGreaterThanOrEqual(0.01);
    expect(s.minority.share).toBeLessThanOrEqual(0.1);
    expect(s.belowStandard.share).toBeGreaterThanOrEqual(0.01);
    expect(s.belowStandard.share).toBeLessThanOrEqual(0.08);
    expect(s.qualifyingDibao.share).toBeGreaterThanOrEqual(0.01);
    expect(s.ageBands.over60.share).toBeGreaterThan(0.12);
    expect(s.ageBands.over60.share).toBeLessThan(0.26);
    expect(s.ageBands.under16.share).toBeGreaterThan(0.1);
    expect(s.ageBands.under16.share).toBeLessThan(0.2);
    for (const level of ['preschool', 'primary', 'junior', 'senior', 'vocational'] as const) expect(s.students[level]).toBeGreaterThan(0);
    expect(s.students.admission).toBeGreaterThan(0);
  });

  it('when the employed are looked at, then most earn 2 000–6 000 yuan a month in whole fen', () => {
    const wages = city(3000, 4).flatMap((h) => h.facts.members.filter((m) => m.employed).map((m) => m.monthlyIncomeFen));
    expect(wages.every((w) => Number.isInteger(w))).toBe(true);
    const typical = wages.filter((w) => w >= 200000 && w <= 600000).length / wages.length;
    expect(typical).toBeGreaterThan(0.7);
  });

  it('when households are below the standard, then most of them pass the assets test and so qualify', () => {
    let below = 0;
    let qualifying = 0;
    for (const { facts } of generateCity({ households: 10_000, seed: 6, today })) {
      const standard = dibaoStandardFen(facts.hukou, today);
      const income = facts.members.reduce((s, m) => s + m.monthlyIncomeFen, 0);
      if (income >= standard * facts.members.length) continue;
      below++;
      if (passesDibaoAssets(facts, standard)) qualifying++;
    }
    expect(below).toBeGreaterThan(100);
    expect(qualifying / below).toBeGreaterThan(0.8);
    expect(qualifying / 10_000).toBeGreaterThanOrEqual(0.02);
    expect(qualifying / 10_000).toBeLessThanOrEqual(0.05);
  });
});

describe('generateCity: streaming', () => {
  it('when 100 000 households are streamed and counted, then the heap does not grow with them', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    let households = 0;
    let persons = 0;
    let heapAfterWarmUp = 0;
    for (const h of generateCity({ households: 100_000, seed: 9, today })) {
      households++;
      persons += h.facts.members.length;
      if (households === 10_000) {
        gc();
        heapAfterWarmUp = process.memoryUsage().heapUsed;
      }
    }
    gc();
    const growth = process.memoryUsage().heapUsed - heapAfterWarmUp;
    expect(households).toBe(100_000);
    expect(persons).toBeGreaterThan(230_000);
    // 90 000 retained households would take well over 100 MB; the stream keeps none of them.
    expect(growth).toBeLessThan(8 * 1024 * 1024);
  });
});

describe('the streets of the synthetic city', () => {
  test('when the city is generated, then every household lives on a street or town the registry accepts for its area', () => {
    for (const h of generateCity({ households: 3000, seed: 4, today: '2026-06-01' })) {
      expect(isStreetOfArea(h.facts.area, h.street)).toBe(true);
    }
  });
});
