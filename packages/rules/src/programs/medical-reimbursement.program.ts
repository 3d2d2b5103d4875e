import { InvalidInputError } from '../errors';
import { assertFen, divRoundHalfUp, rateToBasisPoints, yuan } from '../money';
import { parameterSlot } from '../parameter-table';
import { memberLabel } from '../people';
import type { MedicalBill, Member, Reason } from '../types';
import type { DibaoResult } from './dibao';
import { entitlement, missingParameterReasons } from './medical/outcome';
import { ConstantLine, constantReason, leanReason, pushIneligible, pushReview, reason, type ProgramContext, type ProgramModule, type ProgramOutcome } from './program';
import { TEKUN_KIND_ZH } from './tekun.program';

const CLAUSES = ['City §6', 'Reg. Art. 28', 'Reg. Art. 29'];
const S_RATE = parameterSlot('medical.reimbursement-rate');
const S_RATE_SPECIAL = parameterSlot('medical.reimbursement-rate.mental-infectious');
const S_RATE_TEKUN = parameterSlot('medical.reimbursement-rate.tekun');
const S_CAP = parameterSlot('medical.annual-cap');
const NO_BILLS = new ConstantLine('medical.reimbursement', constantReason('MEDICAL.NO_BILLS', '没有提交医疗费用单据', 'no medical bill was submitted'));

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
  evaluate(ctx, out) {
    // The bills' lines out of line: this stays small enough to be inlined.
    const bills = ctx.household.medicalBills;
    if (!bills || bills.length === 0) NO_BILLS.push(out, ctx.explain);
    else billLines(ctx, out, bills);
  },
};

/** The lines of the household's bills, checked first (see `medicalReimbursementProgram`). */
function billLines(ctx: ProgramContext, out: ProgramOutcome, bills: readonly MedicalBill[]): void {
  const h = ctx.household;
  const members = h.members;
  for (let i = 0; i < bills.length; i++) {
    const b = bills[i]!;
    assertFen(b.outOfPocketFen, `medicalBills.${i}.outOfPocketFen`);
    assertFen(b.reimbursedThisYearFen, `medicalBills.${i}.reimbursedThisYearFen`);
    if (memberIndex(members, b.memberId) < 0) {
      throw new InvalidInputError('RULES.UNKNOWN_MEMBER', `医疗费用单据的成员不在家庭中：${b.memberId}`, `medicalBills.${i}.memberId is not a member of the household: ${b.memberId}`);
    }
  }
  const explain = ctx.explain;
  const params = ctx.params;
  const ineligible: Reason[] = [];
  const review: Reason[] = [];
  let dibao: DibaoResult | undefined;
  const granted = new Map<string, number>();
  const blocked = new Set<string>();
  for (const bill of bills) {
    const m = members[memberIndex(members, bill.memberId)]!;
    const who = explain ? memberLabel(m) : '';
    let rateSlot: number;
    let basisZh: string;
    if (m.tekun) {
      rateSlot = S_RATE_TEKUN;
      basisZh = TEKUN_KIND_ZH[m.tekun.kind];
    } else {
      dibao ??= ctx.dibao();
      if (dibao.status === 'INELIGIBLE') {
        ineligible.push(
          explain
            ? reason(
                'MEDICAL.NOT_ASSISTANCE_RECIPIENT',
                `${who}既不是低保对象也不是特困供养人员，不属于医疗救助对象`,
                `${who} is neither a dibao member nor a tekun recipient, so not a medical-assistance recipient`,
                m.id,
              )
            : leanReason('MEDICAL.NOT_ASSISTANCE_RECIPIENT', '既不是低保对象也不是特困供养人员 / neither a dibao member nor a tekun recipient', m.id),
        );
        continue;
      }
      if (dibao.status === 'NEEDS_MANUAL_REVIEW') {
        review.push(
          explain
            ? reason('MEDICAL.DIBAO_UNDER_REVIEW', `${who}的医疗救助取决于家庭低保资格，低保需人工审核`, `${who}'s medical assistance depends on the household's dibao, which needs manual review`, m.id)
            : leanReason('MEDICAL.DIBAO_UNDER_REVIEW', '医疗救助取决于家庭低保资格，低保需人工审核 / depends on the household’s dibao, which needs manual review', m.id),
        );
        continue;
      }
      const special = m.illness === 'mental' ? '精神病人' : m.illness === 'infectious' ? '传染病人' : null;
      rateSlot = special ? S_RATE_SPECIAL : S_RATE;
      basisZh = special ? `低保对象、${special}` : '低保对象';
    }
    if (blocked.has(m.id)) {
      review.push(
        explain
          ? reason('MEDICAL.EARLIER_BILL_UNDER_REVIEW', `${who}前一张单据需人工审核，年度封顶线余额待定`, `an earlier bill of ${who} needs manual review, so the cap left is unknown`, m.id)
          : leanReason('MEDICAL.EARLIER_BILL_UNDER_REVIEW', '前一张单据需人工审核，年度封顶线余额待定 / an earlier bill needs manual review', m.id),
      );
      continue;
    }
    const rate = params.value(rateSlot);
    const cap = params.value(S_CAP);
    if (!rate || !cap) {
      for (const r of missingParameterReasons(params, [rateSlot, S_CAP], m)) review.push(r);
      blocked.add(m.id);
      continue;
    }
    const already = bill.reimbursedThisYearFen + (granted.get(m.id) ?? 0);
    const share = reimbursementShare(bill.outOfPocketFen, rate.value, cap.value, already);
    granted.set(m.id, (granted.get(m.id) ?? 0) + share.amountFen);
    let sentence: string | null = null;
    if (explain) {
      const base = `${who}为${basisZh}，政策范围内个人自付医疗费用${yuan(bill.outOfPocketFen)}元，按${pct(rate.value)}救助${yuan(share.exactFen)}元`;
      const capText =
        share.amountFen < share.exactFen
          ? `；年度封顶线${yuan(cap.value)}元，本年已救助${yuan(already)}元，${share.remainingFen > 0 ? `余额${yuan(share.remainingFen)}元，实际救助${yuan(share.amountFen)}元` : '已达封顶线，本次不再救助，实际救助0元'}`
          : '';
      sentence = `${base}${capText}`;
    }
    out.entitlements.push(entitlement('medical.reimbursement', m.id, share.amountFen, 'once', CLAUSES, sentence));
  }
  pushIneligible(out, 'medical.reimbursement', ineligible);
  pushReview(out, 'medical.reimbursement', review);
}

/** Index of the member with id `id`, or -1. */
function memberIndex(members: readonly Member[], id: string): number {
  for (let i = 0; i < members.length; i++) if (members[i]!.id === id) return i;
  return -1;
}
