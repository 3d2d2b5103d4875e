import { referralDepartmentService, type ServiceDefinition } from '@wuhai/service-kit';
import type { EducationConfig } from './config';
import { decideEducationReferrals } from './domain/education-referrals';

/** The education service: records its referrals for approved dibao households and lists them. */
export function educationService(config: EducationConfig): ServiceDefinition<'education', EducationConfig> {
  return referralDepartmentService('education', config, decideEducationReferrals);
}
