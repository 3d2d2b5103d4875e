/** Errors of authorisations, verification runs and their reports. */
import { DomainError, type FieldError } from '@wuhai/contracts';

/**
 * Some adult member has not signed the authorisation to verify (precondition): each one named, as
 * a field `members.<personId>`. "No authorisation, no verification."
 */
export const notAuthorised = (missing: { personId: string; name: string }[]) => {
  const names = missing.map((m) => m.name).join('、');
  const fields: FieldError[] = missing.length
    ? missing.map((m) => ({
        path: `members.${m.personId}`,
        code: 'VERIFICATION.NOT_AUTHORISED',
        message: `${m.name} 未签署核对授权书 / ${m.name} has not signed the authorisation to verify`,
      }))
    : [{ path: 'members', code: 'VERIFICATION.NOT_AUTHORISED', message: '尚无成员签署核对授权书 / no member has signed the authorisation to verify' }];
  return new DomainError(
    'VERIFICATION.NOT_AUTHORISED',
    'precondition',
    missing.length ? `以下成年成员未签署核对授权书：${names}` : '尚无成员签署核对授权书',
    missing.length ? `these adult members have not signed the authorisation to verify: ${names}` : 'no member has signed the authorisation to verify',
    fields,
  );
};

/** Person ids that are not members of the household (invalid), each named. */
export const notMembers = (ids: { index: number; personId: string }[]) =>
  new DomainError(
    'VERIFICATION.NOT_A_MEMBER',
    'invalid',
    `以下人员不是该户成员：${ids.map((i) => i.personId).join(', ')}`,
    `not members of the household: ${ids.map((i) => i.personId).join(', ')}`,
    ids.map((i) => ({
      path: `personIds.${i.index}`,
      code: 'VERIFICATION.NOT_A_MEMBER',
      message: `${i.personId} 不是该户成员 / ${i.personId} is not a member of the household`,
    })),
  );

/** The signing date is not a real `YYYY-MM-DD` date, or lies in the future (invalid). */
export const badSigningDate = (signedAt: string, today: string) => {
  const future = /^\d{4}-\d{2}-\d{2}$/.test(signedAt) && signedAt > today;
  return new DomainError(
    future ? 'VERIFICATION.SIGNED_IN_FUTURE' : 'VALIDATION.DATE',
    'invalid',
    future ? '签署日期不能晚于今天' : '签署日期须为 YYYY-MM-DD',
    future ? `the signing date ${signedAt} is after today (${today})` : 'signedAt must be a real YYYY-MM-DD date',
    [
      {
        path: 'signedAt',
        code: future ? 'VERIFICATION.SIGNED_IN_FUTURE' : 'VALIDATION.DATE',
        message: future ? '签署日期不能晚于今天 / the signing date must not be in the future' : '须为有效日期 YYYY-MM-DD / must be a real YYYY-MM-DD date',
      },
    ],
  );
};

/**
 * The signing date is before the birth date of members said to have signed (invalid, field
 * `signedAt`): nobody signs before they are born. Each such member named, with their birth date.
 */
export const signedBeforeBirth = (signedAt: string, signers: { personId: string; name: string; birthDate: string }[]) =>
  new DomainError(
    'VERIFICATION.SIGNED_BEFORE_BIRTH',
    'invalid',
    `签署日期 ${signedAt} 早于签署人的出生日期：${signers.map((m) => `${m.name}（${m.birthDate}）`).join('、')}`,
    `the signing date ${signedAt} is before the birth date of: ${signers.map((m) => `${m.name} (${m.birthDate})`).join(', ')}`,
    signers.map((m) => ({
      path: 'signedAt',
      code: 'VERIFICATION.SIGNED_BEFORE_BIRTH',
      message: `签署日期不能早于签署人 ${m.name} 的出生日期（${m.birthDate}）/ the signing date must not be before the birth date of ${m.name} (${m.birthDate}), person ${m.personId}`,
    })),
  );

/** No report has this id (not found). */
export const reportNotFound = (id: string) =>
  new DomainError('VERIFICATION.REPORT_NOT_FOUND', 'not_found', `核对报告 ${id} 不存在`, `verification report ${id} not found`);

/** A bulk run names more households than one call takes (invalid). */
export const tooManyHouseholds = (count: number, max: number) =>
  new DomainError('VERIFICATION.TOO_MANY_HOUSEHOLDS', 'invalid', `一次最多核对 ${max} 户，请求了 ${count} 户`, `one call verifies at most ${max} households; ${count} were asked for`, [
    { path: 'householdIds', code: 'VERIFICATION.TOO_MANY_HOUSEHOLDS', message: `至多 ${max} 户 / at most ${max} households` },
  ]);

/**
 * A verification's date has no value of a parameter it needs (invalid): the income tolerance
 * (`verification.income-tolerance-rate`, `-minimum`; City §18, decision 0014) is in force from its
 * first effective date on, and a run dated before it cannot compare incomes. Each missing
 * parameter is named on the field `asOf` (the run's date), with the first day it has a value. The
 * code is the rules package's own for a parameter without a value.
 * @param asOf the run's date, `YYYY-MM-DD`
 * @param missing each parameter without a value on `asOf`, with its earliest effective date ('' when it has none)
 */
export const toleranceNotInForce = (asOf: string, missing: { name: string; firstEffectiveFrom: string }[]) => {
  const names = missing.map((m) => m.name).join(', ');
  return new DomainError(
    'RULES.MISSING_PARAMETER',
    'invalid',
    `核对日期 ${asOf} 没有生效的收入容差参数：${names}，无法核对`,
    `no income tolerance is in force on the verification date ${asOf} (${names}): the verification cannot run`,
    missing.map((m) => ({
      path: 'asOf',
      code: 'RULES.MISSING_PARAMETER',
      message: m.firstEffectiveFrom
        ? `参数“${m.name}”在 ${asOf} 没有取值（自 ${m.firstEffectiveFrom} 起生效）/ parameter "${m.name}" has no value on ${asOf} (in force from ${m.firstEffectiveFrom})`
        : `参数“${m.name}”在 ${asOf} 没有取值 / parameter "${m.name}" has no value on ${asOf}`,
    })),
  );
};
