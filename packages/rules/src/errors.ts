/**
 * Errors of the rules package. Each carries a stable `code` and a `kind` (DESIGN.md §6); only
 * transport maps a kind to a status.
 */

export type RulesErrorKind = 'invalid-argument' | 'failed-precondition' | 'internal';

/** Base class: `code` is stable (`RULES.…`), `message` is Chinese then English. */
export class RulesError extends Error {
  constructor(
    readonly code: string,
    readonly kind: RulesErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'RulesError';
  }
}

/**
 * The input is outside what the rules accept (bad date, negative fen, unknown program, a member
 * born after the evaluation date…). `memberId` names the member concerned, when there is one, so
 * callers can point at the member without parsing the message.
 */
export class InvalidInputError extends RulesError {
  constructor(
    code: string,
    zh: string,
    en: string,
    readonly memberId?: string,
  ) {
    super(code, 'invalid-argument', `${zh} / ${en}`);
    this.name = 'InvalidInputError';
  }
}

/**
 * No value of a parameter is in force on the date (or for the hukou/area) asked. Evaluations turn
 * it into a `NEEDS_MANUAL_REVIEW` result naming the parameter; it is never read as zero.
 */
export class MissingParameterError extends RulesError {
  constructor(
    readonly parameter: string,
    readonly asOf: string,
    readonly context: { hukou?: string; area?: string },
    readonly detail: 'unknown-parameter' | 'not-in-force' | 'no-value-for-context',
  ) {
    const where = [context.hukou, context.area].filter(Boolean).join('/');
    const zh =
      detail === 'unknown-parameter'
        ? `参数“${parameter}”未定义`
        : `参数“${parameter}”在${asOf}${where ? `（${where}）` : ''}没有生效的取值，需人工审核`;
    const en =
      detail === 'unknown-parameter'
        ? `parameter "${parameter}" is not defined`
        : `parameter "${parameter}" has no value in force on ${asOf}${where ? ` for ${where}` : ''}; manual review needed`;
    super('RULES.MISSING_PARAMETER', 'failed-precondition', `${zh} / ${en}`);
    this.name = 'MissingParameterError';
  }
}

/** A parameter file is malformed; raised at first use, so a bad deployment fails loudly. */
export class ParameterFileError extends RulesError {
  constructor(file: string, detail: string) {
    super('RULES.PARAMETER_FILE_INVALID', 'internal', `参数文件 ${file} 无效 / parameter file ${file} is invalid: ${detail}`);
    this.name = 'ParameterFileError';
  }
}
