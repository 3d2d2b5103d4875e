import { personMovedSchema, SUBJECTS } from '@wuhai/contracts';
import type { ConsumerSpec } from '@wuhai/service-kit';
import { reviewMemberMove, type MovePartiesReader } from '../../application/review-member-move.use-case';

/**
 * Civil affairs' consumer of `wuhai.registry.person.moved.v1`: opens a `member-moved` review on the
 * approved dibao case of the household left and of the household joined (see `reviewMemberMove`);
 * idempotent through the inbox.
 * @param readParties how the person and households are named (the registry's `GetHousehold`)
 */
export function personMovedConsumer(readParties: MovePartiesReader): ConsumerSpec<typeof personMovedSchema> {
  return {
    durable: 'civil-affairs-person-moved',
    subject: SUBJECTS.personMoved,
    schema: personMovedSchema,
    async handle(moved, envelope, manager) {
      await reviewMemberMove(manager, moved, readParties, envelope.correlationId);
    },
  };
}
