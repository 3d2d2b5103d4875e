import type { ProgramModule } from './program';

/** education.*, housing.rental, housing.rural-renovation, employment.assistance, temporary. */
export const EDUCATION_HOUSING_PROGRAMS: readonly ProgramModule[] = [];
