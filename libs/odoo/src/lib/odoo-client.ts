/**
 * OdooClient: one Odoo connection (URL + database + login + password/API key). Authenticates
 * once and caches the uid; if Odoo later answers Access Denied to that uid (password changed,
 * database restored), it authenticates again once and retries the call.
 */
import type { LookupFunction } from 'node:net';
import { OdooAccessDeniedError } from './odoo-errors';
import { OdooCallOptions, OdooCallResult, OdooContext, OdooServerVersion, OdooTransport } from './odoo-transport';
import { OdooXmlRpcTransport } from './odoo-xmlrpc-transport';
import { displayUrl } from './odoo-redaction';
import { OdooDomain, OdooFieldDescription, OdooReadGroupRow, OdooRecord, OdooSpecification, OdooWebSearchReadResult } from './odoo-types';

export interface OdooClientOptions {
  url: string;
  database: string;
  login: string;
  /** The user's password or, preferably, an API key. */
  secret: string;
  /** Per-call timeout in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** Context sent with every call (lang, tz, allowed_company_ids...), merged under per-call context. */
  context?: OdooContext;
  maxSockets?: number;
  rejectUnauthorized?: boolean;
  /** Node's `lookup` for every new socket; a caller's SSRF guard (see OdooXmlRpcTransportOptions.lookup). */
  lookup?: LookupFunction;
  /** Another wire (e.g. JSON-2); defaults to XML-RPC on `url`. */
  transport?: OdooTransport;
}

export interface OdooRequestOptions extends OdooCallOptions {
  context?: OdooContext;
}

export interface OdooSearchOptions extends OdooRequestOptions {
  offset?: number;
  limit?: number;
  /** e.g. "name asc, id desc". */
  order?: string;
}

export interface OdooConnectionReport {
  serverVersion: string;
  serverVersionInfo: Array<number | string>;
  uid: number;
  userName: string;
  login: string;
  company: { id: number; name: string } | null;
  companies: Array<{ id: number; name: string }>;
}

type UserDescription = Pick<OdooConnectionReport, 'userName' | 'login' | 'company' | 'companies'>;

export type OdooAccessOperation = 'read' | 'write' | 'create' | 'unlink';

export class OdooClient {
  readonly url: string;
  readonly database: string;
  readonly login: string;
  readonly #secret: string;
  private readonly transport: OdooTransport;
  private readonly defaultContext: OdooContext;
  private uidPromise?: Promise<number>;

  constructor(options: OdooClientOptions) {
    this.url = displayUrl(new URL(options.url));
    this.database = options.database;
    this.login = options.login;
    this.#secret = options.secret;
    this.defaultContext = options.context ?? {};
    this.transport =
      options.transport ??
      new OdooXmlRpcTransport({
        url: options.url,
        timeoutMs: options.timeoutMs,
        maxSockets: options.maxSockets,
        rejectUnauthorized: options.rejectUnauthorized,
        lookup: options.lookup,
      });
  }

  version(options?: OdooCallOptions): Promise<OdooServerVersion> {
    return this.transport.version(options);
  }

