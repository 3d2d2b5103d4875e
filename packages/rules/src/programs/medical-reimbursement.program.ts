import { InvalidInputError } from '../errors';
import { assertFen, divRoundHalfUp, rateToBasisPoints, yuan } from '../money';
import type { ParameterName } from '../parameters';
import { memberLabel } from '../people';
import type { DibaoResult } from './dibao';
import { entitlement, missingParameterReasons, OutcomeBuilder, readerFor, reason } from './medical/outcome';
import type { ProgramModule } from './program';
import { TEKUN_KIND_ZH } from './tekun.program';

const CLAUSES = ['City §6', 'Reg. Art. 28', 'Reg. Art. 29'];

const pct = (rate: number) => `${rateToBasisPoints(rate) / 100}%`;

/**
 * The assistance share of one bill, in integer fen: `rate × outOfPocketFen` rounded half-up to the
 * fen (computed on integers: `outOfPocketFen × basisPoints / 10 000`), then capped by what is left
 * of the annual cap, `max(0, annualCapFen − alreadyReimbursedFen)`.
 * @returns `{exactFen, remainingFen, amountFen}`: the uncapped share, the room left under the cap
 *   (never negative) and the amount paid (`min(exactFen, remainingFen)`).
 */
export function reimbursementShare(
  outOfPocketFen: number,
  rate: number,
  annualCapFen: number,
  alreadyReimbursedFen: number,
): { exactFen: number; remainingFen: number; amountFen: number } {
  const exactFen = divRoundHalfUp(outOfPocketFen * rateToBasisPoints(rate), 10_000);
  const remainingFen = Math.max(0, annualCapFen - alreadyReimbursedFen);
  return { exactFen, remainingFen, amountFen: Math.min(exactFen, remainingFen) };
}

/**
 * Program `medical.reimbursement` (医疗救助, City §6; Reg. Art. 27–32): one line per
 * `household.medicalBills[]` entry of an eligible person, period `once`, amount in fen.
 *
 * - Eligible people: counted dibao members of a household that qualifies for dibao, and approved
 *   tekun members (`tekun` set; their own criteria are re-checked by the `tekun` program, not here).
 * - Rate: wubao, sanwu and orphans `medical.reimbursement-rate.tekun` (100 %, "封顶线内全额救助");
 *   otherwise `illness` `mental` or `infectious` → `medical.reimbursement-rate.mental-infectious`
 *   (80 %); otherwise `medical.reimbursement-rate` (70 %).
 * - Cap: `medical.annual-cap` (3 000 000 fen per person per year) minus what was already paid this
 *   year, never below 0. "Already paid" = the bill's `reimbursedThisYearFen` (paid before this
 *   request) plus what this request grants to the member's earlier bills: several bills of one
 *   member share the cap in the order given.
 * - Rounding: `rate × outOfPocketFen` half-up to the fen (see `reimbursementShare`); a bill under an
 *   exhausted cap gets a line of 0 fen saying so.
 * - Not eligible (dibao ineligible and not tekun) → ineligible `MEDICAL.NOT_ASSISTANCE_RECIPIENT`
 *   naming the member; no bills → ineligible `MEDICAL.NO_BILLS`; dibao under review →
 *   `MEDICAL.DIBAO_UNDER_REVIEW`; a missing parameter → review naming it (later bills of that
 *   member too, `MEDICAL.EARLIER_BILL_UNDER_REVIEW`, since the cap left depends on it).
 * @throws InvalidInputError `RULES.UNKNOWN_MEMBER` for a bill of a member not in the household and
 *   `RULES.NOT_AN_AMOUNT` for negative or fractional fen.
 */
