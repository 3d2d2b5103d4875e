import { referralDepartmentService, type ServiceDefinition } from '@wuhai/service-kit';
import type { EmploymentConfig } from './config';
import { decideEmploymentReferrals } from './domain/employment-referrals';

/** The employment service: records its referrals for approved dibao households and lists them. */
export function employmentService(config: EmploymentConfig): ServiceDefinition<'employment', EmploymentConfig> {
  return referralDepartmentService('employment', config, decideEmploymentReferrals);
}
