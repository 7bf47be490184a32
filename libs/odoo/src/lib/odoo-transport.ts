/**
 * The wire behind OdooClient. XML-RPC (/xmlrpc/2) is the one implemented; Odoo 19's JSON-2
 * API (/json/2/<model>/<method> with a bearer API key) can be added behind the same interface.
 */

/** Odoo's context keys Gantry sets, plus whatever else a caller passes through. */
export interface OdooContext {
  lang?: string;
  tz?: string;
  allowed_company_ids?: number[];
  active_test?: boolean;
  [key: string]: unknown;
}

export interface OdooServerVersion {
  serverVersion: string;
  serverVersionInfo: Array<number | string>;
  serverSerie: string;
  protocolVersion: number;
  /** 17 for "17.0", 18 for "saas~18.2"... */
  major: number;
}

/** A method's result. Methods returning None are a success without value, not an error. */
export type OdooCallResult<T> = { value: T; noneReturned: false } | { value: null; noneReturned: true };

export interface OdooCallOptions {
  /** Overrides the client's timeout for this call, in milliseconds. */
  timeoutMs?: number;
  /** Cancels the call (the HTTP request is aborted). */
  signal?: AbortSignal;
}

export interface OdooExecuteRequest {
  database: string;
  uid: number;
  /** Password or API key; transports must keep it out of errors and logs. */
  secret: string;
  model: string;
  method: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  /** The login, only for error messages. */
  login?: string;
}

export interface OdooTransport {
  version(options?: OdooCallOptions): Promise<OdooServerVersion>;
  /** The uid, or false when Odoo rejects the credentials. */
  authenticate(database: string, login: string, secret: string, options?: OdooCallOptions): Promise<number | false>;
  executeKw<T>(request: OdooExecuteRequest, options?: OdooCallOptions): Promise<OdooCallResult<T>>;
  /** Releases pooled connections. */
  close(): void;
}
