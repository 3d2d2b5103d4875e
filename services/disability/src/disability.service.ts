import {
  CreateMessaging1764400000000,
  listReferralsHandler,
  referralConsumer,
  referralDeathConsumer,
  REFERRAL_MIGRATIONS,
  type ServiceDefinition,
} from '@wuhai/service-kit';
import type { DisabilityConfig } from './config';
import { decideDisabilityReferrals } from './domain/disability-referrals';

/** The disability service: records its referrals for approved dibao households and lists them. */
export function disabilityService(config: DisabilityConfig): ServiceDefinition<'disability', DisabilityConfig> {
  return {
    name: 'disability',
    config,
    entities: [],
    migrations: [CreateMessaging1764400000000, ...REFERRAL_MIGRATIONS],
    handlers: (deps) => ({ ListReferrals: listReferralsHandler(deps.ds, 'disability') }),
    consumers: () => [referralConsumer('disability', decideDisabilityReferrals), referralDeathConsumer('disability')],
  };
}
