import { householdSplitSuspectedSchema, SUBJECTS } from '@wuhai/contracts';
import type { ConsumerSpec } from '@wuhai/service-kit';
import { reviewSplitHousehold } from '../../application/review-split-household.use-case';

/**
 * Civil affairs' consumer of `wuhai.registry.household.split-suspected.v1`: opens a review on the
 * approved dibao case of either household (see `reviewSplitHousehold`); idempotent through the inbox.
 */
export const householdSplitSuspectedConsumer: ConsumerSpec<typeof householdSplitSuspectedSchema> = {
  durable: 'civil-affairs-household-split-suspected',
  subject: SUBJECTS.householdSplitSuspected,
  schema: householdSplitSuspectedSchema,
  async handle(split, _envelope, manager) {
    await reviewSplitHousehold(manager, split);
  },
};
