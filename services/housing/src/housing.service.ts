import {
  CreateMessaging1764400000000,
  listReferralsHandler,
  referralConsumer,
  referralDeathConsumer,
  REFERRAL_MIGRATIONS,
  type ServiceDefinition,
} from '@wuhai/service-kit';
import type { HousingConfig } from './config';
import { decideHousingReferrals } from './domain/housing-referrals';

/** The housing service: records its referrals for approved dibao households and lists them. */
export function housingService(config: HousingConfig): ServiceDefinition<'housing', HousingConfig> {
  return {
    name: 'housing',
    config,
    entities: [],
    migrations: [CreateMessaging1764400000000, ...REFERRAL_MIGRATIONS],
    handlers: (deps) => ({ ListReferrals: listReferralsHandler(deps.ds, 'housing') }),
    consumers: () => [referralConsumer('housing', decideHousingReferrals), referralDeathConsumer('housing')],
  };
}
