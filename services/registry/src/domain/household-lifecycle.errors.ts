import { DomainError, type FieldError } from '@wuhai/contracts';

/**
 * Errors of deaths and moves (docs/decisions/0013-deaths-and-moves.md), in the style of
 * registry.errors.ts: a stable code, a kind, Chinese and English, and the fields named.
 */

export const personIdNotFound = (personId: string) =>
  new DomainError('REGISTRY.PERSON_NOT_FOUND', 'not_found', `查无此人（${personId}）`, `no person ${personId}`, [
    { path: 'personId', code: 'REGISTRY.PERSON_NOT_FOUND', message: '查无此人 / no such person' },
  ]);

/** A death or move of a person whose death is recorded already. */
export const personDeceased = (name: string, deathDate: string) =>
  new DomainError(
    'REGISTRY.PERSON_DECEASED',
    'precondition',
    `${name} 已于 ${deathDate} 登记死亡`,
    `${name} is recorded as deceased on ${deathDate}`,
    [{ path: 'personId', code: 'REGISTRY.PERSON_DECEASED', message: `${name} 已于 ${deathDate} 登记死亡 / ${name} is recorded as deceased on ${deathDate}` }],
  );

export const invalidDeath = (fields: FieldError[]) =>
  new DomainError('VALIDATION.INVALID_DEATH', 'invalid', '死亡登记信息有误', 'the death record is invalid', fields);

export const invalidMove = (fields: FieldError[]) =>
  new DomainError('VALIDATION.INVALID_MOVE', 'invalid', '迁移登记信息有误', 'the move is invalid', fields);

/**
 * The head leaves (dies or moves out) and others stay: the clerk must name the new head; it is
 * never picked silently. Lists who may be named.
 */
export const newHeadRequired = (headName: string, remaining: { personId: string; name: string }[]) =>
  new DomainError(
    'REGISTRY.NEW_HEAD_REQUIRED',
    'invalid',
    `${headName} 是户主，须指定新户主（可选：${remaining.map((m) => m.name).join('、')}）`,
    `${headName} is the head of the household: name the new head (one of the other members)`,
    [
      {
        path: 'newHeadPersonId',
        code: 'REGISTRY.NEW_HEAD_REQUIRED',
        message: `须从其他成员中指定新户主：${remaining.map((m) => `${m.name}（${m.personId}）`).join('、')} / name the new head among the other members`,
      },
    ],
  );

export const newHeadNotAMember = () =>
  invalidField('newHeadPersonId', 'REGISTRY.NOT_A_MEMBER', '新户主须为该户其他在册成员 / the new head must be another living member of the household');

/** `newHeadPersonId` given although the person leaving is not the head (or nobody stays). */
export const newHeadNotExpected = () =>
  invalidField(
    'newHeadPersonId',
    'REGISTRY.NEW_HEAD_NOT_EXPECTED',
    '仅当户主离开且户内仍有成员时才指定新户主 / a new head is named only when the head leaves and others stay',
  );

function invalidField(path: string, code: string, message: string): DomainError {
  const [zh, en] = message.split(' / ') as [string, string];
  return new DomainError(code, 'invalid', zh, en, [{ path, code, message }]);
}

/** The person is a member of the household they would move to. */
export const alreadyMember = (name: string, householdNo: string) =>
  new DomainError('REGISTRY.ALREADY_A_MEMBER', 'precondition', `${name} 已是户 ${householdNo} 的成员`, `${name} is already a member of household ${householdNo}`, [
    { path: 'toHouseholdId', code: 'REGISTRY.ALREADY_A_MEMBER', message: `${name} 已是该户成员 / ${name} is already a member of this household` },
  ]);

export const targetHouseholdNotFound = (id: string) =>
  new DomainError('REGISTRY.HOUSEHOLD_NOT_FOUND', 'not_found', `户 ${id} 不存在`, `household ${id} not found`, [
    { path: 'toHouseholdId', code: 'REGISTRY.HOUSEHOLD_NOT_FOUND', message: '迁入的户不存在 / the household to move to does not exist' },
  ]);

/**
 * Registering a household with a person who is a member of another household (one person in one
 * household at a time): names the member and that household; a person leaves a household by a
 * move (`MovePerson`), which records the change in both histories.
 */
export const memberOfAnotherHousehold = (fields: FieldError[], taken: { name: string; householdNo: string; householdId: string }[]) =>
  new DomainError(
    'REGISTRY.ID_NUMBER_IN_ANOTHER_HOUSEHOLD',
    'conflict',
    `身份证号已登记在其他家庭：${taken.map((t) => `${t.name}（户 ${t.householdNo}）`).join('、')}；迁出须办理迁移登记`,
    `an ID number is already registered in another household: ${taken.map((t) => `${t.name} (household ${t.householdNo}, ${t.householdId})`).join(', ')}; a person leaves a household by a recorded move`,
    fields,
  );
