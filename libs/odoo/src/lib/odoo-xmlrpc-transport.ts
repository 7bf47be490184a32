/**
 * Odoo's external API over XML-RPC: /xmlrpc/2/common (version, authenticate) and
 * /xmlrpc/2/object (execute_kw), with a keep-alive agent per transport and a hard per-call
 * timeout that aborts the socket. Bodies are written and read by odoo-xmlrpc-codec.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { OdooNetworkError, OdooTimeoutError } from './odoo-errors';
import { FaultContext, NONE_RETURNED, XmlRpcFault, mapFault } from './odoo-fault-mapper';
import { withDeadline } from './odoo-deadline';
import { RequestErrorContext, mapRequestError, notAnOdooServer } from './odoo-network-errors';
import { XmlRpcResponse, parseMethodResponse, serializeMethodCall } from './odoo-xmlrpc-codec';
import { displayUrl } from './odoo-redaction';
import { OdooCallOptions, OdooCallResult, OdooExecuteRequest, OdooServerVersion, OdooTransport } from './odoo-transport';

export const DEFAULT_ODOO_TIMEOUT_MS = 30_000;

export interface OdooXmlRpcTransportOptions {
  /** Base URL of the Odoo server, e.g. https://acme.odoo.com or http://localhost:8069. */
  url: string;
  timeoutMs?: number;
  /** Concurrent sockets to this server (keep-alive pool size). */
  maxSockets?: number;
  /** Set to false only for test servers with self-signed certificates. */
  rejectUnauthorized?: boolean;
  /**
   * Resolves the host for every new socket (Node's `lookup`): a caller's SSRF guard checks the
   * addresses here, so the connection goes to an address it approved, never to one DNS gives
   * later. To refuse, fail with an error whose code is ODOO_ADDRESS_REFUSED.
   */
  lookup?: LookupFunction;
}

const REQUEST_HEADERS = { 'User-Agent': 'Gantry Odoo client', 'Content-Type': 'text/xml', Accept: 'text/xml', 'Accept-Charset': 'UTF8' };

/** What came back over HTTP: the body only for a 200. */
type HttpAnswer = { status: number; text?: string };

interface CallTarget {
  service: 'common' | 'object';
  method: string;
  params: unknown[];
  fault: Omit<FaultContext, 'url'>;
  /** For messages: "common.version" or "res.partner.search_read". */
  label: string;
}

export class OdooXmlRpcTransport implements OdooTransport {
  private readonly url: URL;
  private readonly shownUrl: string;
  private readonly timeoutMs: number;
  private readonly agent: http.Agent;
  private readonly lookup?: LookupFunction;
  private readonly port: number;
  /** The URL's path without trailing slashes, before /xmlrpc/2/<service>. */
  private readonly basePath: string;

