import type { EntityManager } from 'typeorm';
import type { HouseholdSnapshot, HouseholdSplitSuspected } from '@wuhai/contracts';
import { DibaoCaseEntity } from '../persistence/civil-affairs.entities';
import { openCaseReview } from './case-reviews';

/** The review reason of a possible split household (decision 0012's label 疑似分户). */
export const SPLIT_REVIEW_REASON = 'possible-split-household';

/**
 * Puts a possible split household in front of a clerk (City §18; docs/decisions/0013-deaths-and-moves.md):
 * the registry found a person who left a household for a new one at the same address. For each of
 * the two households with an approved dibao case in force (its newest approved case), a review
 * `possible-split-household` is opened on that case, naming both households — nothing else of the
 * case changes; the clerk decides. Runs in the consumer's transaction; idempotent through the inbox
 * and `openCaseReview` (the same open review is not opened twice).
 * @returns the ids of the cases a review was opened (or found open) on
 */
export async function reviewSplitHousehold(manager: EntityManager, split: HouseholdSplitSuspected): Promise<string[]> {
  const reviewed: string[] = [];
  for (const householdId of [split.otherHouseholdId, split.householdId]) {
    const [inForce] = await manager.getRepository(DibaoCaseEntity).find({ where: { householdId, status: 'approved' }, order: { createdAt: 'DESC' }, take: 1 });
    if (!inForce) continue;
    const name = (inForce.householdSnapshot as HouseholdSnapshot | null)?.members.find((m) => m.id === split.personId)?.name;
    const who = name ?? `成员（${split.personId}）`;
    const whoEn = name ?? `a member (${split.personId})`;
    const sentence =
      householdId === split.otherHouseholdId
        ? `本户${who}迁出，在同一地址另立新户（${split.householdId}），可能为分户，请核实本户成员和收入 / ${whoEn} left this household for a new household (${split.householdId}) at the same address: possibly one family registered as two; check the members and income`
        : `本户由${who}从同一地址的户（${split.otherHouseholdId}）迁出另立，可能为分户，请核实 / this household was founded by ${whoEn}, who left household ${split.otherHouseholdId} at the same address: possibly one family registered as two; check`;
    await openCaseReview(manager, { caseId: inForce.id, reason: SPLIT_REVIEW_REASON, reasons: [sentence], openedBy: 'system:split-household' });
    reviewed.push(inForce.id);
  }
  return reviewed;
}
