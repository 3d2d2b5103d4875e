import { citeZh as citeZhImport } from '../clauses';
import { parseDate } from '../dates';
import { InvalidInputError, MissingParameterError } from '../errors';
import { assertFen, divRoundHalfUp as divRoundHalfUpImport, rateOfFenRoundedToYuan as rateOfFenRoundedToYuanImport, roundFenHalfUpToYuan as roundFenHalfUpToYuanImport, yuan as yuanImport } from '../money';
import { parameterDefinitions, type ParameterName, type ParameterValue } from '../parameters';
import { parameterSlot, ParameterTable, type ParameterSet } from '../parameter-table';
import { checkHousehold, disabilityZh as disabilityZhImport, memberLabel as memberLabelImport } from '../people';
import type { DibaoClass, Household, Member, Reason, Status, Step } from '../types';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const divRoundHalfUp = divRoundHalfUpImport;
const roundFenHalfUpToYuan = roundFenHalfUpToYuanImport;
const rateOfFenRoundedToYuan = rateOfFenRoundedToYuanImport;
const yuan = yuanImport;
const memberLabel = memberLabelImport;
const disabilityZh = disabilityZhImport;
const citeZh = citeZhImport;

/** Why a member gets a supplement (City §3 重点保障对象). */
export type SupplementBasis = 'disability-grade-1-2' | 'age-80' | 'disability-grade-3-4' | 'age-60' | 'minority';

/** One member's dibao supplement (增发补助金), per month. */
export interface SupplementLine {
  memberId: string;
  /** The highest single applicable rate, e.g. 0.05. */
  rate: number;
  /** The criterion that gave `rate` (ties go to the first in `SupplementBasis` order). */
  basis: SupplementBasis;
  /** Every criterion the member meets, with its rate (only the highest is paid). */
  applicable: { basis: SupplementBasis; rate: number }[];
  /** `rate × standard`, rounded half-up to whole yuan, in fen. */
  amountFen: number;
  clauses: string[];
  /**
   * Chinese sentence naming the member by name (not by id), amounts in yuan, with the citation;
   * empty when evaluated with `explain: false`.
   */
  explanation: string;
}

/** The gradual exit (渐退, City §12) a household is in: payment continues although income rose. */
export interface GradualExit {
  /** The member whose job started the exit period (the latest-ending period when several). */
  memberId: string;
  /** `YYYY-MM-DD` the job started. */
  jobStartedOn: string;
  /** `dibao.gradual-exit-months` in force. */
  months: number;
  /** `YYYY-MM-DD`, the last day still paid (the day before `jobStartedOn` + `months` calendar months). */
  paidThrough: string;
}

/** A refusing member's own share, withheld (City §12; Reg. Art. 45). Fen per month. */
export interface WithheldShare {
  memberId: string;
  refusedReferrals: number;
  /** Household top-up ÷ household size, computed in fen and rounded half-up to whole yuan. */
  topUpShareFen: number;
  /** The member's own supplement (0 when none); it is not paid. */
  supplementFen: number;
  /** `topUpShareFen + supplementFen`. */
  totalFen: number;
}

/** Result of `evaluateDibao`. Money in fen per month. */
export interface DibaoResult {
  status: Status;
  /** A/B/C when ELIGIBLE, else null. */
  dibaoClass: DibaoClass | null;
  /** The standard in force for the household's hukou and area; null when missing. */
  standardFen: number | null;
  /** Members counted: all members except tekun recipients. */
  householdSize: number;
  /** Sum of the counted members' `monthlyIncomeFen`. */
  totalIncomeFen: number;
  /** `totalIncomeFen / householdSize` rounded half-up to fen — display only; null when size is 0. */
  perCapitaIncomeFen: number | null;
  /**
   * Monthly top-up paid, whole yuan in fen: the formula's amount (or, in a gradual exit, the amount
   * being paid) less the shares withheld from members refusing work; 0 when INELIGIBLE; null when
   * under manual review and unknown.
   */
  topUpFen: number | null;
  /** Supplements paid (a refusing member's own supplement is withheld, so absent here). */
  supplements: SupplementLine[];
  /** `topUpFen + Σ supplements`; 0 when INELIGIBLE; null under manual review. */
  totalMonthlyFen: number | null;
  /**
   * Failed tests (INELIGIBLE) or causes of review (NEEDS_MANUAL_REVIEW). When ELIGIBLE, empty
   * unless the normal outcome was changed: `DIBAO.GRADUAL_EXIT`, `DIBAO.WORK_REFUSAL_SHARE_WITHHELD`
   * (one per member, with `memberId`). With `explain: false` the failed tests of an INELIGIBLE
   * result are one list shared (frozen) by every result with the same failed tests.
   */
  reasons: Reason[];
  clauses: string[];
  /**
   * Chinese sentence for the clerk, amounts in yuan, ending with the citation; members by name.
   * Empty when evaluated with `explain: false`.
   */
  explanation: string;
  /**
   * The trace: machine `label` (`DIBAO_STEP_LABELS`), Chinese `labelZh`, `memberId` on member
   * steps. Empty when evaluated with `explain: false`.
   */
  steps: Step[];
  /** Set when payment continues in a gradual exit (City §12). */
  gradualExit: GradualExit | null;
  /** Shares withheld from members refusing work (City §12; Reg. Art. 45), in member order. */
  withheldShares: WithheldShare[];
}

export type { ParameterSet } from '../parameter-table';

/** Options of `evaluateDibao`. */
export interface DibaoOptions {
  /**
   * false: the fast path — the same amounts, statuses, classes, reason codes and clauses, but no
   * steps, no Chinese sentences (explanations are empty, reason messages are fixed per code,
   * without figures; the failed tests of an ineligible result are a list shared by every result
   * with the same failed tests, frozen). Default true.
   */
  explain?: boolean;
  /** Parameter definitions to evaluate with instead of `parameters/*.yaml` (tests, replays). */
  parameters?: ParameterSet;
}

const BASIS_ZH: Record<SupplementBasis, string> = {
  'disability-grade-1-2': '一、二级残疾',
  'age-80': '高龄老年人',
  'disability-grade-3-4': '三、四级残疾',
  'age-60': '老年人',
  minority: '少数民族',
};
const BASIS_PARAMETER: Record<SupplementBasis, ParameterName> = {
  'disability-grade-1-2': 'dibao.supplement.disability-grade-1-2-rate',
  'age-80': 'dibao.supplement.age-80-rate',
  'disability-grade-3-4': 'dibao.supplement.disability-grade-3-4-rate',
  'age-60': 'dibao.supplement.age-60-rate',
  minority: 'dibao.supplement.minority-rate',
};

/**
 * The stable machine keys of the dibao trace (`Step.label`), in the order steps appear. Tools match
 * on these; clerks read `Step.labelZh`.
 */
export const DIBAO_STEP_LABELS = [
  'standard',
  'household-size',
  'total-income',
  'per-capita-income',
  'income-below-standard',
  'financial-asset-multiple',
  'financial-asset-limit',
  'financial-assets',
  'vehicles',
  'residences',
  'business-capital',
  'dibao-class',
  'gradual-exit-months',
  'gradual-exit-until',
  'top-up-exact',
  'top-up',
  'supplement',
  'work-refusal-threshold',
  'work-refusal-share',
  'top-up-paid',
  'total-monthly',
] as const;
export type DibaoStepLabel = (typeof DIBAO_STEP_LABELS)[number];

// ---------------------------------------------------------------------------------------------
// Parameters: resolved once per (asOf, hukou, area) and kept (`ParameterTable`).

