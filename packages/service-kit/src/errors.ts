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
 * Statuses of a failed call to another service that are relayed to our caller as they came (with
 * the other service's code and field errors): a household the registry does not know is NOT_FOUND
 * to the intake window too, not an internal error. A deadline exceeded downstream is UNAVAILABLE.
 */
const RELAYED: ReadonlyMap<grpc.status, grpc.status> = new Map([
  ...Object.values(STATUS).map((s) => [s, s] as const),
  [grpc.status.DEADLINE_EXCEEDED, grpc.status.UNAVAILABLE],
]);

/** A failure returned by a gRPC call this service made (grpc-js ServiceError), not one of ours. */
function downstreamError(err: unknown): (Error & { code: grpc.status; details?: string; metadata: grpc.Metadata }) | undefined {
  const e = err as { code?: unknown; metadata?: { get?: unknown } } | null;
  return err instanceof Error && typeof e?.code === 'number' && typeof e.metadata?.get === 'function'
    ? (err as Error & { code: grpc.status; details?: string; metadata: grpc.Metadata })
    : undefined;
}

/**
 * Maps any thrown value to a gRPC error: DomainError by its kind; a ZodError (a decoded request
 * that failed validation) to INVALID_ARGUMENT with field errors; a failed call to another service
 * by its status when that status means something to our caller (see RELAYED), keeping its code
 * and fields; anything else to INTERNAL with no internal detail leaked.
 */
export function toGrpcError(err: unknown): Partial<grpc.StatusObject> & { code: grpc.status } {
  const metadata = new grpc.Metadata();
  const downstream = downstreamError(err);
  const relayed = downstream && RELAYED.get(downstream.code);
  if (downstream && relayed !== undefined) {
    metadata.set(ERROR_CODE_KEY, String(downstream.metadata.get(ERROR_CODE_KEY)[0] ?? grpc.status[relayed]));
    const fields = downstream.metadata.get(ERROR_FIELDS_KEY)[0];
    if (fields) metadata.set(ERROR_FIELDS_KEY, Buffer.isBuffer(fields) ? fields : Buffer.from(fields));
    return { code: relayed, details: downstream.details ?? '', metadata };
  }
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
