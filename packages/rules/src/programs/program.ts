import type { ParameterTable } from '../parameter-table';
import type { Household, Member, Period, Reason } from '../types';
import { sharedFailureKey as sharedFailureKeyImport, type DibaoResult } from './dibao';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const sharedFailureKey = sharedFailureKeyImport;

/** Program codes of evaluations.md, exactly these strings. */
export const PROGRAM_CODES = [
  'dibao',
  'dibao.supplement',
  'tekun',
  'family-planning.special',
  'family-planning.reward',
  'medical.premium-subsidy',
  'medical.daily-subsidy',
  'medical.reimbursement',
  'education.preschool-waiver',
  'education.living-subsidy',
  'education.senior-grant',
  'education.college-grant',
  'housing.rental',
  'housing.rural-renovation',
  'employment.assistance',
  'temporary',
] as const;
export type ProgramCode = (typeof PROGRAM_CODES)[number];

/** One entitlement line of evaluations.md: one program and recipient. */
export interface Entitlement {
  program: ProgramCode;
  /** null for household-level lines. */
  memberId: string | null;
  /** Integer fen; 0 for non-cash lines. */
  amountFen: number;
  period: Period;
  /** At least one citation (`City §N`, `Reg. Art. N`, `MCA-2012 Art. N`). */
  clauses: string[];
  explanation: string;
}

/** A program the household (or member) does not qualify for, with the failed tests. */
export interface IneligibleLine {
  program: ProgramCode;
  reasons: Reason[];
}

/** A program that could not be decided automatically (missing parameter, not yet implemented). */
export interface ReviewLine {
  program: ProgramCode;
  reasons: Reason[];
}

/** What one program module contributes to an evaluation. */
export interface ProgramOutcome {
  entitlements: Entitlement[];
  ineligible: IneligibleLine[];
  needsManualReview: ReviewLine[];
}

/**
 * Facts shared by the program modules of one evaluation. Everything a module needs per household
 * is here, resolved once: the parameters in force (`params`, one table per (asOf, hukou, area)),
 * the members' ages, and dibao, computed once on first demand.
 */
export interface ProgramContext {
  /** `YYYY-MM-DD`. */
  readonly asOf: string;
  /** `asOf` as the integer YYYYMMDD. */
  readonly asOfInt: number;
  readonly household: Household;
  /**
   * false: the fast path — the same amounts, statuses, reason codes, member ids, parameters and
   * clauses, but entitlement explanations are empty and reason messages are fixed per code (no
   * names or figures). true: the clerk's sentences.
   */
  readonly explain: boolean;
  /** Parameters in force on `asOf` for the household's hukou and area. */
  readonly params: ParameterTable;
  /** `ages[i]`: whole years on `asOf` of `household.members[i]` (as `ageOn`). */
  readonly ages: ArrayLike<number>;
  /**
   * What the members are, counted in the same pass as `ages`, so that a module whose program has
   * no candidate in the household decides it without looking at the members again.
   */
  readonly members: MemberCounts;
  dibao(): DibaoResult;
}

/** Counts over `household.members` (one pass per household), read by the modules' first tests. */
export interface MemberCounts {
  /** Members with `tekun` set (approved tekun recipients). */
  tekun: number;
  /** Of those, wubao recipients (`tekun.kind === 'wubao'`). */
  wubao: number;
  /**
   * Education candidates as bits: `1 << k` when a member's `school.level` belongs to
   * `EDUCATION_PROGRAMS[k]` (k 0–2: preschool; primary or junior; senior or vocational),
   * `EDUCATION_ADMISSION` when a member has an `admission`, `EDUCATION_UNKNOWN_LEVEL` when a
   * member's school level is none of these.
   */
  education: number;
  /** Members without `tekun`, not `employed`, who `canWork`: the employment-assistance candidates. */
  jobSeekers: number;
}

/** `MemberCounts.education` bit of a member with an `admission` (the college grant's candidates). */
export const EDUCATION_ADMISSION = 1 << 3;
/** `MemberCounts.education` bit of a member whose school level is unknown (decided in full). */
export const EDUCATION_UNKNOWN_LEVEL = 1 << 4;

/**
 * The `MemberCounts.education` bit of a school level: `1 << k` for the k-th program of
 * `EDUCATION_PROGRAMS`, `EDUCATION_UNKNOWN_LEVEL` for an unknown level.
 */
export function schoolLevelBit(level: string): number {
  switch (level) {
    case 'preschool':
      return 1;
    case 'primary':
    case 'junior':
      return 2;
    case 'senior':
    case 'vocational':
      return 4;
    default:
      return EDUCATION_UNKNOWN_LEVEL;
  }
}

/**
 * Counts `MemberCounts` over `members` into `out` (reset first).
 */
