import {
  CreateMessaging1764400000000,
  listReferralsHandler,
  referralConsumer,
  referralDeathConsumer,
  REFERRAL_MIGRATIONS,
  type ServiceDefinition,
} from '@wuhai/service-kit';
import type { HealthConfig } from './config';
import { decideHealthReferrals } from './domain/health-referrals';

/** The health service: records its referrals for approved dibao households and lists them. */
export function healthService(config: HealthConfig): ServiceDefinition<'health', HealthConfig> {
  return {
    name: 'health',
    config,
    entities: [],
    migrations: [CreateMessaging1764400000000, ...REFERRAL_MIGRATIONS],
    handlers: (deps) => ({ ListReferrals: listReferralsHandler(deps.ds, 'health') }),
    consumers: () => [referralConsumer('health', decideHealthReferrals), referralDeathConsumer('health')],
  };
}
