import { educationPreschoolWaiverProgram } from './education-preschool-waiver.program';
import { educationLivingSubsidyProgram } from './education-living-subsidy.program';
import { educationSeniorGrantProgram } from './education-senior-grant.program';
import { educationCollegeGrantProgram } from './education-college-grant.program';
import { housingRentalProgram } from './housing-rental.program';
import { housingRuralRenovationProgram } from './housing-rural-renovation.program';
import { employmentAssistanceProgram } from './employment-assistance.program';
import { temporaryProgram } from './temporary.program';
import type { ProgramModule } from './program';

/**
 * education.*, housing.rental, housing.rural-renovation, employment.assistance, temporary.
 *
 * Each module derives its lines from one computation per department in
 * `./education-housing-employment-temporary/` (the department referrals use the same one, with
 * the household taken as an approved dibao household). Dibao at the evaluation date
 * (`ctx.dibao()` ELIGIBLE) is required where the policy names dibao households: education for
 * non-orphans (City §7) and the college grant (City §8, orphans not named), employment assistance
 * (City §11–12, counted members only), the funeral-fee waiver (City §13). It is one of several
 * routes for rental housing (or a tekun member, City §9), rural renovation (or wubao, poor
 * disabled, otherwise poor, City §10) and temporary-assistance priority (or a tekun member).
 * Orphans get City §7 education whatever the household's dibao. Dibao under review makes a
 * dibao-dependent decision a review, never a refusal.
 */
export const EDUCATION_HOUSING_PROGRAMS: readonly ProgramModule[] = [
  educationPreschoolWaiverProgram,
  educationLivingSubsidyProgram,
  educationSeniorGrantProgram,
  educationCollegeGrantProgram,
  housingRentalProgram,
  housingRuralRenovationProgram,
  employmentAssistanceProgram,
  temporaryProgram,
];
