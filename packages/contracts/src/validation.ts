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

/** zod's names of the expected types, in Chinese and English. */
const TYPES: Record<string, [string, string]> = {
  string: ['文本', 'a string'],
  number: ['数字', 'a number'],
  int: ['整数', 'a whole number'],
  bigint: ['整数', 'a whole number'],
  boolean: ['true 或 false', 'true or false'],
  object: ['对象', 'an object'],
  array: ['数组', 'an array'],
  date: ['日期', 'a date'],
};

const SIZED: Record<string, [string, string]> = {
  array: ['项', 'items'],
  set: ['项', 'items'],
  string: ['个字符', 'characters'],
  file: ['字节', 'bytes'],
};

/** A bilingual message for one of zod's built-in issues, from its details (never zod's own English). */
function genericMessage(issue: z.core.$ZodIssue, missing: boolean): string {
  if (missing) return '必填项缺失 / this field is required';
  switch (issue.code) {
    case 'invalid_type': {
      const [zh, en] = TYPES[issue.expected] ?? [issue.expected, issue.expected];
      return `类型错误，应为${zh} / wrong type: expected ${en}`;
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const limit = String(small ? issue.minimum : issue.maximum);
      const unit = SIZED[issue.origin];
      if (unit) return small ? `至少${limit}${unit[0]} / at least ${limit} ${unit[1]}` : `最多${limit}${unit[0]} / at most ${limit} ${unit[1]}`;
      if (issue.inclusive !== false) return small ? `不能小于${limit} / must be at least ${limit}` : `不能大于${limit} / must be at most ${limit}`;
      return small ? `必须大于${limit} / must be more than ${limit}` : `必须小于${limit} / must be less than ${limit}`;
    }
    case 'invalid_format':
      return issue.format === 'regex'
        ? '格式不符合要求 / does not match the required format'
        : `格式错误（应为 ${issue.format}）/ badly formatted: expected ${issue.format}`;
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v)).join(' | ');
      return `取值须为 ${values} 之一 / must be one of ${values}`;
    }
    case 'unrecognized_keys':
      return `包含未知字段 ${issue.keys.join(', ')} / unknown fields: ${issue.keys.join(', ')}`;
    case 'not_multiple_of':
      return `必须为 ${String(issue.divisor)} 的倍数 / must be a multiple of ${String(issue.divisor)}`;
    default:
      return '取值无效 / invalid value';
  }
}

/** A custom zod issue with our stable code and a bilingual message. */
export function fieldIssue(code: string, zh: string, en: string): { message: string; params: { code: string } } {
  return { message: `${zh} / ${en}`, params: { code } };
}

/**
 * Turns a zod error into field errors with stable codes and bilingual messages.
 * Custom issues keep the code they were raised with (`params.code`); a missing field is
 * `VALIDATION.REQUIRED`; other built-in issues map to `VALIDATION.<ZOD_CODE>` with a bilingual
 * message built from the issue (the expected type, the limit, the allowed values), never zod's own
 * English. A missing field is told from a wrong type by the issue's `input` (parse with
 * `{ reportInput: true }`) or, without it, by zod's message.
 */
export function toFieldErrors(error: z.ZodError, prefix: (string | number)[] = []): FieldError[] {
  return error.issues.map((issue) => {
    const path = [...prefix, ...issue.path].map(String).join('.');
    const params = (issue as { params?: { code?: string } }).params;
    if (issue.code === 'custom' && params?.code) return { path, code: params.code, message: issue.message };
    // absent (undefined): an invalid_type, or an invalid_value of an enum, with nothing given
    const missing =
      issue.code !== 'custom' &&
      ('input' in issue ? (issue as { input?: unknown }).input === undefined : issue.code === 'invalid_type' && /received undefined$/.test(issue.message));
    const code = params?.code ?? (missing ? 'VALIDATION.REQUIRED' : `VALIDATION.${issue.code.toUpperCase()}`);
    if (issue.message.includes(' / ')) return { path, code, message: issue.message };
    return { path, code, message: genericMessage(issue, missing) };
  });
}

/** Integer fen, ≥ 0, a safe integer (DESIGN.md §10). */
export const fenSchema = z
  .number({ error: '金额必须为整数分 / amount must be a number of fen' })
  .int({ error: '金额必须为整数分，不能有小数 / amount must be whole fen, no fractions' })
  .min(0, { error: '金额不能为负数 / amount must not be negative' })
  .max(Number.MAX_SAFE_INTEGER, { error: '金额过大 / amount too large' });

/** A calendar date `YYYY-MM-DD` that exists; otherwise `VALIDATION.DATE`. */
export const dateSchema = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && isRealDate(s), {
  error: '日期必须为存在的 YYYY-MM-DD / date must be a real YYYY-MM-DD',
  params: { code: 'VALIDATION.DATE' },
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
