import type { HouseholdSnapshot } from '@wuhai/contracts';
import { monthAfter } from './dibao-case';

/**
 * A paid dibao household that changes while its case is in force (docs/decisions/0013-deaths-and-moves.md).
 * When a member dies the month of the death is paid in full and the household without them is paid
 * from the month after — never before the case's first paid month.
 */

/** Why a case's amount was adjusted. */
export type AdjustmentReason = 'member-died';

/**
 * The first month of the new amount after a member died on `deathDate` (`YYYY-MM-DD`): the month
 * after the death, or the case's first paid month `paymentFromMonth` (`YYYY-MM`) when that is later
 * (the member died before payment began).
 */
export function adjustmentFromMonth(deathDate: string, paymentFromMonth: string): string {
  const after = monthAfter(deathDate);
  return after > paymentFromMonth ? after : paymentFromMonth;
}

/** The first day of a month `YYYY-MM`: the date the household is evaluated on for that month. */
export function firstDayOf(month: string): string {
  return `${month}-01`;
}

/**
 * The decided household without one member (and their medical bills); null when the member is not
 * among those the case counts.
 */
export function householdWithout(snapshot: HouseholdSnapshot, personId: string): HouseholdSnapshot | null {
  if (!snapshot.members.some((m) => m.id === personId)) return null;
  return {
    ...snapshot,
    members: snapshot.members.filter((m) => m.id !== personId),
    medicalBills: (snapshot.medicalBills ?? []).filter((b) => b.memberId !== personId),
  };
}

/** Yuan of an amount in fen, as the clerk reads it (`1234.5`). */
export function yuanOf(fen: number): string {
  return String(fen / 100);
}
