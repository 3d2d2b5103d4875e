import { dibaoSupplementProgram } from './dibao-supplement.program';
import { dibaoProgram } from './dibao.program';
import type { ProgramCode, ProgramModule } from './program';

/** The program modules implemented so far; the others join this list as they are built. */
export const PROGRAM_MODULES: ReadonlyMap<ProgramCode, ProgramModule> = new Map(
  [dibaoProgram, dibaoSupplementProgram].map((m) => [m.program, m]),
);