const P_STANDARD = parameterSlot('dibao.standard');
const P_MULTIPLE = parameterSlot('dibao.financial-asset-multiple');
const P_MINIMUM_AGE = parameterSlot('employment.minimum-working-age');
const P_ELDERLY_AGE = parameterSlot('person.elderly-age');
const P_OLDEST_AGE = parameterSlot('dibao.supplement.oldest-age');
const P_GRADUAL_EXIT_MONTHS = parameterSlot('dibao.gradual-exit-months');
const P_WORK_REFUSAL_THRESHOLD = parameterSlot('dibao.work-refusal-threshold');

/**
 * Reads a table for one evaluation and records, in the order first asked, the parameters that had
 * no value — only those the evaluation actually needed (as `ParameterReader` does).
 */
class Reader {
  missing: MissingParameterError[] | null = null;
  private table: ParameterTable | null = null;

  /** Starts the reads of one evaluation (one at a time: the computation is synchronous). */
  start(table: ParameterTable): void {
    this.table = table;
    this.missing = null;
  }

  /** The value in slot `i` (`parameterSlot`), or undefined (recorded) when it has none. */
  get(i: number): ParameterValue | undefined {
    const table = this.table!;
    const v = table.value(i);
    if (v === undefined) {
      const e = table.at(i) as MissingParameterError;
      if (this.missing === null) this.missing = [e];
      else if (!this.missing.includes(e)) this.missing.push(e);
    }
    return v;
  }
}

/** The one reader of dibao's computation, started for each household. */
const READER = new Reader();

// ---------------------------------------------------------------------------------------------
// Dates as integers YYYYMMDD: no Date objects, no regular expressions on the hot path.

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}


/**
 * `YYYY-MM-DD` → the integer YYYYMMDD, or -1 when the text is not a real calendar date (exactly
 * the dates `isCalendarDate` accepts). Integer order is calendar order.
 */
export function dateToInt(s: unknown): number {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  // Each digit's value 0–9; anything else is ≥ 10 as an unsigned number (`>>> 0`).
  const y0 = s.charCodeAt(0) - 48;
  const y1 = s.charCodeAt(1) - 48;
  const y2 = s.charCodeAt(2) - 48;
  const y3 = s.charCodeAt(3) - 48;
  const m0 = s.charCodeAt(5) - 48;
  const m1 = s.charCodeAt(6) - 48;
  const d0 = s.charCodeAt(8) - 48;
  const d1 = s.charCodeAt(9) - 48;
  if (y0 >>> 0 > 9 || y1 >>> 0 > 9 || y2 >>> 0 > 9 || y3 >>> 0 > 9 || m0 >>> 0 > 9 || m1 >>> 0 > 9 || d0 >>> 0 > 9 || d1 >>> 0 > 9) return -1;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  const d = d0 * 10 + d1;
  if (m < 1 || m > 12 || d < 1 || (d > 28 && d > daysInMonth(y, m))) return -1;
  return y * 10000 + m * 100 + d;
}

