/**
 * The eight verification-source extracts (shared/contracts/verification-sources.md) for the
 * synthetic city's own people, consistent with each household's declaration for the 12 months
 * before the city's `today`, plus a known set of planted discrepancies (City §18 verification must
 * find exactly these).
 *
 * What the sources say about a household nobody planted anything in:
 * - hukou: every member, alive, in the household's own register number, area and hukou type.
 * - income, per member and month (the month it was earned): a wage earner's taxable income is
 *   92–100% of the declared income, sometimes paid on two dates in one month (two tax rows whose
 *   sum is that month's income — never to be averaged); a pension, unemployment benefit or resident
 *   pension equals the declared income. Nothing found exceeds what the member declared.
 * - wage bases (social-insurance `contribution-base`, housing-fund `baseFen`) are at most the
 *   declared income; `contributionFen` is the monthly deposit, employee and employer together
 *   (2 × 5–12% of the base). They imply wages; they are not income on top of the wage.
 * - assets exactly as declared: one residential property per declared residence (the first one
 *   of the declared living area when the home is owned), one vehicle per declared vehicle
 *   (`disability-mobility` for declared disability vehicles), one active business carrying the
 *   declared capital (some such households also have an old, revoked one), and accounts whose
 *   balances sum to the declared financial assets exactly.
 *
 * Planted (one kind per household, at least 3 of each kind per 2 000 households, listed in
 * `planted.json`): hidden wages, an undeclared car, a second residence, a business, large deposits,
 * a deceased member still declared, a member registered in another household. Tempting but
 * harmless records (two pay dates in one month, a revoked business) are listed in `benign.json`.
 *
 * Annual figures (an extension of the contract: a `month` of `YYYY`; docs/decisions/
 * 0014-income-periods-and-tolerance.md): one household in 2 000 (at least one) whose member's
 * declared income is in no registry gets a tax row giving only a year's total, 1.5 times the
 * declared income of twelve months — averaged it would look like a hidden wage, but a verification
 * must list it as an inquiry for a person, never as a mismatch. Listed in `inquiries.json`.
 *
 * Deterministic for a seed (the city's own stream plus a second one for the extracts); streaming:
 * rows are written as households are generated, and only the planted lists are kept.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import path from 'node:path';
import { stringify, type Stringifier } from 'csv-stringify';
import type { HouseholdFacts, MemberFacts } from '../../packages/contracts/src/household.schema';
import { ageOn, dibaoStandardFen, generateCity, type CityHousehold } from './city';
import { Dice } from './random';
import { SOURCE_FILES, SOURCE_NAMES, type SourceName } from '../sources/formats';

/** The kinds of planted discrepancy, each with the source that reveals it. */
export const PLANTED_KINDS = {
  'hidden-wages': 'tax',
  'undeclared-car': 'vehicles',
  'second-residence': 'real-estate',
  business: 'business',
  'large-deposits': 'banks',
  'deceased-member': 'hukou',
  'other-household': 'hukou',
} as const satisfies Record<string, SourceName>;
export type PlantedKind = keyof typeof PLANTED_KINDS;
export const PLANTED_KIND_NAMES = Object.keys(PLANTED_KINDS) as PlantedKind[];

/** One entry of `planted.json` (and, with a benign kind, of `benign.json`). */
export interface PlantedRecord {
  householdNo: string;
  /** The member the source names (for assets: the owner it lists). */
  memberIdNumber: string;
  kind: PlantedKind | BenignKind | InquiryKind;
  source: SourceName;
  /** What was declared and what the source holds; amounts in fen, areas in m². */
  detail: Record<string, unknown>;
}

/** Harmless records a verifier must not report: listed in `benign.json`. */
export type BenignKind = 'two-pay-dates' | 'revoked-business';

/** Records a verifier must list as inquiries (never mismatches): listed in `inquiries.json`. */
export type InquiryKind = 'annual-figure';

export interface ExtractOptions {
  households: number;
  seed: number;
  /** `YYYY-MM-DD`: the city's date; the extracts cover the 12 months before its month. */
  today: string;
}

export interface ExtractsWritten {
  dir: string;
  /** The 12 months covered, oldest first. */
  months: string[];
  /** Data rows written per source (headers not counted). */
  rows: Record<SourceName, number>;
  planted: PlantedRecord[];
  benign: PlantedRecord[];
  /** Annual-only figures a verification must list as inquiries (always written by `writeExtracts`). */
  inquiries?: PlantedRecord[];
}

type Row = (string | number)[];