  /** The uid, authenticating on first use only; concurrent callers share one round trip. */
  authenticate(options?: OdooCallOptions): Promise<number> {
    if (!this.uidPromise) {
      const attempt = this.transport.authenticate(this.database, this.login, this.#secret, options).then((uid) => {
        if (uid === false) {
          throw new OdooAccessDeniedError(
            `Odoo at ${this.url} rejected the login "${this.login}" for database "${this.database}": ` +
              'the login, password or API key is wrong, or the user is archived.',
          );
        }
        return uid;
      });
      this.uidPromise = attempt;
      attempt.catch(() => {
        if (this.uidPromise === attempt) this.uidPromise = undefined;
      });
    }
    return this.uidPromise;
  }

  /** Calls any model method. A method that returns None resolves to `{ value: null, noneReturned: true }`. */
  async executeKw<T = unknown>(
    model: string,
    method: string,
    args: unknown[] = [],
    kwargs: Record<string, unknown> = {},
    options: OdooRequestOptions = {},
  ): Promise<OdooCallResult<T>> {
    const context = { ...this.defaultContext, ...(kwargs['context'] as OdooContext | undefined), ...options.context };
    const fullKwargs = Object.keys(context).length ? { ...kwargs, context } : kwargs;
    const call = (uid: number) =>
      this.transport.executeKw<T>({ database: this.database, uid, secret: this.#secret, login: this.login, model, method, args, kwargs: fullKwargs }, options);

    const uid = await this.authenticate(options);
    try {
      return await call(uid);
    } catch (error) {
      // Access Denied comes from the credential check, before the method runs: retrying is safe.
      if (!(error instanceof OdooAccessDeniedError)) throw error;
      this.forgetUid();
      return call(await this.authenticate(options));
    }
  }

  search(model: string, domain: OdooDomain = [], options: OdooSearchOptions = {}): Promise<number[]> {
    return this.value(model, 'search', [domain], pageKwargs(options), options);
  }

  searchRead<T extends OdooRecord = OdooRecord>(model: string, domain: OdooDomain = [], options: OdooSearchOptions & { fields?: string[] } = {}): Promise<T[]> {
    return this.value(model, 'search_read', [domain], { ...pageKwargs(options), ...(options.fields ? { fields: options.fields } : {}) }, options);
  }

  /** Odoo 17+: fields chosen by a specification, many2one sub-fields inlined, total count included. */
  webSearchRead<T extends OdooRecord = OdooRecord>(
    model: string,
    domain: OdooDomain,
    specification: OdooSpecification,
    options: OdooSearchOptions & { countLimit?: number } = {},
  ): Promise<OdooWebSearchReadResult<T>> {
    const kwargs = { specification, ...pageKwargs(options), ...(options.countLimit ? { count_limit: options.countLimit } : {}) };
    return this.value(model, 'web_search_read', [domain], kwargs, options);
  }

  read<T extends OdooRecord = OdooRecord>(model: string, ids: number[], fields?: string[], options: OdooRequestOptions = {}): Promise<T[]> {
    return this.value(model, 'read', [ids], fields ? { fields } : {}, options);
  }

  searchCount(model: string, domain: OdooDomain = [], options: OdooRequestOptions & { limit?: number } = {}): Promise<number> {
    return this.value(model, 'search_count', [domain], options.limit ? { limit: options.limit } : {}, options);
  }

  create(model: string, values: Record<string, unknown>, options?: OdooRequestOptions): Promise<number>;
  create(model: string, values: Record<string, unknown>[], options?: OdooRequestOptions): Promise<number[]>;
  create(model: string, values: Record<string, unknown> | Record<string, unknown>[], options: OdooRequestOptions = {}): Promise<number | number[]> {
    return this.value(model, 'create', [values], {}, options);
  }

  write(model: string, ids: number[], values: Record<string, unknown>, options: OdooRequestOptions = {}): Promise<boolean> {
    return this.value(model, 'write', [ids, values], {}, options);
  }

  unlink(model: string, ids: number[], options: OdooRequestOptions = {}): Promise<boolean> {
    return this.value(model, 'unlink', [ids], {}, options);
  }

  fieldsGet(model: string, options: OdooRequestOptions & { fields?: string[]; attributes?: string[] } = {}): Promise<Record<string, OdooFieldDescription>> {
    const kwargs = { ...(options.fields ? { allfields: options.fields } : {}), ...(options.attributes ? { attributes: options.attributes } : {}) };
    return this.value(model, 'fields_get', [], kwargs, options);
  }

  /** Positional arguments: Odoo 17 names the domain `args`, Odoo 18 `domain`. */
  nameSearch(
    model: string,
    name = '',
    options: OdooRequestOptions & { domain?: OdooDomain; operator?: string; limit?: number } = {},
  ): Promise<Array<[number, string]>> {
    return this.value(model, 'name_search', [name, options.domain ?? [], options.operator ?? 'ilike', options.limit ?? 100], {}, options);
  }

  /** fields like ["amount_total:sum"], groupby like ["partner_id", "date_order:month"]. */
  readGroup(
    model: string,
    domain: OdooDomain,
    fields: string[],
    groupby: string[],
    options: OdooRequestOptions & { offset?: number; limit?: number; orderby?: string; lazy?: boolean } = {},
  ): Promise<OdooReadGroupRow[]> {
    const kwargs: Record<string, unknown> = {};
    if (options.offset) kwargs['offset'] = options.offset;
    if (options.limit) kwargs['limit'] = options.limit;
    if (options.orderby) kwargs['orderby'] = options.orderby;
    if (options.lazy !== undefined) kwargs['lazy'] = options.lazy;
    return this.value(model, 'read_group', [domain, fields, groupby], kwargs, options);
  }

  /** Whether the user has the model-level right; never raises for "no". */
  checkAccessRights(model: string, operation: OdooAccessOperation, options: OdooRequestOptions = {}): Promise<boolean> {
    return this.value(model, 'check_access_rights', [operation], { raise_exception: false }, options);
  }

  /** Server version, who we are, and the companies this user may work in. */
  async testConnection(options: OdooRequestOptions = {}): Promise<OdooConnectionReport> {
    const version = await this.version(options);
    const uid = await this.authenticate(options);
    const user = version.major >= 17 ? await this.describeUserWebRead(uid, options) : await this.describeUserRead(uid, options);
    return { serverVersion: version.serverVersion, serverVersionInfo: version.serverVersionInfo, uid, ...user };
  }

  /** Odoo 17+: user, current company and allowed companies in one round trip. */
  private async describeUserWebRead(uid: number, options: OdooRequestOptions): Promise<UserDescription> {
    type Named = { id: number; display_name: string };
    const specification = { name: {}, login: {}, company_id: { fields: { display_name: {} } }, company_ids: { fields: { display_name: {} } } };
    const [user] = await this.value<Array<{ name: string; login: string; company_id: Named | false; company_ids: Named[] }>>(
      'res.users',
      'web_read',
      [[uid]],
      { specification },
      options,
    );
    return {
      userName: user.name,
      login: user.login,
      company: user.company_id ? { id: user.company_id.id, name: user.company_id.display_name } : null,
      companies: user.company_ids.map(({ id, display_name }) => ({ id, name: display_name })),
    };
  }

  private async describeUserRead(uid: number, options: OdooRequestOptions): Promise<UserDescription> {
    const [user] = await this.read<{ id: number; name: string; login: string; company_id: [number, string] | false; company_ids: number[] }>(
      'res.users',
      [uid],
      ['name', 'login', 'company_id', 'company_ids'],
      options,
    );
    const companies = await this.read<{ id: number; name: string }>('res.company', user.company_ids, ['name'], options);
    return {
      userName: user.name,
      login: user.login,
      company: user.company_id ? { id: user.company_id[0], name: user.company_id[1] } : null,
      companies: companies.map(({ id, name }) => ({ id, name })),
    };
  }

  /** Drops the cached uid; the next call authenticates again. */
  forgetUid(): void {
    this.uidPromise = undefined;
  }

  close(): void {
    this.transport.close();
  }

  private async value<T>(model: string, method: string, args: unknown[], kwargs: Record<string, unknown>, options: OdooRequestOptions): Promise<T> {
    const result = await this.executeKw<T>(model, method, args, kwargs, options);
    return result.value as T;
  }
}

function pageKwargs(options: OdooSearchOptions): Record<string, unknown> {
  const kwargs: Record<string, unknown> = {};
  if (options.offset) kwargs['offset'] = options.offset;
  if (options.limit) kwargs['limit'] = options.limit;
  if (options.order) kwargs['order'] = options.order;
  return kwargs;
}