  constructor(options: OdooXmlRpcTransportOptions) {
    this.url = new URL(options.url);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') {
      throw new TypeError(`Odoo URL must start with http:// or https://, got ${this.url.protocol}`);
    }
    this.shownUrl = displayUrl(this.url);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_ODOO_TIMEOUT_MS;
    this.lookup = options.lookup;
    this.port = this.url.port ? Number(this.url.port) : this.url.protocol === 'https:' ? 443 : 80;
    this.basePath = this.url.pathname.replace(/\/+$/, '');
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 10 };
    this.agent =
      this.url.protocol === 'https:'
        ? new https.Agent({ ...agentOptions, rejectUnauthorized: options.rejectUnauthorized ?? true })
        : new http.Agent(agentOptions);
  }

  async version(options?: OdooCallOptions): Promise<OdooServerVersion> {
    const raw = await this.call(
      { service: 'common', method: 'version', params: [], label: 'common.version', fault: { database: '', method: 'version', secrets: [] } },
      options,
    );
    const info = raw as Record<string, unknown> | null;
    if (!info || typeof info !== 'object' || typeof info['server_version'] !== 'string') {
      throw notAnOdooServer(this.shownUrl);
    }
    const versionInfo = Array.isArray(info['server_version_info']) ? (info['server_version_info'] as Array<number | string>) : [];
    const major = typeof versionInfo[0] === 'number' ? versionInfo[0] : Number.parseInt(/(\d+)/.exec(info['server_version'])?.[1] ?? '0', 10);
    return {
      serverVersion: info['server_version'],
      serverVersionInfo: versionInfo,
      serverSerie: typeof info['server_serie'] === 'string' ? info['server_serie'] : info['server_version'],
      protocolVersion: typeof info['protocol_version'] === 'number' ? info['protocol_version'] : 1,
      major,
    };
  }

  async authenticate(database: string, login: string, secret: string, options?: OdooCallOptions): Promise<number | false> {
    const uid = await this.call(
      {
        service: 'common',
        method: 'authenticate',
        params: [database, login, secret, {}],
        label: 'common.authenticate',
        fault: { database, login, method: 'authenticate', secrets: [secret] },
      },
      options,
    );
    if (uid === false) return false;
    if (typeof uid !== 'number' || !Number.isInteger(uid) || uid <= 0) {
      throw notAnOdooServer(this.shownUrl);
    }
    return uid;
  }

  async executeKw<T>(request: OdooExecuteRequest, options?: OdooCallOptions): Promise<OdooCallResult<T>> {
    try {
      const value = await this.call(
        {
          service: 'object',
          method: 'execute_kw',
          params: [request.database, request.uid, request.secret, request.model, request.method, request.args, request.kwargs],
          label: `${request.model}.${request.method}`,
          fault: { database: request.database, login: request.login, model: request.model, method: request.method, secrets: [request.secret] },
        },
        options,
      );
      return { value: value as T, noneReturned: false };
    } catch (error) {
      if (error === NONE_RETURNED) return { value: null, noneReturned: true };
      throw error;
    }
  }

  close(): void {
    this.agent.destroy();
  }

  /** One XML-RPC round trip; rejects with an OdooError (or NONE_RETURNED, handled by executeKw). */
  private call(target: CallTarget, options: OdooCallOptions = {}): Promise<unknown> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const requestContext = { url: this.shownUrl, host: this.url.hostname, call: target.label, secrets: target.fault.secrets };
    const errors = {
      timeout: () => new OdooTimeoutError(`Odoo at ${this.shownUrl} did not answer ${target.label} within ${timeoutMs} ms.`, timeoutMs),
      aborted: () => new OdooNetworkError(`The call ${target.label} to Odoo at ${this.shownUrl} was cancelled.`, 'aborted', 'ABORT_ERR'),
    };
    // Before the clock starts: a value XML-RPC cannot carry throws a TypeError here.
    const body = Buffer.from(serializeMethodCall(target.method, target.params), 'utf8');
    return withDeadline(timeoutMs, options.signal, errors, (signal) =>
      this.post(target.service, body, signal).then(
        (answer) => this.read(answer, target, requestContext),
        (error: unknown) => {
          throw mapRequestError(error, requestContext);
        },
      ),
    );
  }

  /** POSTs the body; resolves with the HTTP status and, for a 200, the body as UTF-8. */
  private post(service: CallTarget['service'], body: Buffer, signal: AbortSignal): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const request = (this.url.protocol === 'https:' ? https : http).request(
        {
          host: this.url.hostname,
          port: this.port,
          path: `${this.basePath}/xmlrpc/2/${service}`,
          method: 'POST',
          agent: this.agent,
          lookup: this.lookup,
          signal,
          headers: { ...REQUEST_HEADERS, 'Content-Length': body.length },
        },
        (response) => {
          const status = response.statusCode ?? 0;
          if (status !== 200) {
            // Odoo answers faults with 200 too: anything else is a proxy's or another server's page.
            response.resume();
            resolve({ status });
            return;
          }
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => resolve({ status, text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  /** The call's value; throws the fault's OdooError (or NONE_RETURNED), or OdooInvalidResponseError. */
  private read(answer: HttpAnswer, target: CallTarget, requestContext: RequestErrorContext): unknown {
    const notXmlRpc = () => notAnOdooServer(requestContext.url, answer.status);
    if (answer.text === undefined) throw notXmlRpc();
    let response: XmlRpcResponse;
    try {
      response = parseMethodResponse(answer.text);
    } catch {
      throw notXmlRpc();
    }
    if (response.kind === 'result') return response.value;
    const fault = response.fault as Partial<XmlRpcFault> | null | undefined;
    if (!fault || typeof fault !== 'object' || fault.faultCode === undefined || typeof fault.faultString !== 'string') {
      throw notXmlRpc();
    }
    throw mapFault({ faultCode: fault.faultCode, faultString: fault.faultString }, { ...target.fault, url: this.shownUrl });
  }
}
