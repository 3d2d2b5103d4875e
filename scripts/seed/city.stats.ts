/**
 * Summary counts of a synthetic city, computed in one streaming pass (nothing is kept per
 * household), for the seed CLI and the generator's tests.
 */
import type { AreaCode } from '../../packages/contracts/src/household.schema';
import { ageOn, DEFAULT_TODAY, dibaoStandardFen, passesDibaoAssets, type CityHousehold } from './city';

export interface CountAndShare {
  count: number;
  /** count / the relevant total (persons or households), 0 when the total is 0. */
  share: number;
}

export interface CitySummary {
  households: number;
  persons: number;
  averageSize: number;
  /** Households by number of members; `6` counts six or more. */
  bySize: Record<'1' | '2' | '3' | '4' | '5' | '6', number>;
  /** Per district; `share` is the share of persons (the DOMAIN split is of population). */
  byArea: Record<AreaCode, { households: number; persons: number; share: number }>;
  byHukou: Record<'urban' | 'rural', { households: number; persons: number }>;
  /** Persons by age on `today`: 0–15, 16–59, 60 and over. */
  ageBands: { under16: CountAndShare; from16to59: CountAndShare; over60: CountAndShare };
  /** Persons holding a disability certificate. */
  disability: CountAndShare;
  /** Persons of an ethnic minority. */
  minority: CountAndShare;
  students: { preschool: number; primary: number; junior: number; senior: number; vocational: number; boarding: number; admission: number };
  /** Persons able to work, and of them those employed. */
  canWork: number;
  employed: number;
  /** Households whose per-capita counted income is under the dibao standard. */
  belowStandard: CountAndShare;
  /** Households under the standard that also pass the assets test (they would qualify). */
  qualifyingDibao: CountAndShare;
  /** Members recorded as approved tekun recipients. */
  tekun: number;
  /** Households with under 15 m² of living area per person. */
  crowded: CountAndShare;
}

const share = (count: number, total: number): CountAndShare => ({ count, share: total === 0 ? 0 : count / total });

/**
 * Summarises households in one pass.
 * @param households any iterable of generated households (e.g. `generateCity(...)`)
 * @param options.today the date the city was generated for (ages and the dibao standard); default
 * `DEFAULT_TODAY`
 */
export function summarise(households: Iterable<CityHousehold>, options: { today?: string } = {}): CitySummary {
  const today = options.today ?? DEFAULT_TODAY;
  const standard = { urban: dibaoStandardFen('urban', today), rural: dibaoStandardFen('rural', today) };
  let count = 0;
  let persons = 0;
  const bySize: CitySummary['bySize'] = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, '6': 0 };
  const byArea: Record<AreaCode, { households: number; persons: number }> = {
    '150302': { households: 0, persons: 0 },
    '150303': { households: 0, persons: 0 },
    '150304': { households: 0, persons: 0 },
  };
  const byHukou: CitySummary['byHukou'] = { urban: { households: 0, persons: 0 }, rural: { households: 0, persons: 0 } };
  const ages = { under16: 0, from16to59: 0, over60: 0 };
  const students: CitySummary['students'] = { preschool: 0, primary: 0, junior: 0, senior: 0, vocational: 0, boarding: 0, admission: 0 };
  let disabled = 0;
  let minority = 0;
  let canWork = 0;
  let employed = 0;
  let below = 0;
  let qualifying = 0;
  let tekun = 0;
  let crowded = 0;

  for (const { facts } of households) {
    const size = facts.members.length;
    count++;
    persons += size;
    bySize[String(Math.min(size, 6)) as keyof CitySummary['bySize']]++;
    byArea[facts.area].households++;
    byArea[facts.area].persons += size;
    byHukou[facts.hukou].households++;
    byHukou[facts.hukou].persons += size;
    let income = 0;
    for (const m of facts.members) {
      const age = ageOn(m.birthDate, today);
      if (age < 16) ages.under16++;
      else if (age < 60) ages.from16to59++;
      else ages.over60++;
      if (m.disability) disabled++;
      if (m.minority) minority++;
      if (m.school) {
        students[m.school.level]++;
        if (m.school.boarding) students.boarding++;
      }
      if (m.admission) students.admission++;
      if (m.canWork) canWork++;
      if (m.employed) employed++;
      if (m.tekun) tekun++;
      income += m.monthlyIncomeFen;
    }
    const std = standard[facts.hukou];
    if (income < std * size) {
      below++;
      if (passesDibaoAssets(facts, std)) qualifying++;
    }
    if (facts.livingAreaM2 < 15 * size) crowded++;
  }

  const area = (code: AreaCode) => ({ ...byArea[code], share: persons === 0 ? 0 : byArea[code].persons / persons });
  return {
    households: count,
    persons,
    averageSize: count === 0 ? 0 : persons / count,
    bySize,
    byArea: { '150302': area('150302'), '150303': area('150303'), '150304': area('150304') },
    byHukou,
    ageBands: { under16: share(ages.under16, persons), from16to59: share(ages.from16to59, persons), over60: share(ages.over60, persons) },
    disability: share(disabled, persons),
    minority: share(minority, persons),
    students,
    canWork,
    employed,
    belowStandard: share(below, count),
    qualifyingDibao: share(qualifying, count),
    tekun,
    crowded: share(crowded, count),
  };
}
