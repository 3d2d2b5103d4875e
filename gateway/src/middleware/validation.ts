import type { z } from 'zod';
import { toFieldErrors } from '@wuhai/contracts';
import { validationProblem } from './errors';

/**
 * Validates `input` (a body, `req.query` or `req.params`) with `schema` (DESIGN.md §7).
 * @returns the parsed value (defaults filled, unknown keys dropped)
 * @throws ProblemError 400 naming every invalid field (`path` relative to `prefix`) with a stable
 *   code (`VALIDATION.REQUIRED`, `VALIDATION.DATE`, …) and a Chinese / English message, the first
 *   field's code as the problem's code
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, prefix: (string | number)[] = []): z.output<S> {
  // reportInput: a missing field (VALIDATION.REQUIRED) is told from a wrong type by its input
  const parsed = schema.safeParse(input, { reportInput: true });
  if (!parsed.success) throw validationProblem(toFieldErrors(parsed.error, prefix));
  return parsed.data;
}
