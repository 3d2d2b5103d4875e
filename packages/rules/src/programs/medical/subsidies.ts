import { ageOn } from '../../dates';
import { yuan as yuanImport } from '../../money';
import { parameterSlot, type ParameterTable } from '../../parameter-table';
import type { ParameterName } from '../../parameters';
import { memberLabel as memberLabelImport } from '../../people';
import type { DibaoClass, Household, Member, Period } from '../../types';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const yuan = yuanImport;
const memberLabel = memberLabelImport;

/**
 * Medical-assistance subsidies of City §6, computed once for both users: the `evaluate()` program
 * modules (`medical.premium-subsidy`, `medical.daily-subsidy`) and the health department's referral
 * of an approved dibao household (`src/referrals/health.ts`).
 */

export type SubsidyProgram = 'medical.premium-subsidy' | 'medical.daily-subsidy';

/** Who a subsidy line is computed for, and what is known about the household. */
export interface SubsidyBasis {
  household: Household;
  /** `YYYY-MM-DD`; ages and parameters are taken on this date. */
  asOf: string;
  /**
   * The class of the household's dibao (approved or just evaluated); `null` when the household is
   * not a dibao household — then only wubao members qualify (premium) and nobody for the daily
   * subsidy.
   */
  dibaoClass: DibaoClass | null;
  /** Parameters in force on `asOf` for the household's hukou and area. */
  params: ParameterTable;
  /** false: sentences are left empty (the fast path). Default true. */
  explain?: boolean;
  /** The members' ages on `asOf` (as `ageOn`), when already known. */
  ages?: ArrayLike<number>;
}

/** A computed line: integer fen per `period`, Chinese sentence without the citation. */
export interface PaidSubsidyLine {
  kind: 'paid';
  program: SubsidyProgram;
  member: Member;
  amountFen: number;
  period: Period;
  clauses: string[];
  /** Names the member by name, amount in yuan; the caller appends the citation. Null when not explained. */
  explanationZh: string | null;
}

/** A member who qualifies but whose amount (or qualification) depends on a missing parameter. */
export interface ReviewSubsidyLine {
  kind: 'review';
  program: SubsidyProgram;
  member: Member;
  period: Period;
  clauses: string[];
  /** The parameter with no value in force (recorded in the basis' reader). */
  missingParameter: ParameterName;
}

export type SubsidyLine = PaidSubsidyLine | ReviewSubsidyLine;

const CLAUSES = ['City §6'];
/** No line (returned when nobody qualifies; only ever read). */
const NO_LINES: SubsidyLine[] = [];
const S_PREMIUM = parameterSlot('medical.premium');
const S_FLAT = parameterSlot('medical.premium-subsidy.flat');
const S_ELDERLY = parameterSlot('person.elderly-age');
const S_DAILY = parameterSlot('medical.daily-subsidy');

/** Why a member gets the full premium, or null (City §6). */
function fullPremiumBasis(m: Member, dibaoClass: DibaoClass | null): string | null {
  if (m.tekun?.kind === 'wubao') return '农区五保对象';
  if (dibaoClass === 'A') return 'A类低保家庭成员';
  if (dibaoClass && m.disability) return '残疾人';
  if (dibaoClass && m.school) return '在校学生';
  return null;
}

/**
 * Premium subsidy for the resident basic medical insurance (City §6 "资助低保对象参加城镇居民基本医疗保险，
 * 低保对象中的A类人员、残疾人、学生和农区五保对象全额资助，B、C类人员每人资助50元"), per person per year:
 * - with a dibao class: every member of the household (tekun members living in it included, City §6
 *   "继续资助特困人员参加城镇居民基本医疗保险") — the full premium (`medical.premium`, 9 000 fen in 2014,
 *   12 000 from 2015) when the household is class A, the member is disabled, a student (`school` not
 *   null) or a wubao recipient; otherwise the flat `medical.premium-subsidy.flat` (5 000 fen);
 * - without a dibao class: only wubao members, full premium.
 * No rounding: the amounts are the parameters' whole-fen values.
 * @returns one line per qualifying member, in member order; a review line naming the parameter
 *   when its value is missing on `asOf`.
 */
