import { householdFactsSchema, toFieldErrors, type FieldError, type HouseholdFacts } from '@wuhai/contracts';

/**
 * What the registry accepts as a household: the facts of evaluations.md, valid on `today`, and
 * every member identified by a valid ID number (the registry holds real people).
 */
export function validateForRegistry(input: unknown, today: string): { ok: true; facts: HouseholdFacts } | { ok: false; fields: FieldError[] } {
  const parsed = householdFactsSchema(today).safeParse(input);
  const fields: FieldError[] = parsed.success ? [] : toFieldErrors(parsed.error, ['household']);
  const members = (input as { members?: { idNumber?: string | null }[] } | null)?.members;
  if (Array.isArray(members)) {
    members.forEach((m, i) => {
      if (!m?.idNumber) {
        fields.push({
          path: `household.members.${i}.idNumber`,
          code: 'VALIDATION.ID_NUMBER_REQUIRED',
          message: '登记户籍成员必须提供身份证号 / a registered member needs an ID number',
        });
      }
    });
  }
  if (!parsed.success || fields.length) return { ok: false, fields };
  return { ok: true, facts: parsed.data };
}
