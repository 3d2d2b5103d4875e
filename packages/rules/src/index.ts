/**
 * `@wuhai/rules` — the pure policy package: dated parameters (YAML), formulas, explanations citing
 * clauses of 乌海政发〔2014〕73号 ("City §N"), the Interim Measures ("Reg. Art. N") and
 * MCA-2012. No I/O except reading `parameters/*.yaml` once.
 */
export * from './types';
export { RulesError, InvalidInputError, MissingParameterError, ParameterFileError, type RulesErrorKind } from './errors';
export { ageOn, parseDate, isCalendarDate, type CalendarDate } from './dates';
export { divRoundHalfUp, roundFenHalfUpToYuan, rateOfFenRoundedToYuan, yuan } from './money';
export { citeZh, extractCitations, uniqueClauses, CITY_POLICY_ZH, REGULATION_ZH, MCA_2012_ZH } from './clauses';
export {
  parameter,
  parameterDefinitions,
  parseParameterFile,
  loadParameterDirectory,
  resolveParameter,
  PARAMETER_NAMES,
  PARAMETERS_DIR,
  type ParameterName,
  type ParameterDefinition,
  type ParameterContext,
  type ParameterValue,
} from './parameters';
export { UNITS, type Unit } from './parameter-schema';
export { isAbleToWork, countedMembers } from './people';
export {
  evaluateDibao,
  DIBAO_STEP_LABELS,
  type DibaoResult,
  type DibaoStepLabel,
  type SupplementLine,
  type SupplementBasis,
  type GradualExit,
  type WithheldShare,
  type DibaoOptions,
  type ParameterSet,
} from './programs/dibao';
export { PROGRAM_CODES, type ProgramCode, type Entitlement, type IneligibleLine, type ReviewLine } from './programs/program';
export {
  evaluate,
  DEFAULT_PROGRAMS,
  type EvaluationRequest,
  type EvaluationResponse,
  type EvaluateOptions,
  type EvaluationContext,
} from './evaluate';
export { departmentReferrals, REFERRAL_DEPARTMENTS, type Department, type Referral } from './referrals';
export {
  decisionRecord,
  reproduce,
  canonicalJson,
  parameterHashes,
  sha256,
  RULES_VERSION,
  type DecisionRecord,
  type DecisionRecordOptions,
  type DecisionEntry,
  type Reproduction,
  type ParameterHashes,
  type Json,
} from './decision-record';
export { evaluateBatch, type BatchItem, type BatchOptions, type BatchOutcome } from './batch';