/**
 * Writes the eight extracts (`hukou.csv`, `tax.csv`, … as the contract names them), `planted.json`
 * and `benign.json` into `dir` (created when missing) for the city `generateCity(options)` yields.
 * @returns the months covered, rows per file and the planted and benign lists
 * @throws Error for invalid options (as generateCity) or when `dir` cannot be written
 */
export async function writeExtracts(dir: string, options: ExtractOptions): Promise<ExtractsWritten> {
  const city = generateCity(options);
  const builder = new ExtractBuilder(options.seed, options.today);
  await mkdir(dir, { recursive: true });
  const writers = {} as Record<SourceName, { csv: Stringifier; done: Promise<void> }>;
  for (const source of SOURCE_NAMES) {
    const csv = stringify({ header: true, columns: [...SOURCE_FILES[source].columns] });
    const file = createWriteStream(path.join(dir, SOURCE_FILES[source].file), { encoding: 'utf8' });
    csv.pipe(file);
    writers[source] = { csv, done: finished(file) };
  }
  const rows = Object.fromEntries(SOURCE_NAMES.map((s) => [s, 0])) as Record<SourceName, number>;
  let index = 0;
  for (const household of city) {
    const full = new Set<SourceName>();
    for (const [source, row] of builder.household(household, index++)) {
      rows[source]++;
      if (!writers[source].csv.write(row)) full.add(source);
    }
    // backpressure, once per household: wait until every file that asked for it has drained
    if (full.size) await Promise.all([...full].map((s) => once(writers[s].csv, 'drain')));
  }
  for (const source of SOURCE_NAMES) writers[source].csv.end();
  await Promise.all(SOURCE_NAMES.map((s) => writers[s].done));
  await writeFile(path.join(dir, 'planted.json'), `${JSON.stringify(builder.planted, null, 2)}\n`);
  await writeFile(path.join(dir, 'benign.json'), `${JSON.stringify(builder.benign, null, 2)}\n`);
  await writeFile(path.join(dir, 'inquiries.json'), `${JSON.stringify(builder.inquiries, null, 2)}\n`);
  return { dir, months: builder.months, rows, planted: builder.planted, benign: builder.benign, inquiries: builder.inquiries };
}

