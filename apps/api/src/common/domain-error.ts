import { ERROR_CODES, ErrorCode, FieldError } from '@gantry/contracts';

/**
 * Every failure a client may see is a DomainError with a stable code; the HTTP status comes from
 * the shared code table, so the mapping lives in one place (the exception filter).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { fields?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export const notFound = (what: string) => new DomainError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'You do not have permission to do this') => new DomainError('FORBIDDEN', message);
