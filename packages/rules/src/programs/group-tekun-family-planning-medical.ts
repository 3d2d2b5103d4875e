import type { ProgramModule } from './program';

/** tekun, family-planning.special/.reward, medical.premium-subsidy/.daily-subsidy/.reimbursement. */
export const MEDICAL_FAMILY_PROGRAMS: readonly ProgramModule[] = [];
