import { referralDepartmentService, type ServiceDefinition } from '@wuhai/service-kit';
import type { HealthConfig } from './config';
import { decideHealthReferrals } from './domain/health-referrals';

/** The health service: records its referrals for approved dibao households and lists them. */
export function healthService(config: HealthConfig): ServiceDefinition<'health', HealthConfig> {
  return referralDepartmentService('health', config, decideHealthReferrals);
}
