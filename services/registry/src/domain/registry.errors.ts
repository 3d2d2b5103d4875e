import { DomainError, type FieldError } from '@wuhai/contracts';

export const householdNotFound = (id: string) =>
  new DomainError('REGISTRY.HOUSEHOLD_NOT_FOUND', 'not_found', `户 ${id} 不存在`, `household ${id} not found`);

export const personNotFound = () =>
  new DomainError('REGISTRY.PERSON_NOT_FOUND', 'not_found', '查无此人', 'no person has this ID number');

export const invalidHousehold = (fields: FieldError[]) =>
  new DomainError('VALIDATION.INVALID_HOUSEHOLD', 'invalid', '家庭信息有误', 'the household facts are invalid', fields);

export const idNumberTaken = (fields: FieldError[]) =>
  new DomainError(
    'REGISTRY.ID_NUMBER_IN_ANOTHER_HOUSEHOLD',
    'conflict',
    '身份证号已登记在其他家庭',
    'an ID number is already registered in another household',
    fields,
  );

export const householdNoTaken = () =>
  new DomainError('REGISTRY.HOUSEHOLD_NO_TAKEN', 'conflict', '户口簿编号已登记', 'this household number is already registered', [
    { path: 'householdNo', code: 'REGISTRY.HOUSEHOLD_NO_TAKEN', message: '该户口簿编号已登记 / this household number is already registered' },
  ]);
