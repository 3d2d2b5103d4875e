import {
  CreateMessaging1764400000000,
  listReferralsHandler,
  referralConsumer,
  referralDeathConsumer,
  REFERRAL_MIGRATIONS,
  type ServiceDefinition,
} from '@wuhai/service-kit';
import type { EducationConfig } from './config';
import { decideEducationReferrals } from './domain/education-referrals';

/** The education service: records its referrals for approved dibao households and lists them. */
export function educationService(config: EducationConfig): ServiceDefinition<'education', EducationConfig> {
  return {
    name: 'education',
    config,
    entities: [],
    migrations: [CreateMessaging1764400000000, ...REFERRAL_MIGRATIONS],
    handlers: (deps) => ({ ListReferrals: listReferralsHandler(deps.ds, 'education') }),
    consumers: () => [referralConsumer('education', decideEducationReferrals), referralDeathConsumer('education')],
  };
}
