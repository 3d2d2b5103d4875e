import * as grpc from '@grpc/grpc-js';
import { z } from 'zod';
import { DomainError, ERROR_CODE_KEY, ERROR_FIELDS_KEY, fromGrpcError, toGrpcError } from '../src';

/** A failure as a grpc-js client reports it for a call to another service. */
function downstream(code: grpc.status, errorCode?: string, fields?: unknown[]): grpc.ServiceError {
  const metadata = new grpc.Metadata();
  if (errorCode) metadata.set(ERROR_CODE_KEY, errorCode);
  if (fields) metadata.set(ERROR_FIELDS_KEY, Buffer.from(JSON.stringify(fields)));
  return Object.assign(new Error(`${code} ${grpc.status[code]}: downstream`), { code, details: 'downstream', metadata });
}

/** What a caller of ours reads from the mapped error. */
const seen = (err: unknown) => {
  const mapped = toGrpcError(err);
  return { status: mapped.code, ...fromGrpcError(mapped as grpc.ServiceError) };
};

describe('toGrpcError', () => {
  test('when a domain error is thrown, then its kind gives the status and its code and fields travel in metadata', () => {
    const err = new DomainError('DIBAO.REFUSAL_NEEDS_REASON', 'invalid', '须说明理由', 'reasons required', [
      { path: 'note', code: 'DIBAO.REFUSAL_NEEDS_REASON', message: '理由 / reason' },
    ]);
    expect(seen(err)).toEqual({
      status: grpc.status.INVALID_ARGUMENT,
      code: 'DIBAO.REFUSAL_NEEDS_REASON',
      fields: [{ path: 'note', code: 'DIBAO.REFUSAL_NEEDS_REASON', message: '理由 / reason' }],
      message: '须说明理由 / reasons required',
    });
  });

  test('when a decoded request fails its zod schema, then INVALID_ARGUMENT names the field', () => {
    const parsed = z.object({ id: z.string().min(1) }).safeParse({ id: '' });
    expect(parsed.success).toBe(false);
    const s = seen(parsed.error);
    expect(s).toMatchObject({ status: grpc.status.INVALID_ARGUMENT, code: 'VALIDATION.INVALID_REQUEST' });
    expect(s.fields.map((f) => f.path)).toEqual(['id']);
  });

  test('when another service answered NOT_FOUND, then our caller gets NOT_FOUND with that service’s code', () => {
    expect(seen(downstream(grpc.status.NOT_FOUND, 'REGISTRY.HOUSEHOLD_NOT_FOUND'))).toMatchObject({
      status: grpc.status.NOT_FOUND,
      code: 'REGISTRY.HOUSEHOLD_NOT_FOUND',
    });
  });

  test('when another service refused fields, then they are relayed', () => {
    const fields = [{ path: 'facts.members.0.monthlyIncomeFen', code: 'VALIDATION.NOT_A_WHOLE_NUMBER', message: 'x / y' }];
    expect(seen(downstream(grpc.status.INVALID_ARGUMENT, 'VALIDATION.NOT_A_WHOLE_NUMBER', fields))).toMatchObject({
      status: grpc.status.INVALID_ARGUMENT,
      fields,
    });
  });

  test('when another service timed out, then UNAVAILABLE; when it failed internally, then INTERNAL without its details', () => {
    expect(seen(downstream(grpc.status.DEADLINE_EXCEEDED)).status).toBe(grpc.status.UNAVAILABLE);
    expect(seen(downstream(grpc.status.INTERNAL, 'INTERNAL'))).toMatchObject({ status: grpc.status.INTERNAL, code: 'INTERNAL', message: '内部错误 / internal error' });
  });

  test('when anything else is thrown (a PostgreSQL error with a string code), then INTERNAL and nothing leaks', () => {
    const pgError = Object.assign(new Error('duplicate key value violates unique constraint "persons_id_number"'), { code: '23505' });
    expect(seen(pgError)).toEqual({ status: grpc.status.INTERNAL, code: 'INTERNAL', fields: [], message: '内部错误 / internal error' });
  });
});
