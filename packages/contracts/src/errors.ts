import type { FieldError } from './validation';

/** Metadata keys that carry a failure's stable code and its field errors across gRPC. */
export const ERROR_CODE_KEY = 'x-error-code';
export const ERROR_FIELDS_KEY = 'x-error-fields-bin';

/** What kind of failure a domain error is; only transport maps a kind to a status (DESIGN.md §6). */
export type ErrorKind = 'invalid' | 'not_found' | 'conflict' | 'precondition' | 'forbidden' | 'unauthenticated' | 'unavailable';

/**
 * A failure the domain names: a stable `code` (`DIBAO.NOTICE_NOT_ENDED`), a kind, and a message in
 * Chinese and English. `fields` lists invalid fields for `invalid` errors. Pure: usable from any
 * service's `domain/`.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    readonly zh: string,
    readonly en: string,
    readonly fields: FieldError[] = [],
  ) {
    super(`${zh} / ${en}`);
    this.name = 'DomainError';
  }
}