export const medicalReimbursementProgram: ProgramModule = {
  program: 'medical.reimbursement',
  evaluate(ctx) {
    const out = new OutcomeBuilder('medical.reimbursement');
    const bills = ctx.household.medicalBills ?? [];
    bills.forEach((b, i) => {
      assertFen(b.outOfPocketFen, `medicalBills.${i}.outOfPocketFen`);
      assertFen(b.reimbursedThisYearFen, `medicalBills.${i}.reimbursedThisYearFen`);
      if (!ctx.household.members.some((m) => m.id === b.memberId)) {
        throw new InvalidInputError('RULES.UNKNOWN_MEMBER', `医疗费用单据的成员不在家庭中：${b.memberId}`, `medicalBills.${i}.memberId is not a member of the household: ${b.memberId}`);
      }
    });
    if (bills.length === 0) {
      out.ineligibleReasons.push(reason('MEDICAL.NO_BILLS', '没有提交医疗费用单据', 'no medical bill was submitted'));
      return out.outcome();
    }
    const reader = readerFor(ctx);
    let dibao: DibaoResult | undefined;
    const granted = new Map<string, number>();
    const blocked = new Set<string>();
    for (const bill of bills) {
      const m = ctx.household.members.find((x) => x.id === bill.memberId)!;
      const who = memberLabel(m);
      let rateName: ParameterName;
      let basisZh: string;
      if (m.tekun) {
        rateName = 'medical.reimbursement-rate.tekun';
        basisZh = TEKUN_KIND_ZH[m.tekun.kind];
      } else {
        dibao ??= ctx.dibao();
        if (dibao.status === 'INELIGIBLE') {
          out.ineligibleReasons.push(
            reason(
              'MEDICAL.NOT_ASSISTANCE_RECIPIENT',
              `${who}既不是低保对象也不是特困供养人员，不属于医疗救助对象`,
              `${who} is neither a dibao member nor a tekun recipient, so not a medical-assistance recipient`,
              { memberId: m.id },
            ),
          );
          continue;
        }
        if (dibao.status === 'NEEDS_MANUAL_REVIEW') {
          out.reviewReasons.push(
            reason('MEDICAL.DIBAO_UNDER_REVIEW', `${who}的医疗救助取决于家庭低保资格，低保需人工审核`, `${who}'s medical assistance depends on the household's dibao, which needs manual review`, { memberId: m.id }),
          );
          continue;
        }
        const special = m.illness === 'mental' ? '精神病人' : m.illness === 'infectious' ? '传染病人' : null;
        rateName = special ? 'medical.reimbursement-rate.mental-infectious' : 'medical.reimbursement-rate';
        basisZh = special ? `低保对象、${special}` : '低保对象';
      }
      if (blocked.has(m.id)) {
        out.reviewReasons.push(
          reason('MEDICAL.EARLIER_BILL_UNDER_REVIEW', `${who}前一张单据需人工审核，年度封顶线余额待定`, `an earlier bill of ${who} needs manual review, so the cap left is unknown`, { memberId: m.id }),
        );
        continue;
      }
      const rate = reader.get(rateName);
      const cap = reader.get('medical.annual-cap');
      if (!rate || !cap) {
        out.reviewReasons.push(...missingParameterReasons(reader, m, rateName), ...missingParameterReasons(reader, m, 'medical.annual-cap'));
        blocked.add(m.id);
        continue;
      }
      const already = bill.reimbursedThisYearFen + (granted.get(m.id) ?? 0);
      const share = reimbursementShare(bill.outOfPocketFen, rate.value, cap.value, already);
      granted.set(m.id, (granted.get(m.id) ?? 0) + share.amountFen);
      const base = `${who}为${basisZh}，政策范围内个人自付医疗费用${yuan(bill.outOfPocketFen)}元，按${pct(rate.value)}救助${yuan(share.exactFen)}元`;
      const capText =
        share.amountFen < share.exactFen
          ? `；年度封顶线${yuan(cap.value)}元，本年已救助${yuan(already)}元，${share.remainingFen > 0 ? `余额${yuan(share.remainingFen)}元，实际救助${yuan(share.amountFen)}元` : '已达封顶线，本次不再救助，实际救助0元'}`
          : '';
      out.entitlements.push(entitlement('medical.reimbursement', m.id, share.amountFen, 'once', CLAUSES, `${base}${capText}`));
    }
    return out.outcome();
  },
};
