import { citeZh } from '../../clauses';
import type { ParameterTable } from '../../parameter-table';
import { memberLabel as memberLabelImport } from '../../people';
import type { Member, Period, Reason } from '../../types';
import type { Entitlement, ProgramCode } from '../program';

// Bound once: under tsx (esbuild's CommonJS output) every call through an import reads a getter
// of the exporting module's object, a measurable cost on the per-household path.
const memberLabel = memberLabelImport;

/**
 * Small builders shared by the tekun, family-planning and medical program modules: entitlement
 * lines with the Chinese citation appended, and the review reasons of missing parameters naming
 * the member concerned.
 */

export { reason } from '../program';

/** `citeZh` of a clause list, kept per list (a handful of distinct lists occur). */
const citeCache = new Map<string, string>();
export function citeCached(clauses: readonly string[]): string {
  const key = clauses.join('|');
  let s = citeCache.get(key);
  if (s === undefined) {
    s = citeZh([...clauses]);
    if (citeCache.size < 256) citeCache.set(key, s);
  }
  return s;
}

/**
 * An entitlement line; `explanationZh` (members named by name, amounts in yuan) gets the Chinese
 * citation of `clauses` appended, e.g. `…每月900元，依据《…实施意见》(乌海政发〔2014〕73号)第4条`;
 * `explanationZh` null (the fast path): the explanation is empty.
 * @param amountFen integer fen per `period`
 */
export function entitlement(
  program: ProgramCode,
  memberId: string | null,
  amountFen: number,
  period: Period,
  clauses: readonly string[],
  explanationZh: string | null,
): Entitlement {
  return { program, memberId, amountFen, period, clauses: clauses.slice(), explanation: explanationZh === null ? '' : `${explanationZh}，${citeCached(clauses)}` };
}

/**
 * The `RULES.MISSING_PARAMETER` reasons of the given parameter slots that have no value, in order,
 * re-worded to name the member whose line could not be computed and carrying `memberId` (when a
 * member is given).
 */
export function missingParameterReasons(params: ParameterTable, slots: readonly number[], member?: Member): Reason[] {
  const out = params.missingReasons(slots);
  if (member === undefined) return out;
  const who = memberLabel(member);
  for (let i = 0; i < out.length; i++) {
    const r = out[i]!;
    out[i] = { code: r.code, message: `${who}：${r.message.replace(' / ', ` / ${who}: `)}`, parameter: r.parameter, memberId: member.id };
  }
  return out;
}
