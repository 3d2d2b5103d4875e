import { MissingParameterError } from './errors';
import { parameter, type ParameterContext, type ParameterName, type ParameterValue } from './parameters';
import type { Reason } from './types';

/**
 * Reads parameters for one evaluation and collects the missing ones instead of throwing, so an
 * evaluation can finish, then report `NEEDS_MANUAL_REVIEW` naming every missing parameter.
 */
export class ParameterReader {
  readonly missing: MissingParameterError[] = [];

  constructor(
    readonly asOf: string,
    readonly context: ParameterContext,
  ) {}

  /** The value in force, or `undefined` (recorded in `missing`) when there is none. */
  get(name: ParameterName): ParameterValue | undefined {
    try {
      return parameter(name, this.asOf, this.context);
    } catch (e) {
      if (!(e instanceof MissingParameterError)) throw e;
      if (!this.missing.some((m) => m.parameter === name)) this.missing.push(e);
      return undefined;
    }
  }

  /** One `RULES.MISSING_PARAMETER` reason per missing parameter. */
  reasons(): Reason[] {
    return this.missing.map((m) => ({ code: m.code, message: m.message, parameter: m.parameter }));
  }
}