/** The 12 months (`YYYY-MM`) before the month of `today`, oldest first. */
export function monthsBefore(today: string): string[] {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const out: string[] = [];
  for (let k = 12; k >= 1; k--) {
    const t = y * 12 + (m - 1) - k;
    out.push(`${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** The last day of `month` (`YYYY-MM`), `YYYY-MM-DD`. */
function lastDayOf(month: string): string {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0));
  return d.toISOString().slice(0, 10);
}

const BANKS = ['中国工商银行乌海分行', '中国农业银行乌海分行', '中国银行乌海分行', '中国建设银行乌海分行', '乌海银行', '内蒙古农村信用社乌海分社', '中国邮政储蓄银行乌海分行'];
const BROKERS = ['国泰君安证券乌海营业部', '华泰证券乌海营业部'];
const INSURERS = ['中国人寿保险乌海分公司', '中国平安人寿乌海中心支公司'];
/** Characters of a plate after 蒙C (no I or O). */
const PLATE_CHARS = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** How many of each planted kind may exist after `index` households: 3 at first, one more per 500. */
const quota = (index: number) => 3 + Math.floor(index / 500);
/** Share of households considered for a planted discrepancy (while a kind's quota has room). */
const PLANT_CHANCE = 0.15;

/** Builds the rows of each household, deciding what to plant; holds only counters and the lists. */
class ExtractBuilder {
  readonly months: string[];
  readonly planted: PlantedRecord[] = [];
  readonly benign: PlantedRecord[] = [];
  readonly inquiries: PlantedRecord[] = [];
  private readonly dice: Dice;
  private readonly asOf: string;
  private readonly count = Object.fromEntries(PLANTED_KIND_NAMES.map((k) => [k, 0])) as Record<PlantedKind, number>;
  private serial = 0;
  private plates = 0;

  constructor(
    seed: number,
    private readonly today: string,
  ) {
    // a stream of its own, so the city itself stays what generateCity makes of the seed
    this.dice = new Dice((Math.imul(seed, 0x9e3779b1) ^ 0x5eed) | 0);
    this.months = monthsBefore(today);
    this.asOf = lastDayOf(this.months[this.months.length - 1]!);
  }

  /** The rows of one household, in file order per source. */
  household(h: CityHousehold, index: number): [SourceName, Row][] {
    const rows: [SourceName, Row][] = [];
    const facts = h.facts as HouseholdFacts;
    const members = facts.members as MemberFacts[];
    const plan = this.plan(h, index);
    const deceased = plan?.kind === 'deceased-member' ? plan : undefined;
    const deathMonth = deceased ? String(deceased.detail.deathDate).slice(0, 7) : undefined;

    // hukou
    for (const m of members) {
      let householdNo = h.householdNo;
      let relation: string = m.relation;
      let status = 'alive';
      let deathDate = '';
      if (plan && plan.kind === 'other-household' && plan.memberIdNumber === m.idNumber) {
        householdNo = String(plan.detail.foundHouseholdNo);
        relation = 'head';
      }
      if (deceased && deceased.memberIdNumber === m.idNumber) {
        status = 'deceased';
        deathDate = String(deceased.detail.deathDate);
      }
      rows.push(['hukou', [m.idNumber!, m.name, m.sex, m.birthDate, householdNo, relation, facts.area, facts.hukou, status, deathDate]]);
    }

    // income, per member and month
    for (const m of members) {
      const alive = (month: string) => !(deceased?.memberIdNumber === m.idNumber && deathMonth !== undefined && month >= deathMonth);
      for (const r of this.incomeRows(h, m, alive)) rows.push(r);
      if (plan?.kind === 'hidden-wages' && plan.memberIdNumber === m.idNumber) {
        for (const month of this.months) rows.push(['tax', [m.idNumber!, month, Number(plan.detail.foundMonthlyFen)]]);
      }
    }
    const annual = plan ? undefined : this.planAnnualFigure(h, index);
    if (annual) rows.push(['tax', [annual.memberIdNumber, String(annual.detail.year), Number(annual.detail.amountFen)]]);

    // assets
    for (const r of this.assetRows(h, plan)) rows.push(r);
    return rows;
  }

  /**
   * One household in 2 000 (the first that qualifies): a member whose declared income is in no
   * registry (not employed, no pension or benefit) gets a tax row of a year's total only. Uses no
   * dice, so the rest of the city is as before.
   */
  private planAnnualFigure(h: CityHousehold, index: number): PlantedRecord | undefined {
    if (this.inquiries.length >= 1 + Math.floor(index / 2000)) return undefined;
    const members = (h.facts as HouseholdFacts).members as MemberFacts[];
    const m = members.find((x) => {
      const age = ageOn(x.birthDate, this.today);
      const benefit = (x.pensionInsured && age >= 50) || (age >= 60 && x.monthlyIncomeFen <= 30_000) || (x.canWork && x.monthlyIncomeFen >= 90_000 && x.monthlyIncomeFen <= 120_000);
      return x.monthlyIncomeFen > 0 && !x.employed && !benefit;
    });
    if (!m) return undefined;
    const year = this.months[0]!.slice(0, 4);
    const record: PlantedRecord = {
      householdNo: h.householdNo,
      memberIdNumber: m.idNumber!,
      kind: 'annual-figure',
      source: 'tax',
      detail: { year, amountFen: m.monthlyIncomeFen * 18, declaredMonthlyFen: m.monthlyIncomeFen },
    };
    this.inquiries.push(record);
    return record;
  }

  /** Decides whether this household gets a planted discrepancy, and which. */
  private plan(h: CityHousehold, index: number): PlantedRecord | undefined {
    const d = this.dice;
    if (!d.chance(PLANT_CHANCE)) return undefined;
    for (let k = 0; k < PLANTED_KIND_NAMES.length; k++) {
      const kind = PLANTED_KIND_NAMES[(index + k) % PLANTED_KIND_NAMES.length]!;
      if (this.count[kind] >= quota(index)) continue;
      const record = this.tryPlant(kind, h);
      if (record) {
        this.count[kind]++;
        this.planted.push(record);
        return record;
      }
    }
    return undefined;
  }

  private tryPlant(kind: PlantedKind, h: CityHousehold): PlantedRecord | undefined {
    const d = this.dice;
    const facts = h.facts as HouseholdFacts;
    const members = facts.members as MemberFacts[];
    const head = members[0]!;
    const age = (m: MemberFacts) => ageOn(m.birthDate, this.today);
    const base = { householdNo: h.householdNo, kind, source: PLANTED_KINDS[kind] };
    switch (kind) {
      case 'hidden-wages': {
        const m = members.find((x) => x.canWork && !x.employed && age(x) >= 18 && age(x) <= 59);
        if (!m) return undefined;
        const declared = m.monthlyIncomeFen;
        const found = declared + Math.max(150_000, Math.ceil((declared * 0.5) / 100) * 100) + d.int(0, 100) * 1000;
        return { ...base, memberIdNumber: m.idNumber!, detail: { declaredMonthlyFen: declared, foundMonthlyFen: found, months: this.months } };
      }
      case 'undeclared-car': {
        if (facts.assets.vehicles !== 0 || age(head) < 18) return undefined;
        return { ...base, memberIdNumber: head.idNumber!, detail: { declaredVehicles: 0, plate: this.plate(), kind: 'car', valueFen: d.int(30, 150) * 1_000_00 } };
      }
      case 'second-residence': {
        if (facts.assets.residences !== 1 || !facts.homeOwned) return undefined;
        return {
          ...base,
          memberIdNumber: head.idNumber!,
          detail: { declaredResidences: 1, foundResidences: 2, propertyId: this.propertyId(), floorAreaM2: d.int(450, 1300) / 10, use: 'residential' },
        };
      }
      case 'business': {
        if (facts.assets.businessCapitalFen !== 0) return undefined;
        const owner = members.find((x) => age(x) >= 18 && age(x) <= 65);
        if (!owner) return undefined;
        return {
          ...base,
          memberIdNumber: owner.idNumber!,
          detail: { declaredCapitalFen: 0, registrationNo: this.registrationNo(), registeredCapitalFen: d.int(50, 500) * 1000_00, status: 'active' },
        };
      }
      case 'large-deposits': {
        if (age(head) < 18) return undefined;
        const limit = 24 * dibaoStandardFen(facts.hukou, this.today) * members.length;
        const deposit = limit + d.int(50, 200) * 1000_00;
        return {
          ...base,
          memberIdNumber: head.idNumber!,
          detail: { declaredFen: facts.assets.financialFen, foundFen: facts.assets.financialFen + deposit, depositFen: deposit, institution: d.pick(BANKS) },
        };
      }
      case 'deceased-member': {
        const earliest = `${this.months[2]!}-01`;
        const candidates = members.slice(1).filter((x) => x.birthDate < earliest);
        if (candidates.length === 0) return undefined;
        const m = candidates.reduce((a, b) => (b.birthDate < a.birthDate ? b : a));
        const month = this.months[d.int(2, 10)]!;
        return { ...base, memberIdNumber: m.idNumber!, detail: { deathDate: `${month}-${String(d.int(1, 28)).padStart(2, '0')}`, stillDeclared: true } };
      }
      case 'other-household': {
        const m = members.slice(1).find((x) => age(x) >= 16);
        if (!m) return undefined;
        return {
          ...base,
          memberIdNumber: m.idNumber!,
          detail: { declaredHouseholdNo: h.householdNo, foundHouseholdNo: `${facts.area}9${String(++this.serial).padStart(8, '0')}` },
        };
      }
    }
  }

  /** A member's income records for the 12 months, none above what the member declared. */
  private *incomeRows(h: CityHousehold, m: MemberFacts, alive: (month: string) => boolean): Generator<[SourceName, Row]> {
    const d = this.dice;
    const declared = m.monthlyIncomeFen;
    if (declared <= 0) return;
    const id = m.idNumber!;
    const age = ageOn(m.birthDate, this.today);
    if (m.employed) {
      const wageBase = Math.floor((declared * d.between(0.8, 1)) / 100) * 100;
      const fund = m.pensionInsured && d.chance(0.55) ? 2 * d.pick([0.05, 0.08, 0.1, 0.12]) : 0;
      for (const month of this.months) {
        if (!alive(month)) continue;
        const wage = Math.floor((declared * d.between(0.92, 1)) / 100) * 100;
        if (wage > 0 && d.chance(0.002)) {
          // paid on two dates in this month: two rows, together this month's wage
          const first = Math.floor((wage * d.between(0.3, 0.7)) / 100) * 100;
          yield ['tax', [id, month, first]];
          yield ['tax', [id, month, wage - first]];
          this.benign.push({ householdNo: h.householdNo, memberIdNumber: id, kind: 'two-pay-dates', source: 'tax', detail: { month, rowsFen: [first, wage - first], declaredMonthlyFen: declared } });
        } else {
          yield ['tax', [id, month, wage]];
        }
        if (m.pensionInsured) yield ['social-insurance', [id, month, 'contribution-base', wageBase]];
        if (fund > 0) yield ['housing-fund', [id, month, Math.round(wageBase * fund), wageBase]];
      }
      return;
    }
    let kind: 'pension' | 'unemployment' | undefined;
    if (m.pensionInsured && age >= 50) kind = 'pension';
    else if (age >= 60 && declared <= 30_000) kind = 'pension'; // urban-rural resident pension
    else if (m.canWork && declared >= 90_000 && declared <= 120_000) kind = 'unemployment';
    if (!kind) return; // support from relatives and the like: in no registry
    for (const month of this.months) if (alive(month)) yield ['social-insurance', [id, month, kind, declared]];
  }

  /** Properties, businesses, vehicles and accounts as declared, plus what `plan` adds. */
  private *assetRows(h: CityHousehold, plan: PlantedRecord | undefined): Generator<[SourceName, Row]> {
    const d = this.dice;
    const facts = h.facts as HouseholdFacts;
    const members = facts.members as MemberFacts[];
    const adults = members.filter((m) => ageOn(m.birthDate, this.today) >= 18);
    const owners = adults.length ? adults.slice(0, 2) : [members[0]!];
    const owner = (k: number) => owners[k % owners.length]!.idNumber!;

    for (let k = 0; k < facts.assets.residences; k++) {
      const area = k === 0 && facts.homeOwned ? facts.livingAreaM2 : d.int(400, 1400) / 10;
      yield ['real-estate', [owner(k), this.propertyId(), area, 'residential']];
    }
    if (plan?.kind === 'second-residence') yield ['real-estate', [plan.memberIdNumber, String(plan.detail.propertyId), Number(plan.detail.floorAreaM2), 'residential']];

    if (facts.assets.businessCapitalFen > 0) {
      yield ['business', [owner(0), this.registrationNo(), facts.assets.businessCapitalFen, 'active']];
      if (d.chance(0.08)) {
        const registrationNo = this.registrationNo();
        const capital = d.int(10, 200) * 1000_00;
        yield ['business', [owner(0), registrationNo, capital, 'revoked']];
        this.benign.push({ householdNo: h.householdNo, memberIdNumber: owner(0), kind: 'revoked-business', source: 'business', detail: { registrationNo, registeredCapitalFen: capital, status: 'revoked' } });
      }
    }
    if (plan?.kind === 'business') yield ['business', [plan.memberIdNumber, String(plan.detail.registrationNo), Number(plan.detail.registeredCapitalFen), 'active']];

    for (let k = 0; k < facts.assets.vehicles; k++) {
      const u = d.float();
      const kind = u < 0.82 ? 'car' : u < 0.92 ? 'truck' : 'motorcycle';
      const value = kind === 'motorcycle' ? d.int(3, 15) * 1000_00 : d.int(20, 250) * 1000_00;
      yield ['vehicles', [owner(k), this.plate(), kind, value]];
    }
    const disabled = members.filter((m) => m.disability && m.disability.grade <= 2);
    for (let k = 0; k < facts.assets.disabilityVehicles; k++) {
      yield ['vehicles', [(disabled[k] ?? members[0]!).idNumber!, this.plate(), 'disability-mobility', d.int(3, 20) * 1000_00]];
    }
    if (plan?.kind === 'undeclared-car') yield ['vehicles', [plan.memberIdNumber, String(plan.detail.plate), 'car', Number(plan.detail.valueFen)]];

    // accounts: balances sum to the declared financial assets exactly
    const financial = facts.assets.financialFen;
    if (financial > 0) {
      const parts = financial >= 10_000_00 ? d.int(1, 3) : 1;
      let left = financial;
      for (let k = 0; k < parts; k++) {
        const balance = k === parts - 1 ? left : Math.floor((left * d.between(0.2, 0.7)) / 100) * 100;
        left -= balance;
        const kind = k === 0 ? 'deposit' : d.pick(['deposit', 'securities', 'insurance'] as const);
        const institution = kind === 'deposit' ? d.pick(BANKS) : kind === 'securities' ? d.pick(BROKERS) : d.pick(INSURERS);
        yield ['banks', [owner(k), institution, kind, balance, this.asOf]];
      }
    } else if (d.chance(0.2)) {
      yield ['banks', [owner(0), d.pick(BANKS), 'deposit', 0, this.asOf]];
    }
    if (plan?.kind === 'large-deposits') yield ['banks', [plan.memberIdNumber, String(plan.detail.institution), 'deposit', Number(plan.detail.depositFen), this.asOf]];
  }

  /** 蒙C and five characters, a different plate each time (34⁵ of them). */
  private plate(): string {
    let n = ++this.plates;
    let tail = '';
    for (let k = 0; k < 5; k++) {
      tail = PLATE_CHARS[n % PLATE_CHARS.length]! + tail;
      n = Math.floor(n / PLATE_CHARS.length);
    }
    return `蒙C${tail}`;
  }

  private propertyId(): string {
    return `蒙(${this.today.slice(0, 4)})乌海市不动产权第${String(++this.serial).padStart(7, '0')}号`;
  }

  private registrationNo(): string {
    return `92150300MA${String(++this.serial).padStart(8, '0')}`;
  }
}
