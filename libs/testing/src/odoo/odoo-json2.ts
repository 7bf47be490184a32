/**
 * Odoo 19's JSON-2 external API for the test double: `POST /json/2/<model>/<method>` with
 * `Authorization: bearer <API key>`, named arguments (plus `ids` and `context`) as a JSON
 * object, the result as JSON, errors as `{name, message, arguments, context, debug}` with an
 * HTTP status. Also `GET /web/version`.
 */
import { IncomingMessage } from 'node:http';
import { text } from 'node:stream/consumers';
import { OdooFault, RPC_FAULT_CODE_ACCESS_DENIED, RPC_FAULT_CODE_ACCESS_ERROR, RPC_FAULT_CODE_WARNING } from './odoo-faults';
import { OdooFloat } from './odoo-model-schema';

export interface Json2Request {
  model: string;
  method: string;
  /** The bearer token, if any. */
  apiKey?: string;
  database?: string;
  body: Record<string, unknown>;
}

export const JSON2_PATH = /^\/json\/2\/([\w.]+)\/(\w+)\/?$/;

export async function readJson2Request(request: IncomingMessage, model: string, method: string): Promise<Json2Request | OdooFault> {
  const raw = await text(request);
  let body: unknown = {};
  try {
    body = raw.trim() ? JSON.parse(raw) : {};
  } catch (error) {
    return new OdooFault(400, `Invalid JSON body: ${(error as Error).message}`, 'werkzeug.exceptions.BadRequest');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return new OdooFault(400, 'The JSON body must be an object of named arguments', 'werkzeug.exceptions.BadRequest');
  }
  const authorization = request.headers['authorization'];
  const bearer = typeof authorization === 'string' ? /^bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim() : undefined;
  const database = request.headers['x-odoo-database'];
  return { model, method, apiKey: bearer, database: typeof database === 'string' ? database : undefined, body: body as Record<string, unknown> };
}

export function invalidApiKey(): OdooFault {
  return new OdooFault(RPC_FAULT_CODE_ACCESS_DENIED, 'Invalid apikey', 'werkzeug.exceptions.Unauthorized');
}

/** The HTTP status JSON-2 answers for an exception. */
export function json2Status(fault: OdooFault): number {
  if (fault.faultCode === 400) return 400;
  if (fault.faultCode === RPC_FAULT_CODE_ACCESS_DENIED) return 401;
  if (fault.faultCode === RPC_FAULT_CODE_ACCESS_ERROR) return 403;
  if (/^Object [\w.]+ doesn't exist$/.test(fault.exceptionMessage) || fault.exceptionClass === 'AttributeError') return 404;
  if (fault.faultCode === RPC_FAULT_CODE_WARNING) return 422;
  return 500;
}

export function json2ErrorBody(fault: OdooFault): Record<string, unknown> {
  return {
    name: fault.exceptionClass,
    message: fault.exceptionMessage,
    arguments: [fault.exceptionMessage],
    context: {},
    debug: fault.faultString.startsWith('Traceback') ? fault.faultString : `${fault.exceptionClass}: ${fault.exceptionMessage}\n`,
  };
}

/** JSON has no float/int distinction to keep; OdooFloat markers become plain numbers. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (item instanceof OdooFloat ? item.value : item)) ?? 'null';
}
