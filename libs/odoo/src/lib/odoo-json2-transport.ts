/**
 * Odoo 19's JSON-2 external API: `POST /json/2/<model>/<method>` with a bearer API key,
 * named arguments as JSON, errors as `{name, message, debug}` with an HTTP status.
 * Same OdooTransport contract as XML-RPC: keep-alive agent, hard per-call timeout, typed errors.
 */
import http from 'node:http';
import https from 'node:https';
import { withDeadline } from './odoo-deadline';
import { OdooError, OdooInvalidResponseError, OdooNetworkError, OdooTimeoutError } from './odoo-errors';
import { FaultContext, NONE_RETURNED, mapFault } from './odoo-fault-mapper';
import { toNamedArguments } from './odoo-json2-arguments';
import { mapRequestError, notAnOdooServer } from './odoo-network-errors';
import { displayUrl } from './odoo-redaction';
import { OdooCallOptions, OdooCallResult, OdooExecuteRequest, OdooServerVersion, OdooTransport } from './odoo-transport';
import { DEFAULT_ODOO_TIMEOUT_MS, OdooXmlRpcTransportOptions } from './odoo-xmlrpc-transport';

export type OdooJson2TransportOptions = OdooXmlRpcTransportOptions;

interface HttpAnswer {
  status: number;
  contentType: string;
  text: string;
}

/** JSON-2 statuses expressed as the XML-RPC fault codes the fault mapper understands. */
const STATUS_FAULT_CODES: Record<number, number> = { 401: 3, 403: 4, 422: 2 };

export class OdooJson2Transport implements OdooTransport {
  private readonly url: URL;
  private readonly shownUrl: string;
  private readonly timeoutMs: number;
  private readonly agent: http.Agent;
  private readonly lookup: OdooJson2TransportOptions['lookup'];

