/**
 * Typed errors for everything that can go wrong talking to Odoo. Each carries a stable `code`
 * that callers (API filters, MCP tool errors) branch on; messages are written for humans and
 * never contain the password or API key.
 */

export const ODOO_ERROR_CODES = [
  'ODOO_ACCESS_DENIED',
  'ODOO_ACCESS_ERROR',
  'ODOO_MISSING_RECORD',
  'ODOO_VALIDATION',
  'ODOO_UNKNOWN_MODEL',
  'ODOO_DATABASE_NOT_FOUND',
  'ODOO_SERVER_ERROR',
  'ODOO_TIMEOUT',
  'ODOO_NETWORK',
  'ODOO_INVALID_RESPONSE',
] as const;
export type OdooErrorCode = (typeof ODOO_ERROR_CODES)[number];

/** The XML-RPC fault behind an error, as Odoo sent it (secrets removed). */
export interface OdooFaultInfo {
  faultCode: number | string;
  /** The Python exception class Odoo reported, when it said (e.g. "odoo.exceptions.AccessError"). */
  exceptionClass?: string;
  /** Odoo's full faultString, possibly a server traceback: for logs, not for end users. */
  faultString: string;
}

export interface OdooErrorOptions {
  cause?: unknown;
  fault?: OdooFaultInfo;
}

export abstract class OdooError extends Error {
  abstract readonly code: OdooErrorCode;
  readonly fault?: OdooFaultInfo;

  protected constructor(message: string, options: OdooErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options.fault) this.fault = options.fault;
  }
}

/** Bad credentials (Fault 3): wrong login, password or API key, or a disabled user. */
export class OdooAccessDeniedError extends OdooError {
  readonly code = 'ODOO_ACCESS_DENIED' as const;
  constructor(message: string, options?: OdooErrorOptions) {
    super(message, options);
  }
}

/** The user is authenticated but not allowed to do this (Fault 4, odoo.exceptions.AccessError). */
export class OdooAccessError extends OdooError {
  readonly code = 'ODOO_ACCESS_ERROR' as const;
  constructor(message: string, options?: OdooErrorOptions) {
    super(message, options);
  }
}

/** The record was deleted or never existed (odoo.exceptions.MissingError). */
export class OdooMissingRecordError extends OdooError {
  readonly code = 'ODOO_MISSING_RECORD' as const;
  constructor(
    message: string,
    readonly model?: string,
    readonly ids?: number[],
    options?: OdooErrorOptions,
  ) {
    super(message, options);
  }
}

/** Odoo refused the data or the operation (odoo.exceptions.ValidationError / UserError, Fault 2). */
export class OdooValidationError extends OdooError {
  readonly code = 'ODOO_VALIDATION' as const;
  constructor(message: string, options?: OdooErrorOptions) {
    super(message, options);
  }
}

/** The model is not in the database, usually because its module is not installed. */
export class OdooUnknownModelError extends OdooError {
  readonly code = 'ODOO_UNKNOWN_MODEL' as const;
  constructor(
    message: string,
    readonly model: string,
    options?: OdooErrorOptions,
  ) {
    super(message, options);
  }
}

export class OdooDatabaseNotFoundError extends OdooError {
  readonly code = 'ODOO_DATABASE_NOT_FOUND' as const;
  constructor(
    message: string,
    readonly database: string,
    options?: OdooErrorOptions,
  ) {
    super(message, options);
  }
}

/** Any other server-side exception (ValueError, TypeError, a bug in a module...). */
export class OdooServerError extends OdooError {
  readonly code = 'ODOO_SERVER_ERROR' as const;
  constructor(message: string, options?: OdooErrorOptions) {
    super(message, options);
  }
}

export class OdooTimeoutError extends OdooError {
  readonly code = 'ODOO_TIMEOUT' as const;
  constructor(
    message: string,
    readonly timeoutMs: number,
    options?: OdooErrorOptions,
  ) {
    super(message, options);
  }
}

export type OdooNetworkFailure =
  | 'connection_refused'
  | 'host_not_found'
  | 'connection_reset'
  | 'unreachable'
  | 'tls'
  | 'aborted'
  /** The caller's `lookup` refused every address of the host (an SSRF guard): nothing was sent. */
  | 'address_refused'
  | 'other';

/** The error code a caller's `lookup` gives to an address it refuses (see OdooClientOptions.lookup). */
export const ODOO_ADDRESS_REFUSED = 'ERR_ODOO_ADDRESS_REFUSED';

/** Odoo could not be reached: refused connection, unknown host, broken TLS, reset connection. */
export class OdooNetworkError extends OdooError {
  readonly code = 'ODOO_NETWORK' as const;
  constructor(
    message: string,
    readonly failure: OdooNetworkFailure,
    /** Node's error code, e.g. ECONNREFUSED, ENOTFOUND, ERR_SSL_WRONG_VERSION_NUMBER. */
    readonly systemCode: string | undefined,
    options?: OdooErrorOptions,
  ) {
    super(message, options);
  }
}

/** Something answered, but not with XML-RPC (wrong URL, proxy error page, truncated body). */
export class OdooInvalidResponseError extends OdooError {
  readonly code = 'ODOO_INVALID_RESPONSE' as const;
  constructor(
    message: string,
    readonly httpStatus?: number,
    options?: OdooErrorOptions,
  ) {
    super(message, options);
  }
}

export function isOdooError(error: unknown): error is OdooError {
  return error instanceof OdooError;
}
