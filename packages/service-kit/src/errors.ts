import * as grpc from '@grpc/grpc-js';
import { z } from 'zod';
import { DomainError, ERROR_CODE_KEY, ERROR_FIELDS_KEY, toFieldErrors, type ErrorKind, type FieldError } from '@wuhai/contracts';

export { DomainError, ERROR_CODE_KEY, ERROR_FIELDS_KEY, type ErrorKind, type FieldError };

const STATUS: Record<ErrorKind, grpc.status> = {
  invalid: grpc.status.INVALID_ARGUMENT,
  not_found: grpc.status.NOT_FOUND,
  conflict: grpc.status.ALREADY_EXISTS,
  precondition: grpc.status.FAILED_PRECONDITION,
  forbidden: grpc.status.PERMISSION_DENIED,
  unauthenticated: grpc.status.UNAUTHENTICATED,
  unavailable: grpc.status.UNAVAILABLE,
};

/**
 * Maps any thrown value to a gRPC error: DomainError by its kind; a ZodError (a decoded request
 * that failed validation) to INVALID_ARGUMENT with field errors; anything else to INTERNAL with no
 * internal detail leaked.
 */
export function toGrpcError(err: unknown): Partial<grpc.StatusObject> & { code: grpc.status } {
  const metadata = new grpc.Metadata();
  if (err instanceof DomainError) {
    metadata.set(ERROR_CODE_KEY, err.code);
    if (err.fields.length) metadata.set(ERROR_FIELDS_KEY, Buffer.from(JSON.stringify(err.fields)));
    return { code: STATUS[err.kind], details: err.message, metadata };
  }
  if (err instanceof z.ZodError) {
    metadata.set(ERROR_CODE_KEY, 'VALIDATION.INVALID_REQUEST');
    metadata.set(ERROR_FIELDS_KEY, Buffer.from(JSON.stringify(toFieldErrors(err))));
    return { code: grpc.status.INVALID_ARGUMENT, details: '请求参数无效 / invalid request', metadata };
  }
  metadata.set(ERROR_CODE_KEY, 'INTERNAL');
  return { code: grpc.status.INTERNAL, details: '内部错误 / internal error', metadata };
}

/** Reads the code and field errors back from a gRPC error (used by the gateway and by callers). */
export function fromGrpcError(err: grpc.ServiceError): { code: string; fields: FieldError[]; message: string } {
  const code = (err.metadata?.get(ERROR_CODE_KEY)[0] as string | undefined) ?? grpc.status[err.code] ?? 'UNKNOWN';
  const raw = err.metadata?.get(ERROR_FIELDS_KEY)[0];
  let fields: FieldError[] = [];
  if (raw) {
    try {
      fields = JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw)) as FieldError[];
    } catch {
      fields = [];
    }
  }
  return { code: String(code), fields, message: err.details ?? '' };
}
