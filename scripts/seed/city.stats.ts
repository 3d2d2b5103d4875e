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
 * Running counts over households added one at a time (for streams that are not plain iterables,
 * e.g. while writing a file); `summarise` is the one-call form.
 */
export class CityTally {
  private readonly standard: Record<'urban' | 'rural', number>;
  private households = 0;
  private persons = 0;
  private readonly bySize: CitySummary['bySize'] = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, '6': 0 };
  private readonly byArea: Record<AreaCode, { households: number; persons: number }> = {
    '150302': { households: 0, persons: 0 },
    '150303': { households: 0, persons: 0 },
    '150304': { households: 0, persons: 0 },
  };
  private readonly byHukou: CitySummary['byHukou'] = { urban: { households: 0, persons: 0 }, rural: { households: 0, persons: 0 } };
  private readonly ages = { under16: 0, from16to59: 0, over60: 0 };
  private readonly students: CitySummary['students'] = { preschool: 0, primary: 0, junior: 0, senior: 0, vocational: 0, boarding: 0, admission: 0 };
  private disabled = 0;
  private minority = 0;
  private canWork = 0;
  private employed = 0;
  private below = 0;
  private qualifying = 0;
  private tekun = 0;
  private crowded = 0;

  /** @param today the date the city was generated for (ages and the dibao standard) */
  constructor(private readonly today: string = DEFAULT_TODAY) {
    this.standard = { urban: dibaoStandardFen('urban', today), rural: dibaoStandardFen('rural', today) };
  }

  add({ facts }: CityHousehold): void {
    const size = facts.members.length;
    this.households++;
    this.persons += size;
    this.bySize[String(Math.min(size, 6)) as keyof CitySummary['bySize']]++;
    this.byArea[facts.area].households++;
    this.byArea[facts.area].persons += size;
    this.byHukou[facts.hukou].households++;
    this.byHukou[facts.hukou].persons += size;
    let income = 0;
    for (const m of facts.members) {
      const age = ageOn(m.birthDate, this.today);
      if (age < 16) this.ages.under16++;
      else if (age < 60) this.ages.from16to59++;
      else this.ages.over60++;
      if (m.disability) this.disabled++;
      if (m.minority) this.minority++;
      if (m.school) {
        this.students[m.school.level]++;
        if (m.school.boarding) this.students.boarding++;
      }
      if (m.admission) this.students.admission++;
      if (m.canWork) this.canWork++;
      if (m.employed) this.employed++;
      if (m.tekun) this.tekun++;
      income += m.monthlyIncomeFen;
    }
    const standard = this.standard[facts.hukou];
    if (income < standard * size) {
      this.below++;
      if (passesDibaoAssets(facts, standard)) this.qualifying++;
    }
    if (facts.livingAreaM2 < 15 * size) this.crowded++;
  }

  result(): CitySummary {
    const { households, persons } = this;
    const area = (code: AreaCode) => ({ ...this.byArea[code], share: persons === 0 ? 0 : this.byArea[code].persons / persons });
    return {
      households,
      persons,
      averageSize: households === 0 ? 0 : persons / households,
      bySize: { ...this.bySize },
      byArea: { '150302': area('150302'), '150303': area('150303'), '150304': area('150304') },
      byHukou: { urban: { ...this.byHukou.urban }, rural: { ...this.byHukou.rural } },
      ageBands: {
        under16: share(this.ages.under16, persons),
        from16to59: share(this.ages.from16to59, persons),
        over60: share(this.ages.over60, persons),
      },
      disability: share(this.disabled, persons),
      minority: share(this.minority, persons),
      students: { ...this.students },
      canWork: this.canWork,
      employed: this.employed,
      belowStandard: share(this.below, households),
      qualifyingDibao: share(this.qualifying, households),
      tekun: this.tekun,
      crowded: share(this.crowded, households),
    };
  }
}

/**
 * Summarises households in one streaming pass (nothing is kept per household).
 * @param households any iterable of generated households (e.g. `generateCity(...)`)
 * @param options.today the date the city was generated for (ages and the dibao standard); default
 * `DEFAULT_TODAY`
 */
export function summarise(households: Iterable<CityHousehold>, options: { today?: string } = {}): CitySummary {
  const tally = new CityTally(options.today ?? DEFAULT_TODAY);
  for (const h of households) tally.add(h);
  return tally.result();
}
