import { dibaoSupplementProgram } from './dibao-supplement.program';
import { dibaoProgram } from './dibao.program';
import { EDUCATION_HOUSING_PROGRAMS } from './group-education-housing-employment-temporary';
import { MEDICAL_FAMILY_PROGRAMS } from './group-tekun-family-planning-medical';
import type { ProgramCode, ProgramModule } from './program';

/** Every program module, by code; each group of programs lists its own modules. */
export const PROGRAM_MODULES: ReadonlyMap<ProgramCode, ProgramModule> = new Map(
  [dibaoProgram, dibaoSupplementProgram, ...MEDICAL_FAMILY_PROGRAMS, ...EDUCATION_HOUSING_PROGRAMS].map((m) => [m.program, m]),
);
