import { z } from 'zod';

/** One invalid field, as carried in problem+json `errors` (rest-api.md). */
export interface FieldError {
  /** Dotted path into the request, e.g. `household.members.0.idNumber`. */
  path: string;
  /** Stable code, e.g. `VALIDATION.ID_NUMBER_CHECKSUM`. */
  code: string;
  /** Chinese, then English: `身份证号校验位错误 / ID number check digit is wrong`. */
  message: string;
}

const GENERIC: Record<string, [string, string]> = {
  invalid_type: ['类型或必填项错误', 'missing or of the wrong type'],
  too_small: ['数值或长度过小', 'too small'],
  too_big: ['数值或长度过大', 'too big'],
  invalid_format: ['格式错误', 'badly formatted'],
  invalid_value: ['取值不在允许范围内', 'not one of the allowed values'],
  unrecognized_keys: ['包含未知字段', 'has unknown fields'],
  not_multiple_of: ['必须为整数', 'must be a whole number'],
  invalid_union: ['取值无效', 'invalid value'],
};

/** A custom zod issue with our stable code and a bilingual message. */
export function fieldIssue(code: string, zh: string, en: string): { message: string; params: { code: string } } {
  return { message: `${zh} / ${en}`, params: { code } };
}

/**
 * Turns a zod error into field errors with stable codes and bilingual messages.
 * Custom issues keep the code they were raised with (`params.code`); built-in ones map to
 * `VALIDATION.<ZOD_CODE>` with a generic message that names the expectation.
 */
export function toFieldErrors(error: z.ZodError, prefix: (string | number)[] = []): FieldError[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path].map(String).join('.');
    const params = (issue as { params?: { code?: string } }).params;
    if (issue.code === 'custom' && params?.code) return { path, code: params.code, message: issue.message };
    if (issue.message.includes(' / ')) {
      return { path, code: params?.code ?? `VALIDATION.${issue.code.toUpperCase()}`, message: issue.message };
    }
    const [zh, en] = GENERIC[issue.code] ?? ['取值无效', 'invalid value'];
    return { path, code: `VALIDATION.${issue.code.toUpperCase()}`, message: `${zh} / ${en}: ${issue.message}` };
  });
}

/** Integer fen, ≥ 0, a safe integer (DESIGN.md §10). */
export const fenSchema = z
  .number({ error: '金额必须为整数分 / amount must be a number of fen' })
  .int({ error: '金额必须为整数分，不能有小数 / amount must be whole fen, no fractions' })
  .min(0, { error: '金额不能为负数 / amount must not be negative' })
  .max(Number.MAX_SAFE_INTEGER, { error: '金额过大 / amount too large' });

/** A calendar date `YYYY-MM-DD` that exists. */
export const dateSchema = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isRealDate(s), {
  error: '日期必须为存在的 YYYY-MM-DD / date must be a real YYYY-MM-DD',
});

/** A month `YYYY-MM`. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, {
  error: '月份必须为 YYYY-MM / month must be YYYY-MM',
});

function isRealDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
