import {
  CreateMessaging1764400000000,
  listReferralsHandler,
  referralConsumer,
  referralDeathConsumer,
  REFERRAL_MIGRATIONS,
  type ServiceDefinition,
} from '@wuhai/service-kit';
import type { EmploymentConfig } from './config';
import { decideEmploymentReferrals } from './domain/employment-referrals';

/** The employment service: records its referrals for approved dibao households and lists them. */
export function employmentService(config: EmploymentConfig): ServiceDefinition<'employment', EmploymentConfig> {
  return {
    name: 'employment',
    config,
    entities: [],
    migrations: [CreateMessaging1764400000000, ...REFERRAL_MIGRATIONS],
    handlers: (deps) => ({ ListReferrals: listReferralsHandler(deps.ds, 'employment') }),
    consumers: () => [referralConsumer('employment', decideEmploymentReferrals), referralDeathConsumer('employment')],
  };
}
