import { referralDepartmentService, type ServiceDefinition } from '@wuhai/service-kit';
import type { DisabilityConfig } from './config';
import { decideDisabilityReferrals } from './domain/disability-referrals';

/** The disability service: records its referrals for approved dibao households and lists them. */
export function disabilityService(config: DisabilityConfig): ServiceDefinition<'disability', DisabilityConfig> {
  return referralDepartmentService('disability', config, decideDisabilityReferrals);
}
