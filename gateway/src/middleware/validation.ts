import type { z } from 'zod';
import { toFieldErrors } from '@wuhai/contracts';
import { validationProblem } from './errors';

/**
 * Validates `input` (a body, `req.query` or `req.params`) with `schema` (DESIGN.md §7).
 * @returns the parsed value (defaults filled, unknown keys dropped)
 * @throws ProblemError 400 naming every invalid field (`path` relative to `prefix`), the first
 *   field's code as the problem's code
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown, prefix: (string | number)[] = []): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationProblem(toFieldErrors(parsed.error, prefix));
  return parsed.data;
}
