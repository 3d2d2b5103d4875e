import { referralDepartmentService, type ServiceDefinition } from '@wuhai/service-kit';
import type { HousingConfig } from './config';
import { decideHousingReferrals } from './domain/housing-referrals';

/** The housing service: records its referrals for approved dibao households and lists them. */
export function housingService(config: HousingConfig): ServiceDefinition<'housing', HousingConfig> {
  return referralDepartmentService('housing', config, decideHousingReferrals);
}
