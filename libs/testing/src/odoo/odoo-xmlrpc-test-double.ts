/**
 * OdooXmlRpcTestDouble — a TEST DOUBLE standing in for Odoo, because no Odoo (Python, PostgreSQL)
 * can run on these machines. It is a real HTTP server speaking XML-RPC on /xmlrpc/2/common and
 * /xmlrpc/2/object the way Odoo 17/18 does — same methods, value shapes and fault codes/texts —
 * over in-memory demo data, plus Odoo 19's JSON-2 API (/json/2/<model>/<method>, /web/version).
 * It is not Odoo: only the behaviour Gantry relies on is reproduced.
 */
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { text } from 'node:stream/consumers';
import { OdooFault, accessDenied, cannotMarshalNone, databaseNotFound, pythonException, typeError } from './odoo-faults';
import { JSON2_PATH, Json2Request, invalidApiKey, json2ErrorBody, json2Status, readJson2Request, toJson } from './odoo-json2';
import { DEFAULT_CUSTOM_METHODS, OdooCustomMethod, callModelMethod } from './odoo-model-methods';
import { OdooModelDef, StoredRecord } from './odoo-model-schema';
import { OdooRecordStore } from './odoo-record-store';
import { irModelDefinition, OdooTestUser, SEED_MODELS, SEED_USERS, seedRecords } from './odoo-seed';
import { parseMethodCall, serializeFault, serializeMethodResponse } from './odoo-xmlrpc-wire';

export interface OdooXmlRpcTestDoubleOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  database?: string;
  /** What `version()` reports, e.g. "17.0" or "18.0". */
  serverVersion?: string;
  /** Replaces the seeded users (admin/admin and the restricted demo/demo). */
  users?: OdooTestUser[];
  /** Added to the seeded users. */
  extraUsers?: OdooTestUser[];
  extraModels?: Array<{ model: OdooModelDef; records?: StoredRecord[] }>;
  /** Added to (or replacing) the seeded records, per model. */
  extraRecords?: Record<string, StoredRecord[]>;
  /** Extra model methods, per model; a method returning undefined behaves like a Python method returning None. */
  methods?: Record<string, Record<string, OdooCustomMethod>>;
  /** Delay before answering each call, for benchmarks. */
  latencyMs?: number;
  /** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
  tls?: { key: string; cert: string };
}

export interface OdooXmlRpcCall {
  service: string;
  method: string;
  /** For execute_kw: "model.method", e.g. "res.partner.search_read". */
  modelMethod?: string;
  /** Positional arguments of the model method and its kwargs (never the password). */
  args?: unknown[];
  kwargs?: Record<string, unknown>;
}

type Incoming = (
  { wire: 'xmlrpc'; service: string; method: string; params: unknown[] } | { wire: 'json2'; request: Json2Request } | { wire: 'web-version' }
) & { unreadable?: OdooFault };

export interface RawHttpAnswer {
  status: number;
  contentType?: string;
  body: string;
}

const WERKZEUG_NOT_FOUND =
  '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n' +
  '<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n';

export class OdooXmlRpcTestDouble {
  readonly database: string;
  readonly store: OdooRecordStore;
  latencyMs: number;