  constructor(options: OdooJson2TransportOptions) {
    this.url = new URL(options.url);
    if (this.url.protocol !== 'http:' && this.url.protocol !== 'https:') {
      throw new TypeError(`Odoo URL must start with http:// or https://, got ${this.url.protocol}`);
    }
    this.shownUrl = displayUrl(this.url);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_ODOO_TIMEOUT_MS;
    this.lookup = options.lookup;
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 10 };
    this.agent =
      this.url.protocol === 'https:'
        ? new https.Agent({ ...agentOptions, rejectUnauthorized: options.rejectUnauthorized ?? true })
        : new http.Agent(agentOptions);
  }

  async version(options?: OdooCallOptions): Promise<OdooServerVersion> {
    const answer = await this.send('GET', '/web/version', undefined, {}, 'web.version', [], options);
    const info = this.parseJson(answer, 'web.version') as Record<string, unknown> | null;
    if (answer.status !== 200 || !info || typeof info['version'] !== 'string') {
      throw notAnOdooServer(this.shownUrl, answer.status);
    }
    const versionInfo = Array.isArray(info['version_info']) ? (info['version_info'] as Array<number | string>) : [];
    const major = typeof versionInfo[0] === 'number' ? versionInfo[0] : Number.parseInt(/(\d+)/.exec(info['version'])?.[1] ?? '0', 10);
    return { serverVersion: info['version'], serverVersionInfo: versionInfo, serverSerie: info['version'], protocolVersion: 1, major };
  }

  /** JSON-2 has no login step: the API key names the user. This checks the key and returns its uid. */
  async authenticate(database: string, login: string, secret: string, options?: OdooCallOptions): Promise<number | false> {
    const request = { database, uid: 0, secret, login, model: 'res.users', method: 'context_get', args: [], kwargs: {} };
    try {
      const result = await this.executeKw<{ uid?: unknown }>(request, options);
      const uid = result.value?.uid;
      if (typeof uid !== 'number' || uid <= 0) {
        throw notAnOdooServer(this.shownUrl);
      }
      return uid;
    } catch (error) {
      if (error instanceof OdooError && error.code === 'ODOO_ACCESS_DENIED') return false;
      throw error;
    }
  }

  async executeKw<T>(request: OdooExecuteRequest, options?: OdooCallOptions): Promise<OdooCallResult<T>> {
    const label = `${request.model}.${request.method}`;
    const body = JSON.stringify(toNamedArguments(request.method, request.args, request.kwargs));
    const headers = { Authorization: `bearer ${request.secret}`, 'X-Odoo-Database': request.database, 'Content-Type': 'application/json; charset=utf-8' };
    const answer = await this.send('POST', `/json/2/${request.model}/${request.method}`, body, headers, label, [request.secret], options);
    const value = this.parseJson(answer, label);
    const fault: Omit<FaultContext, 'url'> = {
      database: request.database,
      login: request.login,
      model: request.model,
      method: request.method,
      secrets: [request.secret],
    };
    if (answer.status !== 200) throw this.errorFromAnswer(answer.status, value, fault, label);
    return value === null ? { value: null, noneReturned: true } : { value: value as T, noneReturned: false };
  }

  close(): void {
    this.agent.destroy();
  }

  private errorFromAnswer(status: number, body: unknown, fault: Omit<FaultContext, 'url'>, label: string): OdooError {
    const error = body as { name?: unknown; message?: unknown; debug?: unknown } | null;
    if (!error || typeof error.name !== 'string' || typeof error.message !== 'string') {
      return notAnOdooServer(this.shownUrl, status);
    }
    const faultString = typeof error.debug === 'string' && error.debug ? error.debug : `${error.name}: ${error.message}`;
    const mapped = mapFault(
      { faultCode: STATUS_FAULT_CODES[status] ?? 1, faultString },
      { ...fault, url: this.shownUrl },
      { exceptionClass: error.name, message: error.message },
    );
    // JSON-2 serialises None as null with status 200, so a fault never means "returned None" here.
    return mapped === NONE_RETURNED ? new OdooInvalidResponseError(`Odoo at ${this.shownUrl} reported a marshalling error on ${label}.`, status) : mapped;
  }

  private parseJson(answer: HttpAnswer, label: string): unknown {
    if (!answer.contentType.includes('json')) {
      // What it answered instead is not repeated (see odoo-network-errors).
      throw new OdooInvalidResponseError(
        `There is no Odoo JSON-2 API at ${this.shownUrl}: ${label} was not answered with JSON. Does this server have the JSON-2 API (Odoo 19+)?`,
        answer.status,
      );
    }
    try {
      return JSON.parse(answer.text) as unknown;
    } catch {
      throw notAnOdooServer(this.shownUrl, answer.status);
    }
  }

  private send(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    headers: Record<string, string>,
    label: string,
    secrets: readonly string[],
    options: OdooCallOptions = {},
  ): Promise<HttpAnswer> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const errors = {
      timeout: () => new OdooTimeoutError(`Odoo at ${this.shownUrl} did not answer ${label} within ${timeoutMs} ms.`, timeoutMs),
      aborted: () => new OdooNetworkError(`The call ${label} to Odoo at ${this.shownUrl} was cancelled.`, 'aborted', 'ABORT_ERR'),
    };
    const requestContext = { url: this.shownUrl, host: this.url.hostname, call: label, secrets };
    return withDeadline(timeoutMs, options.signal, errors, (signal) => {
      const transport = this.url.protocol === 'https:' ? https : http;
      return new Promise<HttpAnswer>((resolve, reject) => {
        const request = transport.request(
          {
            host: this.url.hostname,
            port: this.url.port || undefined,
            path: `${this.url.pathname.replace(/\/+$/, '')}${path}`,
            method,
            agent: this.agent,
            lookup: this.lookup,
            signal,
            headers: { ...headers, 'User-Agent': 'Gantry Odoo client', Accept: 'application/json' },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', (error) => reject(mapRequestError(error, requestContext)));
            response.on('end', () =>
              resolve({
                status: response.statusCode ?? 0,
                contentType: String(response.headers['content-type'] ?? ''),
                text: Buffer.concat(chunks).toString('utf8'),
              }),
            );
          },
        );
        request.on('error', (error) => reject(mapRequestError(error, requestContext)));
        request.end(body);
      });
    });
  }
}
