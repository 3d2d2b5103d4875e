import { familyPlanningRewardProgram } from './family-planning-reward.program';
import { familyPlanningSpecialProgram } from './family-planning-special.program';
import { medicalDailySubsidyProgram } from './medical-daily-subsidy.program';
import { medicalPremiumSubsidyProgram } from './medical-premium-subsidy.program';
import { medicalReimbursementProgram } from './medical-reimbursement.program';
import type { ProgramModule } from './program';
import { tekunProgram } from './tekun.program';

/** tekun, family-planning.special/.reward, medical.premium-subsidy/.daily-subsidy/.reimbursement. */
export const MEDICAL_FAMILY_PROGRAMS: readonly ProgramModule[] = [
  tekunProgram,
  familyPlanningSpecialProgram,
  familyPlanningRewardProgram,
  medicalPremiumSubsidyProgram,
  medicalDailySubsidyProgram,
  medicalReimbursementProgram,
];
