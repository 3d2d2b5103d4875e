import { personDeathRevokedSchema, SUBJECTS } from '@wuhai/contracts';
import type { ConsumerSpec } from '@wuhai/service-kit';
import { restoreAfterRevokedDeath } from '../../application/restore-after-revoked-death.use-case';

/**
 * Civil affairs' consumer of `wuhai.registry.person.death-revoked.v1`: every case the revoked death
 * adjusted counts the person again from the month its adjustment began, announced as
 * `dibao.adjusted` (reason `death-revoked`), with a review for a clerk (see
 * `restoreAfterRevokedDeath`; docs/decisions/0013-deaths-and-moves.md); idempotent through the inbox.
 */
export const personDeathRevokedConsumer: ConsumerSpec<typeof personDeathRevokedSchema> = {
  durable: 'civil-affairs-person-death-revoked',
  subject: SUBJECTS.personDeathRevoked,
  schema: personDeathRevokedSchema,
  async handle(revoked, envelope, manager) {
    await restoreAfterRevokedDeath(manager, revoked, envelope);
  },
};
