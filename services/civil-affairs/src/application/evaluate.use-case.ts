import { householdFactsSchema, toFieldErrors, DomainError } from '@wuhai/contracts';
import { evaluate, InvalidInputError, PROGRAM_CODES } from '@wuhai/rules';
import { z } from 'zod';
import type { Caller } from '@wuhai/service-kit';

/** Programs served by `POST /api/v1/evaluations`: every program code of evaluations.md. */
export const EVALUATION_PROGRAMS = PROGRAM_CODES;

/**
 * What a household is entitled to on `asOf` (shared/contracts/evaluations.md): validates the
 * request again at this boundary, then asks the rules package. Any authenticated staff may ask.
 * @param requestJson `{asOf, household}` as JSON
 * @returns the response JSON of the contract
 * @throws DomainError VALIDATION.* (invalid) naming each bad field
 */
export function evaluateRequest(requestJson: string, programs: string[], today: string, _caller: Caller): string {
  let body: unknown;
  try {
    body = JSON.parse(requestJson);
  } catch {
    throw new DomainError('VALIDATION.INVALID_JSON', 'invalid', '请求不是合法的JSON', 'the request is not valid JSON');
  }
  const schema = z.object({
    asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: '评估日期必须为 YYYY-MM-DD / asOf must be YYYY-MM-DD' }),
    household: householdFactsSchema(today),
  });
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const fields = toFieldErrors(parsed.error);
    throw new DomainError(fields[0]?.code ?? 'VALIDATION.INVALID_REQUEST', 'invalid', '请求参数无效', 'invalid request', fields);
  }
  const chosen = programs.length ? programs.filter((p) => (EVALUATION_PROGRAMS as readonly string[]).includes(p)) : [...EVALUATION_PROGRAMS];
  try {
    return JSON.stringify(evaluate(parsed.data, { programs: chosen }));
  } catch (err) {
    // input the schema lets through but the rules refuse (e.g. a member born after `asOf`)
    if (err instanceof InvalidInputError) {
      const index = parsed.data.household.members.findIndex((m) => m.id === err.memberId);
      const path = index >= 0 ? `household.members.${index}.birthDate` : 'household';
      throw new DomainError(err.code, 'invalid', '请求参数无效', 'invalid request', [{ path, code: err.code, message: err.message }]);
    }
    throw err;
  }
}
