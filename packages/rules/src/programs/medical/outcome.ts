import { citeZh } from '../../clauses';
import { ParameterReader } from '../../parameter-reader';
import type { ParameterName } from '../../parameters';
import { memberLabel } from '../../people';
import type { Member, Period, Reason } from '../../types';
import type { Entitlement, ProgramCode, ProgramContext, ProgramOutcome } from '../program';

/**
 * Small builders shared by the tekun, family-planning and medical program modules: bilingual
 * reasons, entitlement lines with the Chinese citation appended, and the collection of one
 * program's lines into a `ProgramOutcome` (one ineligible line and one review line per program,
 * each reason naming its member by `memberId`).
 */

/**
 * The parameter reader of one program evaluation: values in force on `ctx.asOf` for the
 * household's hukou and area, missing ones recorded instead of thrown. The one place where the
 * tekun, family-planning and medical modules obtain parameters.
 */
export function readerFor(ctx: ProgramContext): ParameterReader {
  return new ParameterReader(ctx.asOf, { hukou: ctx.household.hukou, area: ctx.household.area });
}

/** A reason: stable `code`, message `中文 / English`, optionally the member and parameter concerned. */
export function reason(code: string, zh: string, en: string, extra: Partial<Reason> = {}): Reason {
  return { code, message: `${zh} / ${en}`, ...extra };
}

/**
 * An entitlement line; `explanationZh` (members named by name, amounts in yuan) gets the Chinese
 * citation of `clauses` appended, e.g. `…每月900元，依据《…实施意见》(乌海政发〔2014〕73号)第4条`.
 * @param amountFen integer fen per `period`
 */
export function entitlement(
  program: ProgramCode,
  memberId: string | null,
  amountFen: number,
  period: Period,
  clauses: string[],
  explanationZh: string,
): Entitlement {
  return { program, memberId, amountFen, period, clauses, explanation: `${explanationZh}，${citeZh(clauses)}` };
}

/**
 * The `RULES.MISSING_PARAMETER` reasons of `reader` for `parameterName` (all missing ones when
 * omitted), re-worded to name the member whose line could not be computed and carrying `memberId`.
 */
export function missingParameterReasons(reader: ParameterReader, member?: Member, parameterName?: ParameterName): Reason[] {
  return reader
    .reasons()
    .filter((r) => parameterName === undefined || r.parameter === parameterName)
    .map((r) =>
      member
        ? { ...r, message: `${memberLabel(member)}：${r.message.replace(' / ', ` / ${memberLabel(member)}: `)}`, memberId: member.id }
        : r,
    );
}

/** Collects one program's lines; `outcome()` folds the reasons into at most one line of each kind. */
export class OutcomeBuilder {
  readonly entitlements: Entitlement[] = [];
  readonly ineligibleReasons: Reason[] = [];
  readonly reviewReasons: Reason[] = [];

  constructor(readonly program: ProgramCode) {}

  /** The outcome: entitlements, one ineligible line (if any reason) and one review line (if any). */
  outcome(): ProgramOutcome {
    return {
      entitlements: this.entitlements,
      ineligible: this.ineligibleReasons.length > 0 ? [{ program: this.program, reasons: this.ineligibleReasons }] : [],
      needsManualReview: this.reviewReasons.length > 0 ? [{ program: this.program, reasons: this.reviewReasons }] : [],
    };
  }
}
