/**
 * The comparison of a verification run (核对; City §18; Reg. Art. 58; shared/contracts/
 * verification-sources.md): what the household declared against what the sources hold for the 12
 * months before the run, per member and source. Pure: the run reads the rows and stores the
 * report; this module only says what was found and which differences are mismatches.
 *
 * The verifier reports, civil affairs decides: the result states facts (what was declared, what
 * was found, where) and never eligibility, an amount of assistance or a refusal.
 *
 * Rules (docs/decisions/0009-verification-comparison.md):
 * - income belongs to the month it was earned: all income rows of one person and month are summed
 *   (two pay dates in one month are one month's income), months are compared one by one against
 *   the declared monthly income, never averaged. Income is taxable income (tax), pensions and
 *   unemployment benefit (social insurance). Wage bases — social-insurance `contribution-base`,
 *   housing-fund `baseFen` — imply the wage already counted; they are reported, never added.
 *   A month is a mismatch when found − declared > max(rate × declared, minimum), the tolerance
 *   being dated parameters of the rules package (default 10 % and 5 000 fen; {@link IncomeTolerance}).
 * - an annual figure (a row whose period is a `YYYY` year) is never divided into months and never a
 *   mismatch: it is listed as an inquiry for a person to resolve
 *   (docs/decisions/0014-income-periods-and-tolerance.md).
 * - household assets: vehicles other than disability-mobility vehicles beyond the declared count,
 *   residential properties beyond the declared count, an active business when none was declared
 *   (or active registered capital above the declared capital), balances above the declared
 *   financial assets. Records are taken in the order the source lists them; those beyond what the
 *   declaration covers are the undeclared ones, and each of their owners gets a mismatch.
 * - hukou: a member the public-security register lists as deceased, or in another household.
 */
import type { MismatchKind } from '@wuhai/contracts';
import type { SourceName } from './verification-sources';