function intToDate(n: number): string {
  const y = Math.floor(n / 10000);
  const m = Math.floor(n / 100) % 100;
  const d = n % 100;
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * Whole years between two YYYYMMDD integers (birth ≤ date): the same as `ageOn` — a person turns
 * N on their N-th birthday, someone born on Feb 29 on Mar 1 in non-leap years.
 */
function ageFromInts(birth: number, date: number): number {
  return Math.floor((date - birth) / 10000);
}

/**
 * `start` plus `months` calendar months: the same day of the month, or the month's last day when
 * it has no such day (2015-08-31 + 6 → 2016-02-29).
 */
export function addMonthsInt(start: number, months: number): number {
  const y = Math.floor(start / 10000);
  const m0 = (Math.floor(start / 100) % 100) - 1 + months;
  const y2 = y + Math.floor(m0 / 12);
  const m2 = (((m0 % 12) + 12) % 12) + 1;
  const d2 = Math.min(start % 100, daysInMonth(y2, m2));
  return y2 * 10000 + m2 * 100 + d2;
}

function dayBeforeInt(n: number): number {
  const d = n % 100;
  if (d > 1) return n - 1;
  const y = Math.floor(n / 10000);
  const m = Math.floor(n / 100) % 100;
  if (m === 1) return (y - 1) * 10000 + 1231;
  return y * 10000 + (m - 1) * 100 + daysInMonth(y, m - 1);
}

// ---------------------------------------------------------------------------------------------
// Input checks

const isFen = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;

/**
 * Birth dates (YYYYMMDD) of the members of the household last checked by `quicklyValid`, so the
 * computation that follows reads each birth date once. Valid only while `birthsOf === h`.
 */
let births = new Int32Array(16);
let birthsOf: Household | null = null;
/** Whether the household last checked has facts of gradual exit or work refusal to check. */
let hasExtraFacts = false;

/**
 * A quick integer check that accepts only households `checkHousehold` accepts; anything it is not
 * sure of goes to `checkHousehold`, which throws the precise error (or accepts it). Records the
 * members' birth dates in `births`.
 */
function quicklyValid(h: Household, asOfInt: number): boolean {
  birthsOf = null;
  const ms = h.members;
  if (!Array.isArray(ms) || ms.length === 0 || ms.length > 64) return false;
  if (h.hukou !== 'urban' && h.hukou !== 'rural') return false;
  const a = h.assets;
  if (!isFen(a.financialFen) || !isFen(a.businessCapitalFen) || !isFen(a.vehicles) || !isFen(a.residences)) return false;
  if (!Number.isFinite(h.livingAreaM2) || h.livingAreaM2 < 0) return false;
  const n = ms.length;
  if (births.length < n) births = new Int32Array(64);
  let extra = h.dibao != null;
  for (let i = 0; i < n; i++) {
    const m = ms[i]!;
    for (let j = 0; j < i; j++) if (ms[j]!.id === m.id) return false;
    const b = dateToInt(m.birthDate);
    if (b < 0 || b > asOfInt) return false;
    if (!isFen(m.monthlyIncomeFen)) return false;
    births[i] = b;
    if (m.jobStartedOn != null || m.refusedReferrals !== undefined) extra = true;
  }
  birthsOf = h;
  hasExtraFacts = extra;
  return true;
}

/** The members' birth dates as YYYYMMDD (from the check just made when it was of `h`). */
export function birthDatesOf(h: Household): Int32Array {
  if (birthsOf === h) return births;
  const out = new Int32Array(h.members.length);
  for (let i = 0; i < out.length; i++) out[i] = dateToInt(h.members[i]!.birthDate);
  return out;
}

/**
 * Checks the household (`checkHousehold`) and the facts of gradual exit and work refusal:
 * `jobStartedOn` a real date, `refusedReferrals` a whole number ≥ 0, `dibao.since` a real date and
 * `dibao.topUpFen` whole fen ≥ 0.
 * @param asOfInt `asOf` as YYYYMMDD, already checked
 * @throws InvalidInputError as `checkHousehold`, plus `RULES.INVALID_DATE`, `RULES.INVALID_FACT`,
 *   `RULES.NOT_AN_AMOUNT` for the facts above.
 */
export function checkDibaoHousehold(h: Household, asOf: string, asOfInt: number): void {
  if (quicklyValid(h, asOfInt)) {
    if (!hasExtraFacts) return;
  } else {
    checkHousehold(h, asOf);
  }
  for (const m of h.members) {
    if (m.jobStartedOn != null && dateToInt(m.jobStartedOn) < 0) {
      throw new InvalidInputError(
        'RULES.INVALID_DATE',
        `成员${memberLabel(m)}的就业日期不是有效日期：${String(m.jobStartedOn)}`,
        `jobStartedOn of member ${memberLabel(m)} is not a valid YYYY-MM-DD date: ${String(m.jobStartedOn)}`,
        m.id,
      );
    }
    if (m.refusedReferrals !== undefined && !isFen(m.refusedReferrals)) {
      throw new InvalidInputError(
        'RULES.INVALID_FACT',
        `成员${memberLabel(m)}的拒绝介绍工作次数必须为非负整数：${String(m.refusedReferrals)}`,
        `refusedReferrals of member ${memberLabel(m)} must be a whole number ≥ 0: ${String(m.refusedReferrals)}`,
        m.id,
      );
    }
  }
  if (h.dibao != null) {
    if (dateToInt(h.dibao.since) < 0) {
      throw new InvalidInputError('RULES.INVALID_DATE', `dibao.since 不是有效日期：${String(h.dibao.since)}`, `dibao.since is not a valid YYYY-MM-DD date: ${String(h.dibao.since)}`);
    }
    assertFen(h.dibao.topUpFen, 'dibao.topUpFen');
  }
}

/**
 * `asOf` as YYYYMMDD.
 * @throws InvalidInputError `RULES.INVALID_DATE` (with the message of `parseDate`).
 */
export function asOfToInt(asOf: string): number {
  const n = dateToInt(asOf);
  if (n < 0) parseDate(asOf, 'asOf'); // throws RULES.INVALID_DATE
  return n;
}

// ---------------------------------------------------------------------------------------------
// Class

/** Reads parameters: `ParameterReader` or the reader of one evaluation. */
interface ParameterSource {
  get(name: ParameterName): ParameterValue | undefined;
}

/**
 * Whether a member is able to work (class assignment, City §3 分类施保): the predicate of
 * `isAbleToWork` (people.ts) on a precomputed age — `canWork`, `minimumAge ≤ age < elderlyAge`, not
 * disability grade 1–2, not seriously ill.
 */
function ableToWork(m: Member, age: number, minimumAge: number, elderlyAge: number): boolean {
  return m.canWork && age >= minimumAge && age < elderlyAge && !(m.disability && m.disability.grade <= 2) && m.illness !== 'serious';
}

/**
 * Class A/B/C (分类施保, City §3; DOMAIN "dibao"), over the counted members. A member is able to
 * work when `canWork`, aged 16–59 (`employment.minimum-working-age` ≤ age < `person.elderly-age`),
 * not disability grade 1–2 and not seriously ill. A: nobody is able (a sanwu household, whose
 * members by definition cannot work, is class A too); B: someone is able and every able member is
 * employed; C: some able member is unemployed.
 * @returns the class, or null when an age parameter is missing (recorded in `reader`).
 */
export function dibaoClassOf(members: Member[], asOf: string, reader: ParameterSource): { dibaoClass: DibaoClass | null; able: Member[] } {
  const minimum = reader.get('employment.minimum-working-age');
  const elderly = reader.get('person.elderly-age');
  if (!minimum || !elderly) return { dibaoClass: null, able: [] };
  const asOfInt = asOfToInt(asOf);
  const able = members.filter((m) => ableToWork(m, ageFromInts(dateToInt(m.birthDate), asOfInt), minimum.value, elderly.value));
  if (able.length === 0) return { dibaoClass: 'A', able };
  return { dibaoClass: able.every((m) => m.employed) ? 'B' : 'C', able };
}

// ---------------------------------------------------------------------------------------------
// The computation: numbers only, shared by the explained and the fast path.

const F_NO_COUNTED = 1;
const F_INCOME = 2;
const F_FINANCIAL = 4;
const F_VEHICLE = 8;
const F_RESIDENCES = 16;
const F_BUSINESS = 32;

interface SupplementCore {
  line: SupplementLine;
  member: Member;
  age: number;
  elderly: number;
  oldest: number;
}

interface WithheldCore {
  member: Member;
  refused: number;
  topUpShareFen: number;
  supplement: SupplementCore | null;
}

interface GradualCore {
  member: Member;
  startInt: number;
  endInt: number;
  months: ParameterValue;
}

/** Everything `evaluateDibao` decides, before any sentence is written. */
interface DibaoCore {
  size: number;
  totalIncomeFen: number;
  perCapitaIncomeFen: number | null;
  standard: ParameterValue | undefined;
  multiple: ParameterValue | undefined;
  assetLimitFen: number;
  incomeBelow: boolean;
  failures: number;
  dibaoClass: DibaoClass | null;
  ableCount: number;
  ableUnemployed: number;
  gradual: GradualCore | null;
  /** Set when the top-up was computed (eligible so far). */
  topUpComputed: boolean;
  /** `standard × size − income` in fen before rounding; null in a gradual exit. */
  exactTopUpFen: number | null;
  /** The household's top-up before any share is withheld. */
  topUpFen: number | null;
  supplements: SupplementCore[];
  supplementsKnown: boolean;
  threshold: ParameterValue | undefined;
  withheld: WithheldCore[];
  /** `max(0, topUpFen − Σ withheld top-up shares)`. */
  paidTopUpFen: number | null;
  missing: MissingParameterError[] | null;
}

/** The core `computeDibao` writes (see there). */
const CORE: DibaoCore = {
  size: 0,
  totalIncomeFen: 0,
  perCapitaIncomeFen: null,
  standard: undefined,
  multiple: undefined,
  assetLimitFen: 0,
  incomeBelow: false,
  failures: 0,
  dibaoClass: null,
  ableCount: 0,
  ableUnemployed: 0,
  gradual: null,
  topUpComputed: false,
  exactTopUpFen: null,
  topUpFen: null,
  supplements: [],
  supplementsKnown: true,
  threshold: undefined,
  withheld: [],
  paidTopUpFen: null,
  missing: null,
};

/** Supplement criteria in `SupplementBasis` order: basis, flag bit, parameter slot. */
const BASIS_FLAGS: readonly (readonly [SupplementBasis, number, number])[] = [
  ['disability-grade-1-2', 1, parameterSlot(BASIS_PARAMETER['disability-grade-1-2'])],
  ['age-80', 2, parameterSlot(BASIS_PARAMETER['age-80'])],
  ['disability-grade-3-4', 4, parameterSlot(BASIS_PARAMETER['disability-grade-3-4'])],
  ['age-60', 8, parameterSlot(BASIS_PARAMETER['age-60'])],
  ['minority', 16, parameterSlot(BASIS_PARAMETER.minority)],
];

/**
 * One member's supplement, null when the member qualifies for none, or undefined when a needed
 * parameter is missing. Highest single applicable rate × standard, rounded half-up to whole yuan;
 * no stacking (City §3 "5%至10%", DOMAIN default); ties keep `SupplementBasis` order.
 */
function supplementCore(m: Member, age: number, standardFen: number, r: Reader): SupplementCore | null | undefined {
  const elderly = r.get(P_ELDERLY_AGE);
  const oldest = r.get(P_OLDEST_AGE);
  if (!elderly || !oldest) return undefined;
  let flags = 0;
  if (m.disability && m.disability.grade <= 2) flags |= 1;
  if (m.disability && m.disability.grade >= 3) flags |= 4;
  if (age >= oldest.value) flags |= 2;
  else if (age >= elderly.value) flags |= 8;
  if (m.minority) flags |= 16;
  if (flags === 0) return null;
  const applicable: { basis: SupplementBasis; rate: number }[] = [];
  let best: { basis: SupplementBasis; rate: number } | undefined;
  for (let k = 0; k < BASIS_FLAGS.length; k++) {
    const [basis, flag, slot] = BASIS_FLAGS[k]!;
    if ((flags & flag) === 0) continue;
    const p = r.get(slot);
    if (!p) return undefined;
    const a = { basis, rate: p.value };
    applicable.push(a);
    if (best === undefined || a.rate > best.rate) best = a;
  }
  const b = best!;
  return {
    line: {
      memberId: m.id,
      rate: b.rate,
      basis: b.basis,
      applicable,
      amountFen: rateOfFenRoundedToYuan(b.rate, standardFen),
      clauses: ['City §3'],
      explanation: '',
    },
    member: m,
    age,
    elderly: elderly.value,
    oldest: oldest.value,
  };
}

/**
 * @param lean the fast path: the class (a loop over the members) is computed only when the
 *   household passes every test (only an eligible result shows it, and only then can a share be
 *   withheld); the explained path shows it in the trace whatever the outcome.
 */
function computeDibao(h: Household, asOfInt: number, table: ParameterTable, lean: boolean): DibaoCore {
  const r = READER;
  r.start(table);
  const members = h.members;
  const birth = birthDatesOf(h);
  const n = members.length;
  let size = 0;
  let totalIncomeFen = 0;
  for (let i = 0; i < n; i++) {
    const m = members[i]!;
    if (m.tekun) continue;
    size++;
    totalIncomeFen += m.monthlyIncomeFen;
  }
  const perCapitaIncomeFen = size > 0 ? divRoundHalfUp(totalIncomeFen, size) : null;

  // With nobody counted the standard is not needed, so its absence must not force a review.
  const standard = size > 0 ? r.get(P_STANDARD) : undefined;
  let failures = 0;
  let multiple: ParameterValue | undefined;
  let assetLimitFen = 0;
  let incomeBelow = false;
  const assets = h.assets;
  if (size === 0) failures |= F_NO_COUNTED;
  else if (standard) {
    incomeBelow = totalIncomeFen < standard.value * size;
    if (!incomeBelow) failures |= F_INCOME;
    multiple = r.get(P_MULTIPLE);
    if (multiple) {
      assetLimitFen = multiple.value * standard.value * size;
      if (assets.financialFen > assetLimitFen) failures |= F_FINANCIAL;
    }
  }
  if (size > 0) {
    if (assets.vehicles > 0) failures |= F_VEHICLE;
    if (assets.residences > 1) failures |= F_RESIDENCES;
    if (assets.businessCapitalFen > 0) failures |= F_BUSINESS;
  }

  let dibaoClass: DibaoClass | null = null;
  let ableCount = 0;
  let ableUnemployed = 0;
  let minimumAge = 0;
  let elderlyAge = 0;
  // The age parameters are read here, in this order, whatever the path (a missing one is named in
  // the order first asked); the class itself is computed after the gradual exit is known.
  let agesKnown = false;
  if (size > 0) {
    const minimum = r.get(P_MINIMUM_AGE);
    const elderly = r.get(P_ELDERLY_AGE);
    if (minimum && elderly) {
      minimumAge = minimum.value;
      elderlyAge = elderly.value;
      agesKnown = true;
    }
  }

  // Gradual exit (City §12): a household receiving dibao now whose ONLY failed test is income,
  // with a member whose job started within `dibao.gradual-exit-months` before asOf.
  let gradual: GradualCore | null = null;
  if (failures === F_INCOME && h.dibao != null && multiple) {
    let months: ParameterValue | undefined;
    let asked = false;
    for (let i = 0; i < n; i++) {
      const m = members[i]!;
      if (m.tekun || m.jobStartedOn == null) continue;
      const start = dateToInt(m.jobStartedOn);
      if (start > asOfInt) continue;
      if (!asked) {
        months = r.get(P_GRADUAL_EXIT_MONTHS);
        asked = true;
      }
      if (!months) break;
      const end = addMonthsInt(start, months.value);
      if (asOfInt < end && (gradual === null || end > gradual.endInt)) gradual = { member: m, startInt: start, endInt: end, months };
    }
    if (gradual) failures = 0;
  }

  if (agesKnown && (!lean || failures === 0)) {
    for (let i = 0; i < n; i++) {
      const m = members[i]!;
      if (m.tekun || !m.canWork) continue;
      if (ableToWork(m, ageFromInts(birth[i]!, asOfInt), minimumAge, elderlyAge)) {
        ableCount++;
        if (!m.employed) ableUnemployed++;
      }
    }
    dibaoClass = ableCount === 0 ? 'A' : ableUnemployed === 0 ? 'B' : 'C';
  }

  let topUpComputed = false;
  let exactTopUpFen: number | null = null;
  let topUpFen: number | null = null;
  let paidTopUpFen: number | null = null;
  let supplements: SupplementCore[] = NO_SUPPLEMENTS;
  let supplementsKnown = true;
  let threshold: ParameterValue | undefined;
  let withheld: WithheldCore[] = NO_WITHHELD;
  if (standard && size > 0 && failures === 0) {
    topUpComputed = true;
    supplements = [];
    if (gradual) topUpFen = h.dibao!.topUpFen;
    else {
      exactTopUpFen = standard.value * size - totalIncomeFen;
      topUpFen = roundFenHalfUpToYuan(exactTopUpFen);
    }
    for (let i = 0; i < n; i++) {
      const m = members[i]!;
      if (m.tekun) continue;
      const s = supplementCore(m, ageFromInts(birth[i]!, asOfInt), standard.value, r);
      if (s === undefined) supplementsKnown = false;
      else if (s !== null) supplements.push(s);
    }
    // Refusing work (City §12; Reg. Art. 45): an able member with `refusedReferrals` ≥ the
    // threshold loses their own share. Needs the class (the ages) to know who is able.
    paidTopUpFen = topUpFen;
    if (dibaoClass !== null && ableCount > 0) {
      let asked = false;
      for (let i = 0; i < n; i++) {
        const m = members[i]!;
        const refused = m.refusedReferrals ?? 0;
        if (m.tekun || refused === 0 || !ableToWork(m, ageFromInts(birth[i]!, asOfInt), minimumAge, elderlyAge)) continue;
        if (!asked) {
          threshold = r.get(P_WORK_REFUSAL_THRESHOLD);
          asked = true;
        }
        if (!threshold) break;
        if (refused < threshold.value) continue;
        const share = divRoundHalfUp(topUpFen, size * 100) * 100;
        let supplement: SupplementCore | null = null;
        const k = supplements.findIndex((s) => s.member === m);
        if (k >= 0) supplement = supplements.splice(k, 1)[0]!;
        if (withheld === NO_WITHHELD) withheld = [];
        withheld.push({ member: m, refused, topUpShareFen: share, supplement });
        paidTopUpFen = Math.max(0, paidTopUpFen - share);
      }
    }
  }
  // One core object, rewritten for each household: it is read at once by `leanResult` or
  // `explainedResult`, which keep nothing of it (evaluation is synchronous).
  const c = CORE;
  c.size = size;
  c.totalIncomeFen = totalIncomeFen;
  c.perCapitaIncomeFen = perCapitaIncomeFen;
  c.standard = standard;
  c.multiple = multiple;
  c.assetLimitFen = assetLimitFen;
  c.incomeBelow = incomeBelow;
  c.failures = failures;
  c.dibaoClass = dibaoClass;
  c.ableCount = ableCount;
  c.ableUnemployed = ableUnemployed;
  c.gradual = gradual;
  c.topUpComputed = topUpComputed;
  c.exactTopUpFen = exactTopUpFen;
  c.topUpFen = topUpFen;
  c.supplements = supplements;
  c.supplementsKnown = supplementsKnown;
  c.threshold = threshold;
  c.withheld = withheld;
  c.paidTopUpFen = paidTopUpFen;
  c.missing = r.missing;
  return c;
}
const NO_WITHHELD: WithheldCore[] = [];
/** No supplement computed (an ineligible household): only ever read. */
const NO_SUPPLEMENTS: SupplementCore[] = [];
/** No notes (the fast path's usual case): only read, never returned (see `assemble`). */
const NO_NOTES: Reason[] = [];
/**
 * No supplement line (the fast path's usual case): only read, and returned (frozen) only by the fast
 * path's ineligible results (see `assemble`).
 */
const NO_LINES: SupplementLine[] = Object.freeze([]) as unknown as SupplementLine[];
/** The fast path's ineligible results share these (frozen): no steps, no shares withheld. */
const NO_STEPS: Step[] = Object.freeze([]) as unknown as Step[];
const NO_SHARES: WithheldShare[] = Object.freeze([]) as unknown as WithheldShare[];
/**
 * `clausesOf` of an ineligible result without gradual exit or withheld shares, shared (frozen) by
 * the fast path's ineligible results: without and with tekun members left out (City §4).
 */
const INELIGIBLE_CLAUSES: string[] = Object.freeze(['City §3', 'Reg. Art. 9']) as unknown as string[];
const INELIGIBLE_CLAUSES_EXCLUDED: string[] = Object.freeze(['City §3', 'City §4', 'Reg. Art. 9']) as unknown as string[];

/** Clauses in `uniqueClauses` order (City, then Reg., by number), built without sorting. */
function clausesOf(c: DibaoCore, excluded: number): string[] {
  const topUp = c.topUpComputed && !c.gradual;
  if (excluded === 0 && !c.gradual && c.withheld.length === 0) return topUp ? ['City §3', 'Reg. Art. 9', 'Reg. Art. 12'] : ['City §3', 'Reg. Art. 9'];
  const out = ['City §3'];
  if (excluded > 0) out.push('City §4');
  if (c.gradual || c.withheld.length > 0) out.push('City §12');
  out.push('Reg. Art. 9');
  if (topUp) out.push('Reg. Art. 12');
  if (c.withheld.length > 0) out.push('Reg. Art. 45');
  return out;
}

function withheldShares(c: DibaoCore): WithheldShare[] {
  if (c.withheld.length === 0) return [];
  return c.withheld.map((w) => {
    const supplementFen = w.supplement?.line.amountFen ?? 0;
    return { memberId: w.member.id, refusedReferrals: w.refused, topUpShareFen: w.topUpShareFen, supplementFen, totalFen: w.topUpShareFen + supplementFen };
  });
}

function gradualExitOf(c: DibaoCore): GradualExit | null {
  const g = c.gradual;
  if (!g) return null;
  return { memberId: g.member.id, jobStartedOn: intToDate(g.startInt), months: g.months.value, paidThrough: intToDate(dayBeforeInt(g.endInt)) };
}

function missingReasons(c: DibaoCore): Reason[] {
  return c.missing ? c.missing.map((m) => ({ code: m.code, message: m.message, parameter: m.parameter })) : [];
}

/**
 * Whether the result is ineligible for failed tests alone — no parameter missing, no top-up, no
 * gradual exit, no share withheld —: then the fast path's result shares its empty lists and its
 * clauses (frozen).
 */
function sharesIneligibleParts(c: DibaoCore): boolean {
  return c.missing === null && c.failures !== 0 && !c.topUpComputed && c.gradual === null && c.withheld.length === 0;
}

/**
 * Assembles the result from the computation, the reasons and (when explained) the sentence. Every
 * result is one object literal with the same keys in the same order (one hidden class).
 */
function assemble(
  c: DibaoCore,
  excluded: number,
  failureReasons: Reason[],
  notes: Reason[],
  supplements: SupplementLine[],
  steps: Step[],
  explanation: (status: Status, reasons: Reason[], totalMonthlyFen: number) => string,
  lean = false,
): DibaoResult {
  let status: Status;
  let reasons: Reason[];
  let topUpFen: number | null;
  let paid: SupplementLine[];
  let totalMonthlyFen: number | null;
  if (c.missing !== null) {
    status = 'NEEDS_MANUAL_REVIEW';
    reasons = missingReasons(c);
    for (const r of failureReasons) reasons.push(r);
    for (const r of notes) reasons.push(r);
    topUpFen = c.failures !== 0 ? 0 : c.paidTopUpFen;
    paid = c.supplementsKnown && supplements !== NO_LINES ? supplements : [];
    totalMonthlyFen = null;
  } else if (c.failures !== 0 || c.paidTopUpFen === null) {
    status = 'INELIGIBLE';
    reasons = failureReasons;
    topUpFen = 0;
    totalMonthlyFen = 0;
    if (lean && sharesIneligibleParts(c)) {
      // The fast path's usual result: its empty lists and clauses are shared (frozen).
      return {
        status,
        dibaoClass: null,
        standardFen: c.standard?.value ?? null,
        householdSize: c.size,
        totalIncomeFen: c.totalIncomeFen,
        perCapitaIncomeFen: c.perCapitaIncomeFen,
        topUpFen,
        supplements: NO_LINES,
        totalMonthlyFen,
        reasons,
        clauses: excluded === 0 ? INELIGIBLE_CLAUSES : INELIGIBLE_CLAUSES_EXCLUDED,
        explanation: '',
        steps: NO_STEPS,
        gradualExit: null,
        withheldShares: NO_SHARES,
      };
    }
    paid = [];
  } else {
    status = 'ELIGIBLE';
    reasons = notes === NO_NOTES ? [] : notes;
    topUpFen = c.paidTopUpFen;
    paid = supplements === NO_LINES ? [] : supplements;
    totalMonthlyFen = c.paidTopUpFen;
    for (const s of supplements) totalMonthlyFen += s.amountFen;
  }
  return {
    status,
    dibaoClass: status === 'ELIGIBLE' ? c.dibaoClass : null,
    standardFen: c.standard?.value ?? null,
    householdSize: c.size,
    totalIncomeFen: c.totalIncomeFen,
    perCapitaIncomeFen: c.perCapitaIncomeFen,
    topUpFen,
    supplements: paid,
    totalMonthlyFen,
    reasons,
    clauses: clausesOf(c, excluded),
    explanation: explanation(status, reasons, totalMonthlyFen ?? 0),
    steps,
    gradualExit: gradualExitOf(c),
    withheldShares: withheldShares(c),
  };
}

// ---------------------------------------------------------------------------------------------
// The fast path: the same computation, reasons with fixed messages, no steps and no sentences.

const LEAN_MESSAGES: Record<string, string> = {
  'DIBAO.NO_COUNTED_MEMBERS': '家庭成员均为特困供养人员，不再计入低保家庭 / every member is a tekun recipient, none is counted for dibao',
  'DIBAO.INCOME_NOT_BELOW_STANDARD': '家庭人均月收入不低于低保标准 / per-capita income is not below the standard',
  'DIBAO.FINANCIAL_ASSETS_ABOVE_LIMIT': '家庭金融资产超过上限 / financial assets exceed the limit',
  'DIBAO.HAS_VEHICLE': '家庭拥有机动车(残疾人代步车除外) / the household owns a motor vehicle other than disability vehicles',
  'DIBAO.MORE_THAN_ONE_RESIDENCE': '家庭拥有住房超过一套 / the household owns more than one residence',
  'DIBAO.HAS_BUSINESS': '家庭有注册资本的经营实体 / the household has a registered business',
  'DIBAO.GRADUAL_EXIT': '渐退期内继续按原补差发放 / gradual exit: the current top-up continues',
  'DIBAO.WORK_REFUSAL_SHARE_WITHHELD': '无正当理由拒绝介绍的工作，停发其本人份额 / refused suitable job referrals without good reason; their own share is withheld',
};
/** The failed tests of the fast path in flag order (bit k of `failures`): reasons naming nobody, shared (frozen). */
const FAILURE_REASONS: readonly Reason[] = [
  'DIBAO.NO_COUNTED_MEMBERS',
  'DIBAO.INCOME_NOT_BELOW_STANDARD',
  'DIBAO.FINANCIAL_ASSETS_ABOVE_LIMIT',
  'DIBAO.HAS_VEHICLE',
  'DIBAO.MORE_THAN_ONE_RESIDENCE',
  'DIBAO.HAS_BUSINESS',
].map((code) => Object.freeze({ code, message: LEAN_MESSAGES[code]! }));
const noSentence = (): string => '';

/** The fast path's failed tests, one shared frozen list per combination (`failures` bit set). */
const FAILURE_LISTS: (Reason[] | undefined)[] = new Array<Reason[] | undefined>(1 << FAILURE_REASONS.length).fill(undefined);

function failureList(failures: number): Reason[] {
  let list = FAILURE_LISTS[failures];
  if (list === undefined) {
    list = [];
    for (let k = 0; k < FAILURE_REASONS.length; k++) if ((failures & (1 << k)) !== 0) list.push(FAILURE_REASONS[k]!);
    Object.freeze(list);
    FAILURE_LISTS[failures] = list;
  }
  // The program modules of this household will ask for its key (`sharedFailureKey`).
  lastList = list;
  lastKey = failures;
  return list;
}

/**
 * The combination of failed tests (a `failures` bit set) whose shared list `reasons` is, or -1 when
 * `reasons` is not one of the fast path's shared lists.
 */
export function sharedFailureKey(reasons: readonly Reason[]): number {
  // The modules of one household ask about the same list in turn.
  if (reasons === lastList) return lastKey;
  lastList = reasons;
  lastKey = failureKeyOf(reasons);
  return lastKey;
}
let lastList: readonly Reason[] | null = null;
let lastKey = -1;

function failureKeyOf(reasons: readonly Reason[]): number {
  let key = 0;
  for (let i = 0; i < reasons.length; i++) {
    const r = reasons[i];
    let k = 0;
    while (k < FAILURE_REASONS.length && FAILURE_REASONS[k] !== r) k++;
    if (k === FAILURE_REASONS.length) return -1;
    key |= 1 << k;
  }
  return FAILURE_LISTS[key] === reasons ? key : -1;
}

function leanResult(h: Household, c: DibaoCore): DibaoResult {
  // Read only by `assemble` (copied under review), returned as the reasons of an ineligible result.
  const failureReasons = failureList(c.failures);
  let notes: Reason[] = NO_NOTES;
  if (c.gradual || c.withheld.length > 0) {
    notes = [];
    if (c.gradual) notes.push({ code: 'DIBAO.GRADUAL_EXIT', message: LEAN_MESSAGES['DIBAO.GRADUAL_EXIT']!, memberId: c.gradual.member.id });
    for (const w of c.withheld) {
      notes.push({ code: 'DIBAO.WORK_REFUSAL_SHARE_WITHHELD', message: LEAN_MESSAGES['DIBAO.WORK_REFUSAL_SHARE_WITHHELD']!, memberId: w.member.id });
    }
  }
  const supplements: SupplementLine[] = c.supplements.length === 0 ? NO_LINES : [];
  for (const s of c.supplements) supplements.push(s.line);
  return assemble(c, h.members.length - c.size, failureReasons, notes, supplements, sharesIneligibleParts(c) ? NO_STEPS : [], noSentence, true);
}

// ---------------------------------------------------------------------------------------------
// The explained path: steps, bilingual reasons and the clerk's sentence.

function reason(code: string, zh: string, en: string, memberId?: string): Reason {
  return memberId === undefined ? { code, message: `${zh} / ${en}` } : { code, message: `${zh} / ${en}`, memberId };
}

function step(
  label: DibaoStepLabel,
  labelZh: string,
  value: Step['value'],
  unit: string,
  clause: string,
  extra?: Pick<Step, 'parameter' | 'effectiveFrom' | 'memberId'>,
): Step {
  if (extra === undefined) return { label, labelZh, value, unit, clause };
  // Built field by field (no object spread: it is the slow part of a trace).
  const s: Step = { label, labelZh, value, unit } as Step;
  if (extra.parameter !== undefined) s.parameter = extra.parameter;
  if (extra.effectiveFrom !== undefined) s.effectiveFrom = extra.effectiveFrom;
  if (extra.memberId !== undefined) s.memberId = extra.memberId;
  s.clause = clause;
  return s;
}

function paramStep(label: DibaoStepLabel, labelZh: string, p: ParameterValue, unit: string, clause: string): Step {
  return step(label, labelZh, p.value, unit, clause, { parameter: p.name, effectiveFrom: p.effectiveFrom });
}

const pct = (r: number) => `${Math.round(r * 10000) / 100}%`;

/** Chinese part of a bilingual message. */
function zhOf(r: Reason): string {
  const i = r.message.indexOf(' / ');
  return i < 0 ? r.message : r.message.slice(0, i);
}

/** `citeZh` of a clause list, kept per list (a handful of distinct lists occur). */
const citeCache = new Map<string, string>();
function cite(clauses: string[]): string {
  const key = clauses.join('|');
  let s = citeCache.get(key);
  if (s === undefined) {
    s = citeZh(clauses);
    if (citeCache.size < 256) citeCache.set(key, s);
  }
  return s;
}

/** The supplement's sentence and trace step, naming the member (`memberLabel`), never the id. */
function explainSupplement(s: SupplementCore, standardFen: number): Step {
  const { line, member: m, age, elderly, oldest } = s;
  const detail = (b: SupplementBasis) => {
    if (b === 'age-80' || b === 'age-60') return `${age}周岁${BASIS_ZH[b]}`;
    if (b.startsWith('disability') && m.disability) return disabilityZh(m.disability);
    return BASIS_ZH[b];
  };
  // The criterion as a band for the trace caption: `60–79岁`, `80岁以上`, `肢体二级残疾`, `少数民族`.
  const band = (b: SupplementBasis) => {
    if (b === 'age-80') return `${oldest}岁以上`;
    if (b === 'age-60') return `${elderly}–${oldest - 1}岁`;
    if (b.startsWith('disability') && m.disability) return disabilityZh(m.disability);
    return BASIS_ZH[b];
  };
  const others =
    line.applicable.length > 1
      ? `(同时符合${line.applicable.map((a) => `${detail(a.basis)}${pct(a.rate)}`).join('、')}，不叠加，取最高一项)`
      : '';
  const exactMicroYuan = standardFen * Math.round(line.rate * 10000);
  const rounding = exactMicroYuan !== line.amountFen * 10000 ? `${String(exactMicroYuan / 1_000_000)}元，四舍五入为` : '';
  const who = memberLabel(m);
  line.explanation = `${who}：${detail(line.basis)}，按低保标准${yuan(standardFen)}元的${pct(line.rate)}增发补助金${rounding}${yuan(line.amountFen)}元/月${others}，${cite(line.clauses)}`;
  return step('supplement', `增发补助金：${who}（${band(line.basis)}，${pct(line.rate)}）`, line.amountFen, 'fen', 'City §3', {
    parameter: BASIS_PARAMETER[line.basis],
    memberId: m.id,
  });
}

function explainedResult(h: Household, c: DibaoCore): DibaoResult {
  const steps: Step[] = [];
  const size = c.size;
  const excluded = h.members.length - size;
  const standard = c.standard;
  const assets = h.assets;
  const hukouZh = h.hukou === 'urban' ? '城区' : '农区';
  const perCapita = yuan(c.perCapitaIncomeFen ?? 0);

  if (standard) steps.push(paramStep('standard', `低保标准（${hukouZh}）`, standard, 'fen', 'City §3'));
  steps.push(
    step('household-size', excluded > 0 ? `家庭人口（不含特困供养人员${excluded}人）` : '家庭人口', size, 'persons', excluded > 0 ? 'City §4' : 'City §3'),
  );
  steps.push(step('total-income', '家庭月收入合计', c.totalIncomeFen, 'fen', 'Reg. Art. 9'));
  steps.push(step('per-capita-income', '人均月收入', c.perCapitaIncomeFen, 'fen', 'Reg. Art. 9'));

  const failureReasons: Reason[] = [];
  if (size === 0) {
    failureReasons.push(
      reason('DIBAO.NO_COUNTED_MEMBERS', '家庭成员均为特困供养人员，不再计入低保家庭', 'every member is a tekun recipient, none is counted for dibao'),
    );
  } else if (standard) {
    steps.push(step('income-below-standard', '家庭月收入低于低保标准×人数', c.incomeBelow, 'bool', 'Reg. Art. 9'));
    if (!c.incomeBelow && !c.gradual) {
      failureReasons.push(
        reason(
          'DIBAO.INCOME_NOT_BELOW_STANDARD',
          `家庭人均月收入${perCapita}元不低于低保标准${yuan(standard.value)}元`,
          `per-capita income ${perCapita} yuan is not below the standard ${yuan(standard.value)} yuan`,
        ),
      );
    }
    const multiple = c.multiple;
    if (multiple) {
      const limit = c.assetLimitFen;
      steps.push(paramStep('financial-asset-multiple', '金融资产上限倍数', multiple, 'months', 'Reg. Art. 9'));
      steps.push(step('financial-asset-limit', '金融资产上限（倍数×标准×人数）', limit, 'fen', 'Reg. Art. 9'));
      steps.push(step('financial-assets', '家庭金融资产', assets.financialFen, 'fen', 'Reg. Art. 9'));
      if ((c.failures & F_FINANCIAL) !== 0) {
        failureReasons.push(
          reason(
            'DIBAO.FINANCIAL_ASSETS_ABOVE_LIMIT',
            `家庭金融资产${yuan(assets.financialFen)}元超过上限${yuan(limit)}元(人均${multiple.value}个月低保标准)`,
            `financial assets ${yuan(assets.financialFen)} yuan exceed the limit ${yuan(limit)} yuan (${multiple.value} × standard per person)`,
          ),
        );
      }
    }
  }
  if (size > 0) {
    steps.push(step('vehicles', '机动车（不含残疾人代步车）', assets.vehicles, 'vehicles', 'Reg. Art. 9'));
    steps.push(step('residences', '住房套数', assets.residences, 'residences', 'Reg. Art. 9'));
    steps.push(step('business-capital', '经营注册资本', assets.businessCapitalFen, 'fen', 'Reg. Art. 9'));
    if (assets.vehicles > 0) {
      failureReasons.push(reason('DIBAO.HAS_VEHICLE', `家庭拥有${assets.vehicles}辆机动车(残疾人代步车除外)`, `the household owns ${assets.vehicles} motor vehicle(s) other than disability vehicles`));
    }
    if (assets.residences > 1) {
      failureReasons.push(reason('DIBAO.MORE_THAN_ONE_RESIDENCE', `家庭拥有${assets.residences}套住房，超过一套`, `the household owns ${assets.residences} residences, more than one`));
    }
    if (assets.businessCapitalFen > 0) {
      failureReasons.push(reason('DIBAO.HAS_BUSINESS', `家庭有注册资本${yuan(assets.businessCapitalFen)}元的经营实体`, `the household has a registered business with capital ${yuan(assets.businessCapitalFen)} yuan`));
    }
  }
  if (c.dibaoClass) {
    steps.push(step('dibao-class', `分类施保（有劳动能力${c.ableCount}人，其中未就业${c.ableUnemployed}人）`, c.dibaoClass, 'class', 'City §3'));
  }

  const notes: Reason[] = [];
  let topUpText = '';
  const g = c.gradual;
  const ge = gradualExitOf(c);
  if (g && ge && standard) {
    const who = memberLabel(g.member);
    const stopsOn = intToDate(g.endInt);
    steps.push(paramStep('gradual-exit-months', '渐退期（月）', g.months, 'months', 'City §12'));
    steps.push(step('gradual-exit-until', `渐退发放截止日（${who}${ge.jobStartedOn}就业起${ge.months}个月）`, ge.paidThrough, 'date', 'City §12', { memberId: g.member.id }));
    notes.push(
      reason(
        'DIBAO.GRADUAL_EXIT',
        `${who}于${ge.jobStartedOn}就业，家庭人均月收入${perCapita}元已不低于低保标准${yuan(standard.value)}元，按渐退政策继续按原补差${yuan(c.topUpFen ?? 0)}元/月发放至${ge.paidThrough}，${stopsOn}起停发`,
        `${who} started a job on ${ge.jobStartedOn}; per-capita income ${perCapita} yuan is no longer below the standard ${yuan(standard.value)} yuan, so the current top-up of ${yuan(c.topUpFen ?? 0)} yuan continues through ${ge.paidThrough} (gradual exit, ${ge.months} months) and stops from ${stopsOn}`,
        g.member.id,
      ),
    );
    topUpText = `渐退帮扶：${who}于${ge.jobStartedOn}就业，按渐退政策自就业之日起${ge.months}个月内继续按原补差${yuan(c.topUpFen ?? 0)}元/月发放，发放至${ge.paidThrough}止（${stopsOn}起停发）`;
  }
  if (c.topUpComputed && standard && c.topUpFen !== null) {
    if (c.exactTopUpFen !== null) {
      const exact = c.exactTopUpFen;
      // The (standard − per-capita) × size form is shown only when the per-capita income is exact
      // in fen; otherwise a rounded per-capita figure would not multiply back to the amount paid.
      const perCapitaForm = c.totalIncomeFen % size === 0 ? `(${yuan(standard.value)}−${yuan(c.totalIncomeFen / size)})×${size}=` : '';
      topUpText =
        `补差${perCapitaForm}${yuan(standard.value)}×${size}−${yuan(c.totalIncomeFen)}=${yuan(exact)}元` +
        (exact !== c.topUpFen ? `，四舍五入为${yuan(c.topUpFen)}元` : '');
      steps.push(step('top-up-exact', '补差金额（标准×人数−家庭收入，取整前）', exact, 'fen', 'Reg. Art. 12'));
      steps.push(step('top-up', '补差金额', c.topUpFen, 'fen', 'Reg. Art. 12'));
    } else {
      steps.push(step('top-up', '补差金额（渐退期内按原补差发放）', c.topUpFen, 'fen', 'City §12'));
    }
  }
  const supplements: SupplementLine[] = [];
  for (const s of c.supplements) {
    steps.push(explainSupplement(s, standard!.value));
    supplements.push(s.line);
  }

  let refusalText = '';
  if (c.withheld.length > 0 && c.threshold && c.topUpFen !== null) {
    steps.push(paramStep('work-refusal-threshold', '拒绝介绍工作停发本人份额的次数', c.threshold, 'times', 'City §12'));
    const parts: string[] = [];
    for (const w of c.withheld) {
      const who = memberLabel(w.member);
      const supplementFen = w.supplement?.line.amountFen ?? 0;
      const total = w.topUpShareFen + supplementFen;
      const exactShare = c.topUpFen / size; // fen, display only
      const shareText =
        `人均补差${yuan(c.topUpFen)}÷${size}=` +
        (Number.isInteger(exactShare) ? `${yuan(exactShare)}元` : `${(exactShare / 100).toFixed(2)}…元`) +
        (exactShare !== w.topUpShareFen ? `，四舍五入为${yuan(w.topUpShareFen)}元` : '');
      const supplementText = supplementFen > 0 ? `，加其本人增发补助金${yuan(supplementFen)}元` : '';
      steps.push(
        step('work-refusal-share', `停发本人份额：${who}（连续拒绝介绍工作${w.refused}次）`, total, 'fen', 'City §12', { memberId: w.member.id }),
      );
      notes.push(
        reason(
          'DIBAO.WORK_REFUSAL_SHARE_WITHHELD',
          `${who}有劳动能力，连续${w.refused}次无正当理由拒绝介绍的工作，停发其本人份额${yuan(total)}元/月（${shareText}${supplementText}），其他成员照常领取`,
          `${who} is able to work and refused ${w.refused} consecutive suitable job referrals without good reason; their own share of ${yuan(total)} yuan a month is withheld (top-up share ${yuan(w.topUpShareFen)} yuan${supplementFen > 0 ? ` + own supplement ${yuan(supplementFen)} yuan` : ''}); the rest of the household keeps theirs`,
          w.member.id,
        ),
      );
      parts.push(`${who}连续${w.refused}次无正当理由拒绝介绍的工作（达到${c.threshold.value}次），停发其本人份额${yuan(total)}元（${shareText}${supplementText}）`);
    }
    steps.push(step('top-up-paid', '实发补差金额（扣除停发份额后）', c.paidTopUpFen, 'fen', 'City §12'));
    refusalText = `；${parts.join('；')}，实发补差${yuan(c.paidTopUpFen ?? 0)}元`;
  }

  return assemble(c, excluded, failureReasons, notes, supplements, steps, (status, reasons, totalMonthlyFen) => {
    const citation = cite(clausesOf(c, excluded));
    if (status === 'NEEDS_MANUAL_REVIEW') return `需人工审核：${reasons.map(zhOf).join('；')}，${citation}`;
    if (status === 'INELIGIBLE') return `不符合低保条件：${reasons.map(zhOf).join('；')}，${citation}`;
    steps.push(step('total-monthly', '每月合计（补差＋增发补助金）', totalMonthlyFen, 'fen', 'City §3'));
    const supplementText =
      supplements.length > 0
        ? `；增发补助金${c.supplements.map((s) => `${memberLabel(s.member)} ${yuan(s.line.amountFen)}元`).join('、')}，每月合计${yuan(totalMonthlyFen)}元`
        : refusalText
          ? `，每月合计${yuan(totalMonthlyFen)}元`
          : '';
    const incomeText = g ? `人均${perCapita}元已不低于标准` : `人均${perCapita}元低于标准`;
    return (
      `${hukouZh}低保标准${yuan(standard!.value)}元/人·月，共同生活${size}人，家庭月收入${yuan(c.totalIncomeFen)}元，${incomeText}，财产符合规定，` +
      `${c.dibaoClass}类；${topUpText}${refusalText}${supplementText}，${citation}`
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Entry points

/**
 * The dibao evaluation of an already checked household (`checkDibaoHousehold`), with the
 * parameters of `table` (which must be for the household's asOf, hukou and area). Used by
 * `evaluate` and `evaluateBatch`, which check once and share tables.
 */
export function dibaoOfChecked(h: Household, asOfInt: number, table: ParameterTable, explain: boolean): DibaoResult {
  const core = computeDibao(h, asOfInt, table, !explain);
  return explain ? explainedResult(h, core) : leanResult(h, core);
}

/**
 * Evaluates dibao (最低生活保障) for a household on a date (City §3, §12; Reg. Art. 9, 12, 45;
 * DOMAIN "dibao").
 *
 * - Household size: members except tekun recipients (City §4: a tekun person is not also counted).
 * - Counted income: Σ `monthlyIncomeFen` of the counted members (fen per month).
 * - Eligible when `totalIncome < standard × size` (per-capita income strictly below the standard,
 *   compared in exact integers, so income exactly at the standard is NOT eligible) and the assets
 *   test passes: financial assets ≤ `dibao.financial-asset-multiple` (24) × standard × size; no
 *   motor vehicle other than disability vehicles; at most one residence; business capital 0.
 * - Top-up: `(standard − per-capita income) × size`, computed as `standard × size − totalIncome` in
 *   fen and then rounded half-up to whole yuan (50 fen rounds up, 49 fen down).
 * - Supplements (增发补助金), counted members only: highest single applicable rate (disability grade
 *   1–2 10%, grade 3–4 5%, age ≥80 10%, 60–79 5%, minority 5%; no stacking) × standard, rounded
 *   half-up to whole yuan. Ages are whole years on calendar dates (see `ageOn`).
 * - Class A/B/C: see `dibaoClassOf`.
 * - Gradual exit (渐退, City §12): when `household.dibao` is set (the household receives dibao now),
 *   the ONLY failed test is income (income at or above the standard; every assets test passes), and
 *   a counted member's `jobStartedOn` lies within `dibao.gradual-exit-months` (6) calendar months
 *   before `asOf` — that is, `jobStartedOn ≤ asOf < jobStartedOn + 6 months`, where adding months
 *   keeps the day of the month (or takes the month's last day when it has no such day) — the
 *   household stays ELIGIBLE: reason `DIBAO.GRADUAL_EXIT`, top-up = `household.dibao.topUpFen`
 *   (the amount being paid), supplements as computed today, clause City §12. A job started
 *   2015-01-10 keeps the payment through 2015-07-09; on 2015-07-10 it stops. With several such
 *   members the latest-ending period counts.
 * - Refusing work (City §12; Reg. Art. 45): a counted member able to work (as for the class) with
 *   `refusedReferrals` ≥ `dibao.work-refusal-threshold` (3) loses their own share: the per-capita
 *   top-up — the household top-up in fen ÷ household size, rounded half-up to whole yuan (107 700 ÷ 2
 *   = 53 850 fen → 539 yuan) — and their own supplement. The paid top-up is the household top-up
 *   less the shares, never below 0; the rest of the household keeps theirs. One reason
 *   `DIBAO.WORK_REFUSAL_SHARE_WITHHELD` per member (with `memberId`), a `work-refusal-share` step,
 *   clauses City §12 and Reg. Art. 45.
 * - Wording: every Chinese sentence (`explanation`, each supplement's `explanation`, reason
 *   messages) and every step caption (`steps[].labelZh`) names a member by name (`memberLabel`; the
 *   member reference only when the member has no name), never by internal id. Each step also has a
 *   stable machine `label` (`DIBAO_STEP_LABELS`, e.g. `supplement`) and, when it concerns one
 *   member, `memberId`.
 *
 * @param household the household of evaluations.md (money in integer fen, area in m²)
 * @param asOf `YYYY-MM-DD` evaluation date; parameters in force on that date apply
 * @param options `explain: false` for the fast path (same amounts, no steps or sentences);
 *   `parameters` to evaluate with an injected parameter set
 * @returns ELIGIBLE (amounts), INELIGIBLE (one reason per failed test: `DIBAO.NO_COUNTED_MEMBERS`,
 *   `DIBAO.INCOME_NOT_BELOW_STANDARD`, `DIBAO.FINANCIAL_ASSETS_ABOVE_LIMIT`, `DIBAO.HAS_VEHICLE`,
 *   `DIBAO.MORE_THAN_ONE_RESIDENCE`, `DIBAO.HAS_BUSINESS`) or NEEDS_MANUAL_REVIEW (a reason
 *   `RULES.MISSING_PARAMETER` naming each parameter with no value in force, plus any failed test
 *   already known); amounts are never derived from a missing value.
 * @throws InvalidInputError for malformed input (bad date, negative or fractional fen, no members,
 *   a bad `jobStartedOn`, `refusedReferrals` or `dibao`) and `RULES.MEMBER_NOT_YET_BORN` for a
 *   member born after `asOf` (see `checkHousehold`).
 */
export function evaluateDibao(household: Household, asOf: string, options: DibaoOptions = {}): DibaoResult {
  const asOfInt = asOfToInt(asOf);
  checkDibaoHousehold(household, asOf, asOfInt);
  const table = new ParameterTable(options.parameters ?? parameterDefinitions(), asOf, { hukou: household.hukou, area: household.area });
  return dibaoOfChecked(household, asOfInt, table, options.explain ?? true);
}
