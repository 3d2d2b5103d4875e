import { ageOn } from '../../dates';
import type { ParameterTable } from '../../parameter-table';
import type { Referral } from '../../referrals/referral';
import type { Household, Member, Period, Reason, Status } from '../../types';
import { citeCached as citeCachedImport } from '../medical/outcome';
import { constantReason, copyOf as copyOfImport, type ConstantLine, type DibaoReasonLines, type Entitlement, type ProgramCode, type ProgramOutcome } from '../program';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const citeCached = citeCachedImport;
const copyOf = copyOfImport;

export { reason, leanReason, constantReason, ConstantLine, DibaoReasonLines } from '../program';

/**
 * Facts one computation of these programs needs. A `ProgramContext` is one (the household's dibao
 * is the one `evaluate` computes); a department referral builds one for an approved dibao household.
 *
 * Where the household stands on dibao decides the programs given to dibao households (education
 * City §7–8, housing City §9–10, employment City §11–12, temporary-assistance priority and the
 * funeral-fee waiver City §13): `ELIGIBLE` — it qualifies on the evaluation date, or it is an
 * approved dibao household; `INELIGIBLE` — it does not (`reasons` are dibao's failed tests);
 * `NEEDS_MANUAL_REVIEW` — dibao itself needs review (`reasons` name the missing parameters), so a
 * program that depends on it cannot be decided either.
 */
export interface AssistanceFacts {
  readonly household: Household;
  /** `YYYY-MM-DD`. */
  readonly asOf: string;
  /** false: no sentences (entitlement explanations empty, reason messages fixed per code). */
  readonly explain: boolean;
  /** Parameters in force on `asOf` for the household's hukou and area. */
  readonly params: ParameterTable;
  /** `ages[i]`: whole years on `asOf` of `household.members[i]`. */
  readonly ages: ArrayLike<number>;
  /** The household's dibao standing, computed on demand (shared and cached by `evaluate`). */
  dibao(): { status: Status; reasons: Reason[] };
}

/**
 * Where the decisions of one computation go: the lines of one program of `evaluate`
 * (`ProgramFold`), or department referral lines (`ReferralCollector`). A sink takes the `reasons`
 * arrays it is given (callers pass arrays of their own, never one they keep or share).
 */
export interface DecisionSink {
  /** An entitlement line (amount in integer fen per `period`). */
  entitled(line: Entitlement): void;
  /** A program (for the member, or the household when null) is not given, for `reasons`. */
  ineligible(program: ProgramCode, memberId: string | null, reasons: Reason[]): void;
  /**
   * A decision that needs a clerk: `reasons` say why (a missing parameter is named in `parameter`);
   * `whoZh` names who or what is undecided, for the referral's sentence.
   */
  review(program: ProgramCode, memberId: string | null, period: Period, clauses: readonly string[], reasons: Reason[], whoZh: string): void;
  /** The program is not given, for the reasons of a `ConstantLine` (they name nobody). */
  constant(line: ConstantLine): void;
  /** The program is not given, for the first reasons of `lines` followed by dibao's failed tests. */
  dibaoIneligible(lines: DibaoReasonLines, dibaoReasons: readonly Reason[]): void;
}

/** Chinese part of a bilingual reason message. */
export function zhOf(r: Reason): string {
  return r.message.split(' / ')[0] ?? r.message;
}

/** `zh + '，' + 依据…`: every explanation ends with the Chinese citation of its clauses. */
export function withCitation(zh: string, clauses: readonly string[]): string {
  return `${zh}，${citeCached(clauses)}`;
}

/**
 * An entitlement line (amount in integer fen per `period`), its explanation ending with the
 * citation; `explanationZh` null (the fast path) gives an empty explanation.
 */
export function entitledLine(
  program: ProgramCode,
  memberId: string | null,
  amountFen: number,
  period: Period,
  clauses: readonly string[],
  explanationZh: string | null,
): Entitlement {
  return { program, memberId, amountFen, period, clauses: clauses.slice(), explanation: explanationZh === null ? '' : withCitation(explanationZh, clauses) };
}