/** The months compared: the 12 full months before the month of `date` (`YYYY-MM-DD`), oldest first. */
export function verificationMonths(date: string): string[] {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const out: string[] = [];
  for (let k = 12; k >= 1; k--) {
    const t = y * 12 + (m - 1) - k;
    out.push(`${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** The years (`YYYY`) the compared months fall in, oldest first: annual figures of these years are read. */
export function verificationYears(months: readonly string[]): string[] {
  return [...new Set(months.map((m) => m.slice(0, 4)))].sort();
}

/** True when a monthly source's period is a `YYYY` year (an annual figure), not a `YYYY-MM` month. */
export function isAnnualPeriod(period: string): boolean {
  return period.length === 4;
}

/**
 * The income tolerance of a run (City §18; verification-sources.md *default* 10 % or 50 yuan a
 * month, whichever is larger), as the rules package's dated parameters give it for the run's date
 * (`verification.income-tolerance-rate`, `verification.income-tolerance-minimum`).
 */
export interface IncomeTolerance {
  /** Share of the declared monthly income, a fraction with at most 4 decimals (0.1 = 10 %). */
  rate: number;
  /** The floor, fen per month. */
  minimumFen: number;
}

/**
 * How far a month's income may exceed the declared monthly income before it is a mismatch:
 * max(rate × `declaredFen` rounded down to the fen, `minimumFen`). Exact in integers for any safe
 * amount (the rate is taken in basis points). For whole-fen amounts, exceeding rate × declared is
 * the same as exceeding its floor.
 */
export function incomeToleranceFen(declaredFen: number, tolerance: IncomeTolerance): number {
  const basisPoints = Math.round(tolerance.rate * 10_000);
  const share = Math.floor(declaredFen / 10_000) * basisPoints + Math.floor(((declaredFen % 10_000) * basisPoints) / 10_000);
  return Math.max(tolerance.minimumFen, share);
}

// the kinds (MISMATCH_KINDS) are part of the report's contract, shared with the gateway
export type { MismatchKind };

/** A member as declared (the registry's record of the household). */
export interface DeclaredMember {
  personId: string;
  idNumber: string;
  name: string;
  /** Declared monthly income, fen. */
  monthlyIncomeFen: number;
}

/** The household's declaration. */
export interface Declaration {
  householdNo: string;
  assets: { financialFen: number; vehicles: number; disabilityVehicles: number; residences: number; businessCapitalFen: number };
  members: DeclaredMember[];
}

/**
 * The rows the sources hold for the household's members, each list in the order the source lists
 * them. A monthly source's `month` is a `YYYY-MM` month, or a `YYYY` year for an annual figure.
 */
export interface SourceRows {
  hukou: { idNumber: string; householdNo: string; relation: string; status: 'alive' | 'deceased'; deathDate: string | null; area: string; hukouType: string }[];
  tax: { idNumber: string; month: string; taxableIncomeFen: number }[];
  socialInsurance: { idNumber: string; month: string; kind: 'pension' | 'unemployment' | 'contribution-base'; amountFen: number }[];
  housingFund: { idNumber: string; month: string; contributionFen: number; baseFen: number }[];
  realEstate: { idNumber: string; propertyId: string; floorAreaM2: number; use: 'residential' | 'commercial' }[];
  business: { idNumber: string; registrationNo: string; registeredCapitalFen: number; status: 'active' | 'revoked' }[];
  vehicles: { idNumber: string; plate: string; kind: 'car' | 'truck' | 'motorcycle' | 'disability-mobility'; valueFen: number }[];
  banks: { idNumber: string; institution: string; kind: 'deposit' | 'securities' | 'insurance'; balanceFen: number; asOf: string }[];
}

/** What one source holds about one member. */
export interface Finding {
  memberId: string;
  source: SourceName;
  found: Record<string, unknown>;
}

/** One difference `{memberId, source, field, declared, found}`, with what lies behind it. */
export interface Mismatch {
  kind: MismatchKind;
  memberId: string;
  source: SourceName;
  /** The declaration's field: `monthlyIncomeFen` (of the member), `assets.*` (of the household), `status`, `householdNo`. */
  field: string;
  declared: string | number;
  found: string | number;
  /** The months or records behind the mismatch. */
  detail: Record<string, unknown>;
  /** One sentence for the clerk, Chinese / English. */
  note: string;
}

/**
 * An annual figure (a source gave only a year's total): not a mismatch, never divided into months;
 * a person must resolve it (ask the member, get the months from the registry).
 */
export interface Inquiry {
  kind: 'annual-figure';
  memberId: string;
  source: 'tax' | 'social-insurance' | 'housing-fund';
  /** `YYYY`. */
  year: string;
  /** What the figure is: `taxableIncomeFen` (tax), `pension` / `unemployment` / `contribution-base` (social insurance), `contributionFen` (housing fund). */
  field: string;
  /** The year's amount, fen: the sum of the year's rows (for a wage base, the highest). */
  amountFen: number;
  /** The member's declared monthly income, fen, for comparison by a person. */
  declaredMonthlyFen: number;
  /** The rows behind it (count; for the housing fund the wage base). */
  detail: Record<string, unknown>;
  /** One sentence for the clerk, Chinese / English. */
  note: string;
}

export interface Comparison {
  findings: Finding[];
  mismatches: Mismatch[];
  /** Annual figures for a person to resolve; never mismatches. */
  inquiries: Inquiry[];
}

const SOURCE_ORDER: readonly SourceName[] = ['hukou', 'tax', 'social-insurance', 'real-estate', 'business', 'housing-fund', 'vehicles', 'banks'];
const SOURCE_ZH: Record<SourceName, string> = {
  hukou: '户籍',
  tax: '税务',
  'social-insurance': '社会保险',
  'real-estate': '不动产登记',
  business: '市场主体登记',
  'housing-fund': '住房公积金',
  vehicles: '车辆登记',
  banks: '金融机构',
};

/** Fen as yuan with two decimals (`123456` → `1234.56`). */
function yuan(fen: number): string {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/**
 * Compares a household's declaration with the source rows of its members for `months`.
 * @param declaration the household as registered (members in household order)
 * @param rows the rows of the sources for the members' ID numbers, each list in source order;
 *   monthly rows outside `months`, and annual rows of other years than theirs, are ignored
 * @param months the `YYYY-MM` months compared (see {@link verificationMonths})
 * @param tolerance the income tolerance in force on the run's date
 * @returns what was found per member and source, every mismatch (ordered by member, source, field)
 *   and every annual figure as an inquiry (ordered by member, source, year, field)
 */
export function compareHousehold(declaration: Declaration, rows: SourceRows, months: readonly string[], tolerance: IncomeTolerance): Comparison {
  const inWindow = new Set(months);
  const years = new Set(verificationYears(months));
  const byId = new Map(declaration.members.map((m) => [m.idNumber, m]));
  const memberOf = (idNumber: string) => byId.get(idNumber);
  const findings: Finding[] = [];
  const mismatches: Mismatch[] = [];
  const position = new Map(declaration.members.map((m, i) => [m.personId, i]));
  const mine = <T extends { idNumber: string }>(list: readonly T[]) => list.filter((r) => byId.has(r.idNumber));
  const monthly = <T extends { idNumber: string; month: string }>(list: readonly T[]) => mine(list).filter((r) => inWindow.has(r.month));
  const annual = <T extends { idNumber: string; month: string }>(list: readonly T[]) => mine(list).filter((r) => isAnnualPeriod(r.month) && years.has(r.month));
  const inquiries: Inquiry[] = [];

  const tax = groupBy(monthly(rows.tax), (r) => r.idNumber);
  const social = groupBy(monthly(rows.socialInsurance), (r) => r.idNumber);
  const fund = groupBy(monthly(rows.housingFund), (r) => r.idNumber);
  const hukou = groupBy(mine(rows.hukou), (r) => r.idNumber);
  const properties = mine(rows.realEstate);
  const businesses = mine(rows.business);
  const vehicles = mine(rows.vehicles);
  const accounts = newestBalances(mine(rows.banks));

  for (const m of declaration.members) {
    // hukou: the last record the register lists for the person
    const h = hukou.get(m.idNumber)?.at(-1);
    if (h) {
      findings.push({ memberId: m.personId, source: 'hukou', found: { householdNo: h.householdNo, relation: h.relation, status: h.status, deathDate: h.deathDate, area: h.area, hukouType: h.hukouType } });
      if (h.status === 'deceased') {
        mismatches.push({
          kind: 'member-deceased',
          memberId: m.personId,
          source: 'hukou',
          field: 'status',
          declared: 'alive',
          found: 'deceased',
          detail: { deathDate: h.deathDate },
          note: `${m.name}：户籍登记为已死亡（${h.deathDate ?? '日期不详'}），申报中仍为家庭成员 / the hukou register lists ${m.name} as deceased (${h.deathDate ?? 'date unknown'}) while the declaration still counts them`,
        });
      }
      if (h.householdNo !== declaration.householdNo) {
        mismatches.push({
          kind: 'registered-in-another-household',
          memberId: m.personId,
          source: 'hukou',
          field: 'householdNo',
          declared: declaration.householdNo,
          found: h.householdNo,
          detail: { relation: h.relation, area: h.area },
          note: `${m.name}：户籍登记在另一户（户号 ${h.householdNo}） / the hukou register places ${m.name} in another household (${h.householdNo})`,
        });
      }
    }

    // income, month by month
    const taxRows = tax.get(m.idNumber) ?? [];
    const socialRows = social.get(m.idNumber) ?? [];
    const fundRows = fund.get(m.idNumber) ?? [];
    const perMonth = new Map<string, { tax: number; payments: number; pension: number; unemployment: number; contributionBase: number }>();
    const at = (month: string) => {
      let v = perMonth.get(month);
      if (!v) perMonth.set(month, (v = { tax: 0, payments: 0, pension: 0, unemployment: 0, contributionBase: 0 }));
      return v;
    };
    for (const r of taxRows) {
      const v = at(r.month);
      v.tax += r.taxableIncomeFen;
      v.payments++;
    }
    for (const r of socialRows) {
      const v = at(r.month);
      if (r.kind === 'pension') v.pension += r.amountFen;
      else if (r.kind === 'unemployment') v.unemployment += r.amountFen;
      else v.contributionBase = Math.max(v.contributionBase, r.amountFen); // a wage base, not income
    }
    const sorted = [...perMonth.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    if (taxRows.length) {
      findings.push({
        memberId: m.personId,
        source: 'tax',
        found: { months: sorted.filter(([, v]) => v.payments > 0).map(([month, v]) => ({ month, taxableIncomeFen: v.tax, payments: v.payments })) },
      });
    }
    if (socialRows.length) {
      findings.push({
        memberId: m.personId,
        source: 'social-insurance',
        found: {
          months: sorted
            .filter(([month]) => socialRows.some((r) => r.month === month))
            .map(([month, v]) => ({ month, pensionFen: v.pension, unemploymentFen: v.unemployment, contributionBaseFen: v.contributionBase })),
        },
      });
    }
    if (fundRows.length) {
      const byMonth = groupBy(fundRows, (r) => r.month);
      findings.push({
        memberId: m.personId,
        source: 'housing-fund',
        found: {
          months: [...byMonth.entries()]
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([month, list]) => ({ month, contributionFen: list.reduce((s, r) => s + r.contributionFen, 0), baseFen: Math.max(...list.map((r) => r.baseFen)) })),
        },
      });
    }
    inquiries.push(...annualInquiries(m, rows, annual));

    const allowed = incomeToleranceFen(m.monthlyIncomeFen, tolerance);
    const above = new Map<SourceName, { month: string; foundFen: number; bySource: Record<string, number> }[]>();
    for (const [month, v] of sorted) {
      const benefits = v.pension + v.unemployment;
      const total = v.tax + benefits;
      if (total - m.monthlyIncomeFen <= allowed) continue;
      // the month's excess is named after the source that contributes most to it
      const source: SourceName = v.tax >= benefits ? 'tax' : 'social-insurance';
      const bySource: Record<string, number> = {};
      if (v.payments) bySource.tax = v.tax;
      if (benefits) bySource['social-insurance'] = benefits;
      const list = above.get(source) ?? [];
      list.push({ month, foundFen: total, bySource });
      above.set(source, list);
    }
    for (const [source, list] of above) {
      const highest = Math.max(...list.map((x) => x.foundFen));
      mismatches.push({
        kind: 'income-above-declared',
        memberId: m.personId,
        source,
        field: 'monthlyIncomeFen',
        declared: m.monthlyIncomeFen,
        found: highest,
        detail: { months: list, toleranceFen: allowed },
        note:
          `${m.name}：${SOURCE_ZH[source]}记录 ${list.length} 个月的收入高于申报月收入 ${yuan(m.monthlyIncomeFen)} 元（超过容差 ${yuan(allowed)} 元），最高 ${yuan(highest)} 元` +
          ` / ${source}: ${m.name}'s income in ${list.length} month(s) is above the declared ${yuan(m.monthlyIncomeFen)} yuan a month by more than the tolerance of ${yuan(allowed)} yuan (highest ${yuan(highest)} yuan)`,
      });
    }

    const own = <T extends { idNumber: string }>(list: readonly T[]) => list.filter((r) => r.idNumber === m.idNumber);
    const ownProperties = own(properties);
    if (ownProperties.length) findings.push({ memberId: m.personId, source: 'real-estate', found: { properties: ownProperties.map(({ idNumber: _, ...p }) => p) } });
    const ownBusinesses = own(businesses);
    if (ownBusinesses.length) findings.push({ memberId: m.personId, source: 'business', found: { businesses: ownBusinesses.map(({ idNumber: _, ...b }) => b) } });
    const ownVehicles = own(vehicles);
    if (ownVehicles.length) findings.push({ memberId: m.personId, source: 'vehicles', found: { vehicles: ownVehicles.map(({ idNumber: _, ...v }) => v) } });
    const ownAccounts = own(accounts);
    if (ownAccounts.length) findings.push({ memberId: m.personId, source: 'banks', found: { accounts: ownAccounts.map(({ idNumber: _, ...a }) => a) } });
  }

  const assets = declaration.assets;
  // vehicles: a disability-mobility vehicle is never a mismatch
  const counted = vehicles.filter((v) => v.kind !== 'disability-mobility');
  for (const [idNumber, extra] of groupBy(counted.slice(assets.vehicles), (v) => v.idNumber)) {
    const m = memberOf(idNumber)!;
    mismatches.push({
      kind: 'undeclared-vehicle',
      memberId: m.personId,
      source: 'vehicles',
      field: 'assets.vehicles',
      declared: assets.vehicles,
      found: counted.length,
      detail: { vehicles: extra.map(({ idNumber: _, ...v }) => v) },
      note: `${m.name}：车辆登记有 ${extra.length} 辆未申报的机动车（申报 ${assets.vehicles} 辆，登记 ${counted.length} 辆） / vehicle register: ${extra.length} undeclared vehicle(s) of ${m.name} (declared ${assets.vehicles}, registered ${counted.length})`,
    });
  }
  const residences = properties.filter((p) => p.use === 'residential');
  for (const [idNumber, extra] of groupBy(residences.slice(assets.residences), (p) => p.idNumber)) {
    const m = memberOf(idNumber)!;
    mismatches.push({
      kind: 'residence-beyond-declared',
      memberId: m.personId,
      source: 'real-estate',
      field: 'assets.residences',
      declared: assets.residences,
      found: residences.length,
      detail: { properties: extra.map(({ idNumber: _, ...p }) => p) },
      note: `${m.name}：不动产登记的住宅多于申报（申报 ${assets.residences} 套，登记 ${residences.length} 套） / real-estate register: more residences than declared (${assets.residences} declared, ${residences.length} registered), ${extra.length} of them ${m.name}'s`,
    });
  }
  const active = businesses.filter((b) => b.status === 'active');
  const activeCapital = active.reduce((s, b) => s + b.registeredCapitalFen, 0);
  const undeclaredBusinesses = assets.businessCapitalFen === 0 ? active : beyond(active, (b) => b.registeredCapitalFen, assets.businessCapitalFen);
  for (const [idNumber, extra] of groupBy(undeclaredBusinesses, (b) => b.idNumber)) {
    const m = memberOf(idNumber)!;
    mismatches.push({
      kind: 'undeclared-business',
      memberId: m.personId,
      source: 'business',
      field: 'assets.businessCapitalFen',
      declared: assets.businessCapitalFen,
      found: activeCapital,
      detail: { businesses: extra.map(({ idNumber: _, ...b }) => b) },
      note: `${m.name}：市场主体登记有存续经营主体，注册资本合计 ${yuan(activeCapital)} 元，申报 ${yuan(assets.businessCapitalFen)} 元 / business register: ${m.name} has an active business; registered capital ${yuan(activeCapital)} yuan against ${yuan(assets.businessCapitalFen)} declared`,
    });
  }
  const balance = accounts.reduce((s, a) => s + a.balanceFen, 0);
  for (const [idNumber, extra] of groupBy(beyond(accounts, (a) => a.balanceFen, assets.financialFen), (a) => a.idNumber)) {
    const m = memberOf(idNumber)!;
    mismatches.push({
      kind: 'financial-assets-above-declared',
      memberId: m.personId,
      source: 'banks',
      field: 'assets.financialFen',
      declared: assets.financialFen,
      found: balance,
      detail: { accounts: extra.map(({ idNumber: _, ...a }) => a) },
      note: `${m.name}：金融机构余额合计 ${yuan(balance)} 元，高于申报的金融资产 ${yuan(assets.financialFen)} 元 / financial institutions: balances of ${yuan(balance)} yuan, above the declared financial assets of ${yuan(assets.financialFen)} yuan (${m.name}'s accounts)`,
    });
  }

  const rank = (x: { memberId: string; source: SourceName }) => [position.get(x.memberId) ?? 0, SOURCE_ORDER.indexOf(x.source)] as const;
  findings.sort((a, b) => compareRank(rank(a), rank(b)));
  mismatches.sort((a, b) => compareRank(rank(a), rank(b)) || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
  inquiries.sort((a, b) => compareRank(rank(a), rank(b)) || (a.year < b.year ? -1 : a.year > b.year ? 1 : a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
  return { findings, mismatches, inquiries };
}

const INQUIRY_FIELDS: Record<string, { zh: string; en: string }> = {
  taxableIncomeFen: { zh: '应税收入', en: 'taxable income' },
  pension: { zh: '养老金', en: 'pension' },
  unemployment: { zh: '失业保险金', en: 'unemployment benefit' },
  'contribution-base': { zh: '缴费基数', en: 'contribution base' },
  contributionFen: { zh: '住房公积金缴存额', en: 'housing-fund contributions' },
};

/**
 * The annual figures of one member as inquiries: per source, year and field, the year's sum (for a
 * wage base, the highest), in source order. Never divided into months.
 */
function annualInquiries(
  m: DeclaredMember,
  rows: SourceRows,
  annual: <T extends { idNumber: string; month: string }>(list: readonly T[]) => T[],
): Inquiry[] {
  const own = <T extends { idNumber: string }>(list: readonly T[]) => list.filter((r) => r.idNumber === m.idNumber);
  const out = new Map<string, Inquiry>();
  const add = (source: Inquiry['source'], year: string, field: string, amount: number, combine: 'sum' | 'max', detail: Record<string, unknown> = {}) => {
    const key = `${source} ${year} ${field}`;
    const seen = out.get(key);
    if (seen) {
      seen.amountFen = combine === 'sum' ? seen.amountFen + amount : Math.max(seen.amountFen, amount);
      seen.detail.rows = Number(seen.detail.rows) + 1;
      for (const [k, v] of Object.entries(detail)) seen.detail[k] = Math.max(Number(seen.detail[k] ?? 0), Number(v));
      return;
    }
    out.set(key, { kind: 'annual-figure', memberId: m.personId, source, year, field, amountFen: amount, declaredMonthlyFen: m.monthlyIncomeFen, detail: { rows: 1, ...detail }, note: '' });
  };
  for (const r of own(annual(rows.tax))) add('tax', r.month, 'taxableIncomeFen', r.taxableIncomeFen, 'sum');
  for (const r of own(annual(rows.socialInsurance))) add('social-insurance', r.month, r.kind, r.amountFen, r.kind === 'contribution-base' ? 'max' : 'sum');
  for (const r of own(annual(rows.housingFund))) add('housing-fund', r.month, 'contributionFen', r.contributionFen, 'sum', { baseFen: r.baseFen });
  return [...out.values()].map((q) => {
    const f = INQUIRY_FIELDS[q.field] ?? { zh: q.field, en: q.field };
    return {
      ...q,
      note:
        `${m.name}：${SOURCE_ZH[q.source]}只有 ${q.year} 年的年度数（${f.zh} ${yuan(q.amountFen)} 元），不按月核对，也不折算到各月；申报月收入 ${yuan(m.monthlyIncomeFen)} 元，请人工核实各月收入` +
        ` / ${q.source}: only an annual figure for ${q.year} for ${m.name} (${f.en} ${yuan(q.amountFen)} yuan); it is neither compared month by month nor divided into months; declared ${yuan(m.monthlyIncomeFen)} yuan a month — a person must look into it`,
    };
  });
}

function compareRank(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * The records beyond a declared total, in the given order: the one whose amount takes the running
 * sum above `declared` and every one after it.
 */
function beyond<T>(records: readonly T[], amount: (r: T) => number, declared: number): T[] {
  let sum = 0;
  for (let i = 0; i < records.length; i++) {
    sum += amount(records[i]!);
    if (sum > declared) return records.slice(i);
  }
  return [];
}

/** Per person, the balances of the newest `asOf` only (an extract may hold several statements). */
function newestBalances(rows: SourceRows['banks']): SourceRows['banks'] {
  const newest = new Map<string, string>();
  for (const r of rows) if ((newest.get(r.idNumber) ?? '') < r.asOf) newest.set(r.idNumber, r.asOf);
  return rows.filter((r) => r.asOf === newest.get(r.idNumber));
}
