import { personDiedSchema, SUBJECTS } from '@wuhai/contracts';
import type { ConsumerSpec } from '@wuhai/service-kit';
import { adjustForDeath } from '../../application/adjust-for-death.use-case';

/**
 * Civil affairs' consumer of `wuhai.registry.person.died.v1`: adjusts each approved dibao case in
 * force that counts the person — also the case of a household they had moved out of — from the
 * month after the death (see `adjustForDeath`); idempotent through the inbox.
 */
export const personDiedConsumer: ConsumerSpec<typeof personDiedSchema> = {
  durable: 'civil-affairs-person-died',
  subject: SUBJECTS.personDied,
  schema: personDiedSchema,
  async handle(died, envelope, manager) {
    await adjustForDeath(manager, died, envelope);
  },
};
