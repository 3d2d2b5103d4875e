import {
  CreateMessaging1764400000000,
  CreateReferrals1764400000300,
  listReferralsHandler,
  referralConsumer,
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
    migrations: [CreateMessaging1764400000000, CreateReferrals1764400000300],
    handlers: (deps) => ({ ListReferrals: listReferralsHandler(deps.ds, 'education') }),
    consumers: () => [referralConsumer('education', decideEducationReferrals)],
  };
}
