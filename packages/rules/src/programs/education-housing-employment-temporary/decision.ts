import { citeZh } from '../../clauses';
import { ParameterReader } from '../../parameter-reader';
import type { Referral } from '../../referrals/referral';
import type { Household, Member, Period, Reason } from '../../types';
import type { Entitlement, ProgramCode, ProgramContext, ProgramOutcome } from '../program';

/**
 * Where the household stands on dibao for the programs that are given to dibao households
 * (education City §7–8, housing City §9–10, employment City §11–12, temporary-assistance priority
 * and the funeral-fee waiver City §13):
 * - `eligible`: the household qualifies for dibao at the evaluation date (`ctx.dibao()` ELIGIBLE),
 *   or — for department referrals — it is an approved dibao household;
 * - `ineligible`: it does not qualify (`reasons` are dibao's failed tests);
 * - `review`: dibao itself needs manual review (`reasons` name the missing parameters), so a
 *   program that depends on it cannot be decided either.
 */
export type DibaoStanding =
  | { kind: 'eligible' }
  | { kind: 'ineligible'; reasons: Reason[] }
  | { kind: 'review'; reasons: Reason[] };

/** Facts one computation of these programs needs; built from a `ProgramContext` or a referral. */
export interface AssistanceFacts {
  household: Household;
  /** `YYYY-MM-DD`. */
  asOf: string;
  /** Reads parameters for the household's hukou and area, collecting missing ones. */
  reader: ParameterReader;
  /** Computed on demand (the dibao evaluation is shared and cached by `evaluate`). */
  standing(): DibaoStanding;
}

/** One decision of one program for one recipient (`memberId` null: the household). */
export type Decision =
  | { kind: 'entitled'; line: Entitlement }
  | { kind: 'ineligible'; program: ProgramCode; memberId: string | null; reasons: Reason[] }
  | {
      kind: 'review';
      program: ProgramCode;
      memberId: string | null;
      period: Period;
      clauses: string[];
      reasons: Reason[];
      /** Chinese sentence saying what could not be decided, ending with the citation. */
      explanation: string;
    };

/** A reason in the package's bilingual form `中文 / English`. */
export function reason(code: string, zh: string, en: string, extra: Partial<Reason> = {}): Reason {
  return { code, message: `${zh} / ${en}`, ...extra };
}

/** Chinese part of a bilingual reason message. */
export function zhOf(r: Reason): string {
  return r.message.split(' / ')[0] ?? r.message;
}

/** `zh + '，' + 依据…`: every explanation ends with the Chinese citation of its clauses. */
export function withCitation(zh: string, clauses: string[]): string {
  return `${zh}，${citeZh(clauses)}`;
}

/** An entitlement line (amount in integer fen per `period`), its explanation ending with the citation. */
export function entitled(
  program: ProgramCode,
  memberId: string | null,
  amountFen: number,
  period: Period,
  clauses: string[],
  explanationZh: string,
): Decision {
  return { kind: 'entitled', line: { program, memberId, amountFen, period, clauses: [...clauses], explanation: withCitation(explanationZh, clauses) } };
}

/** A decision that needs a clerk: `reasons` say why (a missing parameter is named in `parameter`). */
export function review(
  program: ProgramCode,
  memberId: string | null,
  period: Period,
  clauses: string[],
  reasons: Reason[],
  whoZh: string,
): Decision {
  return {
    kind: 'review',
    program,
    memberId,
    period,
    clauses: [...clauses],
    reasons,
    explanation: withCitation(`${whoZh}需人工审核：${reasons.map(zhOf).join('；')}`, clauses),
  };
}

/** The reasons the reader recorded for the given parameter names (`RULES.MISSING_PARAMETER`). */
export function missingReasons(reader: ParameterReader, names: readonly string[]): Reason[] {
  return reader.reasons().filter((r) => r.parameter !== undefined && names.includes(r.parameter));
}

/** `RULES.DIBAO_UNDECIDED` followed by dibao's own review reasons (the missing parameters). */
export function dibaoUndecided(standing: { reasons: Reason[] }): Reason[] {
  return [
    reason('RULES.DIBAO_UNDECIDED', '低保资格需人工审核，本项目以低保资格为条件，暂不能确定', 'dibao needs manual review and this program depends on it'),
    ...standing.reasons,
  ];
}

/** The household's standing from the shared dibao evaluation of `evaluate` (`ctx.dibao()`). */
export function standingFromContext(ctx: ProgramContext): DibaoStanding {
  const r = ctx.dibao();
  if (r.status === 'ELIGIBLE') return { kind: 'eligible' };
  if (r.status === 'INELIGIBLE') return { kind: 'ineligible', reasons: r.reasons };
  return { kind: 'review', reasons: r.reasons };
}

/** Facts for a program module: a fresh parameter reader and the standing from `ctx.dibao()`. */
export function factsFromContext(ctx: ProgramContext): AssistanceFacts {
  return {
    household: ctx.household,
    asOf: ctx.asOf,
    reader: new ParameterReader(ctx.asOf, { hukou: ctx.household.hukou, area: ctx.household.area }),
    standing: () => standingFromContext(ctx),
  };
}

/** Facts for a department referral: the household is an approved dibao household. */
export function factsForApprovedDibao(household: Household, asOf: string, reader: ParameterReader): AssistanceFacts {
  return { household, asOf, reader, standing: () => ({ kind: 'eligible' }) };
}

function dedupe(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.code}|${r.memberId ?? ''}|${r.parameter ?? ''}|${r.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The evaluation outcome of one program from its decisions: every entitlement line; at most one
 * `ineligible` line and one `needsManualReview` line, each gathering the reasons of all members
 * (member reasons carry `memberId`).
 */
export function outcomeOf(program: ProgramCode, decisions: readonly Decision[]): ProgramOutcome {
  const out: ProgramOutcome = { entitlements: [], ineligible: [], needsManualReview: [] };
  const ineligible: Reason[] = [];
  const reviews: Reason[] = [];
  for (const d of decisions) {
    if (d.kind === 'entitled') {
      if (d.line.program === program) out.entitlements.push(d.line);
    } else if (d.program === program) {
      (d.kind === 'ineligible' ? ineligible : reviews).push(...d.reasons);
    }
  }
  if (ineligible.length > 0) out.ineligible.push({ program, reasons: dedupe(ineligible) });
  if (reviews.length > 0) out.needsManualReview.push({ program, reasons: dedupe(reviews) });
  return out;
}

/**
 * Department-referral lines from the same decisions: entitlements as they are; decisions needing
 * review as lines with `amountFen` 0, `needsManualReview: true` and the reasons; ineligible
 * decisions are not referred.
 */
export function referralsOf(decisions: readonly Decision[]): Referral[] {
  const out: Referral[] = [];
  for (const d of decisions) {
    if (d.kind === 'entitled') {
      const { program, memberId, amountFen, period, clauses, explanation } = d.line;
      out.push({ program, memberId, amountFen, period, clauses, explanation });
    } else if (d.kind === 'review') {
      const { program, memberId, period, clauses, explanation, reasons } = d;
      out.push({ program, memberId, amountFen: 0, period, clauses, explanation, reasons, needsManualReview: true });
    }
  }
  return out;
}

/** True when the member is an approved tekun recipient of the given kind (any kind when omitted). */
export function isTekun(m: Member, kind?: 'wubao' | 'sanwu' | 'orphan'): boolean {
  return !!m.tekun && (kind === undefined || m.tekun.kind === kind);
}