export function countMembers(members: readonly Member[], out: MemberCounts): void {
  let tekun = 0;
  let wubao = 0;
  let education = 0;
  let jobSeekers = 0;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    const t = m.tekun;
    if (t) {
      tekun++;
      if (t.kind === 'wubao') wubao++;
    } else if (!m.employed && m.canWork) jobSeekers++;
    const school = m.school;
    if (school) education |= schoolLevelBit(school.level);
    if (m.admission) education |= EDUCATION_ADMISSION;
  }
  out.tekun = tekun;
  out.wubao = wubao;
  out.education = education;
  out.jobSeekers = jobSeekers;
}

/** A program module: one file per program under `src/programs/`. */
export interface ProgramModule {
  program: ProgramCode;
  /**
   * Appends this program's lines to `out` (the response being built): its entitlements, at most one
   * ineligible line and at most one review line.
   */
  evaluate(ctx: ProgramContext, out: ProgramOutcome): void;
}

/**
 * A reason: stable `code`, message `中文 / English`, and when given the member concerned. Built
 * field by field in one order (one object shape).
 */
export function reason(code: string, zh: string, en: string, memberId?: string): Reason {
  return memberId === undefined ? { code, message: `${zh} / ${en}` } : { code, message: `${zh} / ${en}`, memberId };
}

/**
 * A reason of the fast path: the code and a fixed `message` (no names or figures), with the member
 * concerned when given.
 */
export function leanReason(code: string, message: string, memberId?: string): Reason {
  return memberId === undefined ? { code, message } : { code, message, memberId };
}

/** A reason shared by every result it appears in (its text names nobody): frozen. */
export function constantReason(code: string, zh: string, en: string): Reason {
  return Object.freeze({ code, message: `${zh} / ${en}` });
}

/**
 * An ineligible line whose reasons name nobody and carry no figures: made once, frozen. The fast
 * path shares it between results; an explained result gets a copy of its own.
 */
export class ConstantLine {
  /** The line the fast path shares (frozen). */
  readonly line: IneligibleLine;

  constructor(
    readonly program: ProgramCode,
    ...reasons: Reason[]
  ) {
    this.line = Object.freeze({ program, reasons: Object.freeze(reasons) as Reason[] });
  }

  /** Appends the line to `out`: the shared line itself on the fast path, a copy when explaining. */
  push(out: ProgramOutcome, explain: boolean): void {
    // The copy is made out of line: this method stays small enough to be inlined where it is called.
    if (explain) this.pushCopy(out);
    else out.ineligible.push(this.line);
  }

  private pushCopy(out: ProgramOutcome): void {
    out.ineligible.push({ program: this.program, reasons: copyOf(this.line.reasons) });
  }
}

/**
 * Ineligible lines `{program, reasons: [...first, ...dibao's reasons]}` of a program that needs
 * dibao. On the fast path dibao's failed tests are shared frozen lists (one per combination of
 * failed tests, see `evaluateDibao`), so such a line is made once per combination and shared
 * (frozen); an explained result, or dibao reasons of its own, gets a line of its own.
 */
export class DibaoReasonLines {
  /** The shared lines by combination of dibao's failed tests (`sharedFailureKey`). */
  private readonly shared: (IneligibleLine | undefined)[] = new Array<IneligibleLine | undefined>(64).fill(undefined);

  constructor(
    readonly program: ProgramCode,
    readonly first: readonly Reason[],
  ) {}

  push(out: ProgramOutcome, explain: boolean, dibaoReasons: readonly Reason[]): void {
    const key = explain ? -1 : sharedFailureKey(dibaoReasons);
    const line = key >= 0 ? this.shared[key] : undefined;
    // The lines made here for the first time, and those of their own, are made out of line.
    if (line !== undefined) out.ineligible.push(line);
    else this.pushNew(out, key, dibaoReasons);
  }

  private pushNew(out: ProgramOutcome, key: number, dibaoReasons: readonly Reason[]): void {
    if (key >= 0) {
      const line = new ConstantLine(this.program, ...this.first, ...dibaoReasons).line;
      this.shared[key] = line;
      out.ineligible.push(line);
      return;
    }
    const reasons = copyOf(this.first);
    for (let i = 0; i < dibaoReasons.length; i++) reasons.push(dibaoReasons[i]!);
    out.ineligible.push({ program: this.program, reasons });
  }
}

/** A plain copy of a (possibly frozen) array: `slice` of a frozen array takes a slow path. */
export function copyOf<T>(items: readonly T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) out.push(items[i]!);
  return out;
}

/** Pushes one ineligible line of `program` with `reasons` when there is any reason. */
export function pushIneligible(out: ProgramOutcome, program: ProgramCode, reasons: Reason[]): void {
  if (reasons.length > 0) out.ineligible.push({ program, reasons });
}

/** Pushes one review line of `program` with `reasons` when there is any reason. */
export function pushReview(out: ProgramOutcome, program: ProgramCode, reasons: Reason[]): void {
  if (reasons.length > 0) out.needsManualReview.push({ program, reasons });
}