  private readonly host: string;
  private readonly requestedPort: number;
  private readonly tls?: { key: string; cert: string };
  private connections = 0;
  private readonly serverVersion: string;
  private readonly users: OdooTestUser[];
  private readonly methods: Record<string, Record<string, OdooCustomMethod>>;
  private readonly counts = new Map<string, number>();
  private readonly log: OdooXmlRpcCall[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();
  private hangsPending = 0;
  private readonly injectedFaults: OdooFault[] = [];
  private readonly rawAnswers: RawHttpAnswer[] = [];
  private server?: Server;
  private address?: { url: string; port: number };

  constructor(options: OdooXmlRpcTestDoubleOptions = {}) {
    this.host = options.host ?? '127.0.0.1';
    this.requestedPort = options.port ?? 0;
    this.database = options.database ?? 'odoo';
    this.serverVersion = options.serverVersion ?? '17.0';
    this.latencyMs = options.latencyMs ?? 0;
    this.tls = options.tls;
    this.users = [...(options.users ?? SEED_USERS), ...(options.extraUsers ?? [])].map((user) => ({ ...user }));
    const records = seedRecords(this.users);
    for (const [model, rows] of Object.entries(options.extraRecords ?? {})) {
      const byId = new Map((records[model] ?? []).map((row) => [row.id, row]));
      for (const row of rows) byId.set(row.id, row);
      records[model] = [...byId.values()];
    }
    this.store = new OdooRecordStore(SEED_MODELS, records);
    for (const { model, records: rows } of options.extraModels ?? []) this.store.addModel(model, rows);
    const registry = irModelDefinition([...SEED_MODELS, ...(options.extraModels ?? []).map((entry) => entry.model)]);
    this.store.addModel(registry.model, registry.records);
    this.methods = mergeMethods(DEFAULT_CUSTOM_METHODS, options.methods ?? {});
  }

  async start(): Promise<{ url: string; port: number }> {
    if (this.address) return this.address;
    const handler = (request: IncomingMessage, response: ServerResponse) => void this.handle(request, response);
    const server: Server = this.tls ? createTlsServer(this.tls, handler) : createServer(handler);
    server.on('connection', (socket: Socket) => {
      this.connections += 1;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.requestedPort, this.host, () => resolve());
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.address = { url: `${this.tls ? 'https' : 'http'}://${this.host}:${port}`, port };
    return this.address;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.address = undefined;
    for (const response of this.hanging) response.destroy();
    this.hanging.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  get url(): string {
    if (!this.address) throw new Error('OdooXmlRpcTestDouble is not started');
    return this.address.url;
  }

  // ---- test hooks --------------------------------------------------------------------------

  /** The next `count` calls are read but never answered, until the client gives up or stop(). */
  hangNextCall(count = 1): void {
    this.hangsPending += count;
  }

  /** The next call is answered with this fault instead of being executed. */
  injectFault(fault: { faultCode: number; faultString: string }): void {
    this.injectedFaults.push(new OdooFault(fault.faultCode, fault.faultString));
  }

  /** The next call gets this raw HTTP answer (e.g. a proxy's HTML error page). */
  respondRawToNextCall(answer: RawHttpAnswer): void {
    this.rawAnswers.push(answer);
  }

  /** Gives the user a new uid, as re-creating it or restoring another database would. */
  recreateUser(login: string): number {
    const user = this.userByLogin(login);
    const newId = Math.max(...this.users.map((candidate) => candidate.id)) + 1;
    this.store.renumber('res.users', user.id, newId);
    user.id = newId;
    return newId;
  }

  setUserCredentials(login: string, credentials: { password?: string; apiKeys?: string[] }): void {
    Object.assign(this.userByLogin(login), credentials);
  }

  // ---- observation -------------------------------------------------------------------------

  /** HTTP round trips for "common.version", "object.execute_kw", or a model method like "res.partner.search_read". */
  callCount(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  callCounts(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** TCP connections accepted so far: with keep-alive, far fewer than calls. */
  get connectionsOpened(): number {
    return this.connections;
  }

  get calls(): readonly OdooXmlRpcCall[] {
    return this.log;
  }

  resetCalls(): void {
    this.counts.clear();
    this.log.length = 0;
  }

  // ---- HTTP --------------------------------------------------------------------------------

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const incoming = await this.read(request);
    if (!incoming) {
      request.resume();
      response.writeHead(404, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(WERKZEUG_NOT_FOUND);
      return;
    }
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (incoming.unreadable) {
      this.reply(response, incoming, { fault: incoming.unreadable });
      return;
    }
    this.record(incoming);

    if (this.hangsPending > 0) {
      this.hangsPending -= 1;
      this.hanging.add(response);
      response.on('close', () => this.hanging.delete(response));
      return;
    }
    const raw = this.rawAnswers.shift();
    if (raw) {
      response.writeHead(raw.status, { 'Content-Type': raw.contentType ?? 'text/html; charset=utf-8' });
      response.end(raw.body);
      return;
    }
    const injected = this.injectedFaults.shift();
    if (injected) {
      this.reply(response, incoming, { fault: injected });
      return;
    }
    try {
      this.reply(response, incoming, { result: this.execute(incoming) });
    } catch (error) {
      const fault = error instanceof OdooFault ? error : pythonException('Exception', error instanceof Error ? error.message : String(error));
      this.reply(response, incoming, { fault });
    }
  }

  private async read(request: IncomingMessage): Promise<Incoming | undefined> {
    const path = request.url ?? '';
    const service = /^\/xmlrpc\/2\/(common|object)\/?$/.exec(path)?.[1];
    const json2 = JSON2_PATH.exec(path);
    if (request.method === 'POST' && service) {
      const body = await text(request);
      try {
        const { method, params } = parseMethodCall(body);
        return { wire: 'xmlrpc', service, method, params };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { wire: 'xmlrpc', service, method: '', params: [], unreadable: pythonException('xml.parsers.expat.ExpatError', message) };
      }
    }
    if (request.method === 'POST' && json2) {
      const parsed = await readJson2Request(request, json2[1], json2[2]);
      return parsed instanceof OdooFault
        ? { wire: 'json2', request: { model: json2[1], method: json2[2], body: {} }, unreadable: parsed }
        : { wire: 'json2', request: parsed };
    }
    if (request.method === 'GET' && path === '/web/version') return { wire: 'web-version' };
    return undefined;
  }

  private record(incoming: Incoming): void {
    if (incoming.wire === 'xmlrpc') {
      const { service, method, params } = incoming;
      this.count(`${service}.${method}`);
      if (service === 'object' && method === 'execute_kw' && typeof params[3] === 'string') this.count(`${params[3]}.${String(params[4])}`);
      this.log.push(describeCall(service, method, params));
    } else if (incoming.wire === 'json2') {
      const { model, method, body } = incoming.request;
      const { ids, ...kwargs } = body;
      this.count(`json2.${model}.${method}`);
      this.count(`${model}.${method}`);
      this.log.push({ service: 'json2', method, modelMethod: `${model}.${method}`, args: ids === undefined ? [] : [ids], kwargs });
    } else {
      this.count('web.version');
      this.log.push({ service: 'web', method: 'version' });
    }
  }

  private execute(incoming: Incoming): unknown {
    if (incoming.wire === 'xmlrpc') {
      return incoming.service === 'common' ? this.common(incoming.method, incoming.params) : this.object(incoming.method, incoming.params);
    }
    if (incoming.wire === 'web-version') {
      return { version_info: this.versionInfo(), version: this.serverVersion };
    }
    const { model, method, apiKey, database, body } = incoming.request;
    if (database !== undefined) this.checkDatabase(database);
    // JSON-2 takes API keys only, never passwords.
    const user = this.users.find((candidate) => candidate.active !== false && apiKey !== undefined && (candidate.apiKeys ?? []).includes(apiKey));
    if (!user) throw invalidApiKey();
    const { ids, context, ...kwargs } = body;
    const env = { user, context: (context ?? {}) as Record<string, unknown> };
    return callModelMethod(this.store, env, model, method, ids === undefined ? [] : [ids], kwargs, this.methods) ?? null;
  }

  private reply(response: ServerResponse, incoming: Incoming, outcome: { result: unknown } | { fault: OdooFault }): void {
    if (incoming.wire === 'xmlrpc') {
      if ('fault' in outcome) this.sendFault(response, outcome.fault);
      else this.send(response, serializeMethodResponse(outcome.result));
      return;
    }
    const status = 'fault' in outcome ? json2Status(outcome.fault) : 200;
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    response.end('fault' in outcome ? toJson(json2ErrorBody(outcome.fault)) : toJson(outcome.result));
  }

  private send(response: ServerResponse, xml: string): void {
    response.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
    response.end(xml);
  }

  private sendFault(response: ServerResponse, fault: OdooFault): void {
    this.send(response, serializeFault({ faultCode: fault.faultCode, faultString: fault.faultString }));
  }

  private count(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  // ---- services ----------------------------------------------------------------------------

  private common(method: string, params: unknown[]): unknown {
    switch (method) {
      case 'version': {
        return {
          server_version: this.serverVersion,
          server_version_info: this.versionInfo(),
          server_serie: this.serverVersion,
          protocol_version: 1,
        };
      }
      case 'authenticate':
      case 'login': {
        const [db, login, secret] = params;
        this.checkDatabase(db);
        const user = this.users.find((candidate) => candidate.login === login);
        return user && this.secretMatches(user, secret) ? user.id : false;
      }
      default:
        throw pythonException('NameError', `name 'exp_${method}' is not defined`);
    }
  }

  private object(method: string, params: unknown[]): unknown {
    if (method !== 'execute_kw' && method !== 'execute') {
      throw pythonException('NameError', `name 'exp_${method}' is not defined`);
    }
    const [db, uid, secret, model, modelMethod, ...rest] = params;
    this.checkDatabase(db);
    const user = this.users.find((candidate) => candidate.id === uid);
    if (!user || !this.secretMatches(user, secret)) throw accessDenied();
    if (typeof model !== 'string' || typeof modelMethod !== 'string') {
      throw typeError('execute_kw() needs a model name and a method name as strings');
    }
    const args = method === 'execute_kw' ? (rest[0] ?? []) : rest;
    const kwargs = { ...((method === 'execute_kw' ? rest[1] : undefined) ?? {}) } as Record<string, unknown>;
    if (!Array.isArray(args)) throw typeError(`execute_kw() argument 'args' must be a list, not ${typeof args}`);
    const context = (kwargs['context'] ?? {}) as Record<string, unknown>;
    delete kwargs['context'];
    const result = callModelMethod(this.store, { user, context }, model, modelMethod, args, kwargs, this.methods);
    if (result === undefined || result === null) throw cannotMarshalNone();
    return result;
  }

  private versionInfo(): Array<number | string> {
    const [major, minor] = this.serverVersion.split('.').map((part) => Number.parseInt(part, 10) || 0);
    return [major, minor, 0, 'final', 0, ''];
  }

  private checkDatabase(db: unknown): void {
    if (db !== this.database) throw databaseNotFound(String(db));
  }

  private secretMatches(user: OdooTestUser, secret: unknown): boolean {
    if (user.active === false || typeof secret !== 'string' || secret === '') return false;
    return secret === user.password || (user.apiKeys ?? []).includes(secret);
  }

  private userByLogin(login: string): OdooTestUser {
    const user = this.users.find((candidate) => candidate.login === login);
    if (!user) throw new Error(`No test user with login ${login}`);
    return user;
  }
}

function describeCall(service: string, method: string, params: unknown[]): OdooXmlRpcCall {
  if (service === 'object' && method === 'execute_kw') {
    return {
      service,
      method,
      modelMethod: `${String(params[3])}.${String(params[4])}`,
      args: Array.isArray(params[5]) ? params[5] : [],
      kwargs: (params[6] as Record<string, unknown>) ?? {},
    };
  }
  // Never log the password / API key that authenticate and execute carry.
  return { service, method };
}

function mergeMethods(
  base: Record<string, Record<string, OdooCustomMethod>>,
  extra: Record<string, Record<string, OdooCustomMethod>>,
): Record<string, Record<string, OdooCustomMethod>> {
  const merged: Record<string, Record<string, OdooCustomMethod>> = {};
  for (const [model, methods] of [...Object.entries(base), ...Object.entries(extra)]) {
    merged[model] = { ...merged[model], ...methods };
  }
  return merged;
}
