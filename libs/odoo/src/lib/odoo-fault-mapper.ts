/**
 * Turns XML-RPC faults into typed errors the way Odoo 17/18 reports them:
 *  - /xmlrpc/2 (odoo/addons/base/controllers/rpc.py): faultCode 3 AccessDenied, 4 AccessError,
 *    2 UserError and subclasses (ValidationError, MissingError, "Object x doesn't exist"),
 *    1 anything else with the Python traceback as faultString;
 *  - faultStrings naming the class ("odoo.exceptions.AccessError: ...", or a traceback ending so);
 *  - the legacy /xmlrpc endpoint's string faultCodes ("warning -- AccessError\n\n...", "AccessDenied").
 */
import {
  OdooAccessDeniedError,
  OdooAccessError,
  OdooDatabaseNotFoundError,
  OdooError,
  OdooFaultInfo,
  OdooMissingRecordError,
  OdooServerError,
  OdooUnknownModelError,
  OdooValidationError,
} from './odoo-errors';
import { redactSecrets } from './odoo-redaction';

export interface XmlRpcFault {
  faultCode: number | string;
  faultString: string;
}

/** Where the fault happened, so messages can say so. */
export interface FaultContext {
  url: string;
  database: string;
  login?: string;
  model?: string;
  method?: string;
  secrets: readonly (string | undefined)[];
}

/** Odoo ran the method, which returned None, and then failed to marshal that None. */
export const NONE_RETURNED = Symbol('odoo-none-returned');

export interface ParsedFault {
  exceptionClass?: string;
  message: string;
}

const USER_ERROR_CLASSES = new Set(['UserError', 'ValidationError', 'RedirectWarning', 'Warning', 'except_orm', 'CacheMiss']);

/** Extracts the exception class and message from a faultString (plain text, "Class: msg" or a traceback). */
export function parseFault(fault: XmlRpcFault): ParsedFault {
  if (typeof fault.faultCode === 'string' && fault.faultCode) {
    const legacy = /^warning -- (\w+)\n\n([\s\S]*)$/.exec(fault.faultCode);
    if (legacy) return { exceptionClass: legacy[1], message: legacy[2].trim() };
    if (fault.faultCode === 'AccessDenied') return { exceptionClass: 'AccessDenied', message: fault.faultString || 'Access Denied' };
  }
  const text = fault.faultString ?? '';
  if (text.includes('Traceback (most recent call last):')) {
    const lines = text.split('\n');
    let index = lines.map((line) => line.startsWith('  File "')).lastIndexOf(true) + 1;
    while (index < lines.length && /^\s/.test(lines[index])) index += 1;
    const header = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/.exec(lines[index] ?? '');
    if (header) {
      const message = [header[2] ?? '', ...lines.slice(index + 1)].join('\n').trim();
      return { exceptionClass: header[1], message };
    }
  }
  const prefixed = /^((?:[a-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception|Warning|Denied|Miss)):\s?([\s\S]*)$/.exec(text);
  if (prefixed) return { exceptionClass: prefixed[1], message: prefixed[2].trim() };
  return { message: text.trim() };
}

function shortClass(exceptionClass: string | undefined): string | undefined {
  return exceptionClass?.split('.').pop();
}

/** `parsed` lets wires that report the exception class separately (JSON-2) skip faultString parsing. */
export function mapFault(fault: XmlRpcFault, context: FaultContext, parsed: ParsedFault = parseFault(fault)): OdooError | typeof NONE_RETURNED {
  const message = redactSecrets(parsed.message, context.secrets);
  const info: OdooFaultInfo = {
    faultCode: fault.faultCode,
    faultString: redactSecrets(fault.faultString ?? '', context.secrets),
    ...(parsed.exceptionClass ? { exceptionClass: parsed.exceptionClass } : {}),
  };
  const options = { fault: info };
  const className = shortClass(parsed.exceptionClass);
  const call = context.model ? `${context.model}.${context.method}` : (context.method ?? 'the call');

  if (/cannot marshal None unless allow_none is enabled/.test(parsed.message)) return NONE_RETURNED;

  if (className === 'AccessDenied' || fault.faultCode === 3 || (!className && parsed.message === 'Access Denied')) {
    return new OdooAccessDeniedError(
      `Odoo at ${context.url} denied access to database "${context.database}"${context.login ? ` for login "${context.login}"` : ''}: ` +
        'the login, password or API key is wrong, or the user is archived.',
      options,
    );
  }
  if (className === 'AccessError' || fault.faultCode === 4) {
    return new OdooAccessError(`Odoo refused ${call} for this user: ${message}`, options);
  }
  const missing = /Record does not exist or has been deleted\.(?:\s*\(Record: ([\w.]+)\(([\d, ]*)\)(?:, User: \d+)?\))?/.exec(message);
  if (className === 'MissingError' || missing) {
    const ids = missing?.[2]
      ?.split(',')
      .map((id) => Number.parseInt(id, 10))
      .filter((id) => !Number.isNaN(id));
    return new OdooMissingRecordError(`Odoo could not find the records of ${call}: ${message}`, missing?.[1] ?? context.model, ids, options);
  }
  const unknownModel = /^Object ([\w.]+) doesn't exist/.exec(message);
  const keyErrorModel = className === 'KeyError' && context.model && message.replace(/^['"]|['"]$/g, '') === context.model;
  if (unknownModel || keyErrorModel) {
    const model = unknownModel?.[1] ?? (context.model as string);
    return new OdooUnknownModelError(
      `Model "${model}" does not exist in Odoo database "${context.database}" (is the module that defines it installed?).`,
      model,
      options,
    );
  }
  const database = /database "([^"]+)" does not exist/.exec(message);
  if (database) {
    return new OdooDatabaseNotFoundError(`Database "${database[1]}" does not exist on the Odoo server at ${context.url}.`, database[1], options);
  }
  if ((className && USER_ERROR_CLASSES.has(className)) || fault.faultCode === 2) {
    return new OdooValidationError(`Odoo rejected ${call}: ${message}`, options);
  }
  const raised = className ? `${className}: ` : '';
  return new OdooServerError(`Odoo failed on ${call}: ${raised}${message || 'unknown server error'}`, options);
}