const DIBAO_UNDECIDED = constantReason('RULES.DIBAO_UNDECIDED', '低保资格需人工审核，本项目以低保资格为条件，暂不能确定', 'dibao needs manual review and this program depends on it');

/** `RULES.DIBAO_UNDECIDED` followed by dibao's own review reasons (the missing parameters). */
export function dibaoUndecided(dibaoReasons: readonly Reason[]): Reason[] {
  const out = [DIBAO_UNDECIDED];
  for (let i = 0; i < dibaoReasons.length; i++) out.push(dibaoReasons[i]!);
  return out;
}

/** `first` followed by `rest`, in a new array. */
export function reasonsWith(first: Reason, rest: readonly Reason[]): Reason[] {
  const out = [first];
  for (let i = 0; i < rest.length; i++) out.push(rest[i]!);
  return out;
}

/** True when the member is an approved tekun recipient of the given kind (any kind when omitted). */
export function isTekun(m: Member, kind?: 'wubao' | 'sanwu' | 'orphan'): boolean {
  return !!m.tekun && (kind === undefined || m.tekun.kind === kind);
}

/** The members' ages on `asOf` (as `ageOn`), for facts built outside `evaluate`. */
export function agesOn(household: Household, asOf: string): number[] {
  return household.members.map((m) => ageOn(m.birthDate, asOf));
}

const sameKey = (a: Reason, b: Reason): boolean =>
  a === b ||
  (a.code === b.code && (a.memberId ?? '') === (b.memberId ?? '') && (a.parameter ?? '') === (b.parameter ?? '') && a.message === b.message);

/** `reasons` without repeats (same code, member, parameter and message), first kept; in place. */
function dedupe(reasons: Reason[]): Reason[] {
  const len = reasons.length;
  if (len < 2) return reasons;
  let n = 1;
  for (let i = 1; i < len; i++) {
    const r = reasons[i]!;
    let seen = false;
    for (let j = 0; j < n; j++) {
      if (sameKey(reasons[j]!, r)) {
        seen = true;
        break;
      }
    }
    if (!seen) {
      if (n !== i) reasons[n] = r;
      n++;
    }
  }
  if (n < len) reasons.length = n;
  return reasons;
}

/**
 * The evaluation outcome of one program from its decisions: every entitlement line; at most one
 * `ineligible` line and one `needsManualReview` line, each gathering the reasons of all members
 * (member reasons carry `memberId`), without repeats. Decisions of other programs are ignored.
 *
 * A program module keeps one fold and uses it for one household at a time: `start`, the
 * decisions, `finish` (evaluation is synchronous; `start` forgets whatever an interrupted
 * household left).
 */
export class ProgramFold implements DecisionSink {
  private out: ProgramOutcome = { entitlements: [], ineligible: [], needsManualReview: [] };
  private explain = true;
  private ineligibleReasons: Reason[] | null = null;
  private reviewReasons: Reason[] | null = null;
  /** A constant line while it is the only ineligible decision (pushed as it is). */
  private constantLine: ConstantLine | null = null;
  /** A line of dibao's failed tests while it is the only ineligible decision (pushed as it is). */
  private dibaoLines: DibaoReasonLines | null = null;
  private dibaoReasons: readonly Reason[] = [];

  constructor(readonly program: ProgramCode) {}

  /** Starts the decisions of one household, whose lines go to `out`. */
  start(out: ProgramOutcome, explain: boolean): void {
    this.out = out;
    this.explain = explain;
    this.ineligibleReasons = null;
    this.reviewReasons = null;
    this.constantLine = null;
    this.dibaoLines = null;
  }

  constant(line: ConstantLine): void {
    if (line.program !== this.program) return;
    if (this.ineligibleReasons === null && this.constantLine === null && this.dibaoLines === null) this.constantLine = line;
    else this.ineligible(line.program, null, copyOf(line.line.reasons));
  }

