import {
  CreateMessaging1764400000000,
  CreateReferrals1764400000300,
  listReferralsHandler,
  referralConsumer,
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
    migrations: [CreateMessaging1764400000000, CreateReferrals1764400000300],
    handlers: (deps) => ({ ListReferrals: listReferralsHandler(deps.ds, 'health') }),
    consumers: () => [referralConsumer('health', decideHealthReferrals)],
  };
}