export function premiumSubsidyLines(b: SubsidyBasis): SubsidyLine[] {
  let out: SubsidyLine[] | null = null;
  const program = 'medical.premium-subsidy';
  const explain = b.explain ?? true;
  const members = b.household.members;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (!b.dibaoClass && m.tekun?.kind !== 'wubao') continue;
    const basis = fullPremiumBasis(m, b.dibaoClass);
    const slot = basis ? S_PREMIUM : S_FLAT;
    const p = b.params.value(slot);
    if (!p) {
      (out ??= []).push({ kind: 'review', program, member: m, period: 'year', clauses: CLAUSES, missingParameter: basis ? 'medical.premium' : 'medical.premium-subsidy.flat' });
    } else {
      const explanationZh = !explain
        ? null
        : basis
          ? `${memberLabel(m)}为${basis}，全额资助参加城镇居民基本医疗保险，每年${yuan(p.value)}元`
          : `${memberLabel(m)}为${b.dibaoClass ?? ''}类低保家庭成员，资助参加城镇居民基本医疗保险每人每年${yuan(p.value)}元`;
      (out ??= []).push({ kind: 'paid', program, member: m, amountFen: p.value, period: 'year', clauses: CLAUSES, explanationZh });
    }
  }
  return out ?? NO_LINES;
}

/**
 * Daily medical subsidy (City §6 "为A类低保人员、低保老年人和一、二、三级低保残疾人发放日常医疗补贴"),
 * `medical.daily-subsidy` (3 000 fen) per person per month, for the counted dibao members (tekun
 * members are not dibao members) of a class-A household, aged ≥ `person.elderly-age` (60, on the
 * birthday itself) or with disability grade 1–3. Without a dibao class nobody qualifies.
 * No rounding: the amount is the parameter's whole-fen value.
 * @returns one line per qualifying member; review lines naming `person.elderly-age` (for every
 *   counted member, as age decides) or `medical.daily-subsidy` when missing.
 */
export function dailySubsidyLines(b: SubsidyBasis): SubsidyLine[] {
  if (!b.dibaoClass) return NO_LINES;
  const out: SubsidyLine[] = [];
  const program = 'medical.daily-subsidy';
  const explain = b.explain ?? true;
  const elderly = b.params.value(S_ELDERLY);
  const members = b.household.members;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.tekun) continue;
    if (!elderly) {
      out.push({ kind: 'review', program, member: m, period: 'month', clauses: CLAUSES, missingParameter: 'person.elderly-age' });
      continue;
    }
    const age = b.ages ? b.ages[i]! : ageOn(m.birthDate, b.asOf);
    const classA = b.dibaoClass === 'A';
    const old = age >= elderly.value;
    const disabled = !!m.disability && m.disability.grade <= 3;
    if (!classA && !old && !disabled) continue;
    const daily = b.params.value(S_DAILY);
    if (!daily) {
      out.push({ kind: 'review', program, member: m, period: 'month', clauses: CLAUSES, missingParameter: 'medical.daily-subsidy' });
    } else {
      let explanationZh: string | null = null;
      if (explain) {
        const bases: string[] = [];
        if (classA) bases.push('A类低保人员');
        if (old) bases.push(`${age}周岁低保老年人`);
        if (disabled) bases.push(`${'一二三'[m.disability!.grade - 1] ?? m.disability!.grade}级低保残疾人`);
        explanationZh = `${memberLabel(m)}为${bases.join('、')}，发放日常医疗补贴每月${yuan(daily.value)}元`;
      }
      out.push({ kind: 'paid', program, member: m, amountFen: daily.value, period: 'month', clauses: CLAUSES, explanationZh });
    }
  }
  return out;
}