  dibaoIneligible(lines: DibaoReasonLines, dibaoReasons: readonly Reason[]): void {
    if (lines.program !== this.program) return;
    if (this.ineligibleReasons === null && this.constantLine === null && this.dibaoLines === null) {
      this.dibaoLines = lines;
      this.dibaoReasons = dibaoReasons;
    } else {
      const reasons = copyOf(lines.first);
      for (let i = 0; i < dibaoReasons.length; i++) reasons.push(dibaoReasons[i]!);
      this.ineligible(lines.program, null, reasons);
    }
  }

  /** Turns a line kept as it is into the list of ineligible reasons, as more reasons come. */
  private expand(): void {
    if (this.constantLine !== null) {
      this.ineligibleReasons = copyOf(this.constantLine.line.reasons);
      this.constantLine = null;
    } else if (this.dibaoLines !== null) {
      const reasons = copyOf(this.dibaoLines.first);
      for (let i = 0; i < this.dibaoReasons.length; i++) reasons.push(this.dibaoReasons[i]!);
      this.ineligibleReasons = reasons;
      this.dibaoLines = null;
    }
  }

  entitled(line: Entitlement): void {
    if (line.program === this.program) this.out.entitlements.push(line);
  }

  ineligible(program: ProgramCode, _memberId: string | null, reasons: Reason[]): void {
    if (program !== this.program) return;
    if (this.constantLine !== null || this.dibaoLines !== null) this.expand();
    if (this.ineligibleReasons === null) this.ineligibleReasons = reasons;
    else for (let i = 0; i < reasons.length; i++) this.ineligibleReasons.push(reasons[i]!);
  }

  review(program: ProgramCode, _memberId: string | null, _period: Period, _clauses: readonly string[], reasons: Reason[]): void {
    if (program !== this.program) return;
    if (this.reviewReasons === null) this.reviewReasons = reasons;
    else for (let i = 0; i < reasons.length; i++) this.reviewReasons.push(reasons[i]!);
  }

  /** Appends the ineligible and review lines (when any reason). */
  finish(): void {
    if (this.constantLine !== null) this.constantLine.push(this.out, this.explain);
    else if (this.dibaoLines !== null) this.dibaoLines.push(this.out, this.explain, this.dibaoReasons);
    else if (this.ineligibleReasons !== null && this.ineligibleReasons.length > 0) {
      this.out.ineligible.push({ program: this.program, reasons: dedupe(this.ineligibleReasons) });
    }
    if (this.reviewReasons !== null && this.reviewReasons.length > 0) {
      this.out.needsManualReview.push({ program: this.program, reasons: dedupe(this.reviewReasons) });
    }
  }
}

/**
 * Department-referral lines from the same decisions: entitlements as they are; decisions needing
 * review as lines with `amountFen` 0, `needsManualReview: true`, the reasons and a sentence saying
 * what could not be decided; ineligible decisions are not referred.
 */
export class ReferralCollector implements DecisionSink {
  readonly lines: Referral[] = [];

  entitled(line: Entitlement): void {
    const { program, memberId, amountFen, period, clauses, explanation } = line;
    this.lines.push({ program, memberId, amountFen, period, clauses, explanation });
  }

  ineligible(): void {}

  constant(): void {}

  dibaoIneligible(): void {}

  review(program: ProgramCode, memberId: string | null, period: Period, clauses: readonly string[], reasons: Reason[], whoZh: string): void {
    const explanation = withCitation(`${whoZh}需人工审核：${reasons.map(zhOf).join('；')}`, clauses);
    this.lines.push({ program, memberId, amountFen: 0, period, clauses: clauses.slice(), explanation, reasons, needsManualReview: true });
  }
}

const APPROVED = { status: 'ELIGIBLE' as const, reasons: [] as Reason[] };

/** Facts for a department referral: the household is an approved dibao household (sentences on). */
export function factsForApprovedDibao(household: Household, asOf: string, params: ParameterTable): AssistanceFacts {
  return { household, asOf, explain: true, params, ages: agesOn(household, asOf), dibao: () => APPROVED };
}
