/**
 * Faults as Odoo 17/18 serialises them on /xmlrpc/2 (odoo/addons/base/controllers/rpc.py,
 * `xmlrpc_handle_exception_int`): Odoo exceptions become a numeric faultCode with `str(e)` as
 * faultString; anything else becomes faultCode 1 with the formatted Python traceback.
 */

export const RPC_FAULT_CODE_APPLICATION_ERROR = 1;
export const RPC_FAULT_CODE_WARNING = 2;
export const RPC_FAULT_CODE_ACCESS_DENIED = 3;
export const RPC_FAULT_CODE_ACCESS_ERROR = 4;

/** An exception raised inside the double, with what each wire (XML-RPC, JSON-2) needs to report it. */
export class OdooFault extends Error {
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
    /** The Python class, e.g. "odoo.exceptions.AccessError", as JSON-2 error bodies name it. */
    readonly exceptionClass = 'Exception',
    /** `str(exception)`: the faultString without any traceback. */
    readonly exceptionMessage = faultString,
  ) {
    super(faultString);
    this.name = 'OdooFault';
  }
}

export type OdooAccessOperation = 'read' | 'write' | 'create' | 'unlink';

/** `odoo.exceptions.AccessDenied`: bad credentials, or a uid/password pair that no longer matches. */
export function accessDenied(): OdooFault {
  return new OdooFault(RPC_FAULT_CODE_ACCESS_DENIED, 'Access Denied', 'odoo.exceptions.AccessDenied');
}

const OPERATION_TEXT: Record<OdooAccessOperation, string> = {
  read: 'access',
  write: 'modify',
  create: 'create',
  unlink: 'delete',
};

/** `odoo.exceptions.AccessError` as ir.model.access `_make_access_error` words it. */
export function modelAccessError(operation: OdooAccessOperation, modelDescription: string, model: string, groups: readonly string[]): OdooFault {
  const allowed = groups.length
    ? `This operation is allowed for the following groups:\n${groups.map((group) => `\t- ${group}`).join('\n')}`
    : 'No group currently allows this operation.';
  return new OdooFault(
    RPC_FAULT_CODE_ACCESS_ERROR,
    `You are not allowed to ${OPERATION_TEXT[operation]} '${modelDescription}' (${model}) records.\n\n${allowed}\n\nContact your administrator to request access if necessary.`,
    'odoo.exceptions.AccessError',
  );
}

export function accessError(message: string): OdooFault {
  return new OdooFault(RPC_FAULT_CODE_ACCESS_ERROR, message, 'odoo.exceptions.AccessError');
}

/** `odoo.exceptions.MissingError` (a UserError, hence faultCode 2). */
export function missingError(model: string, ids: readonly number[], uid: number): OdooFault {
  return new OdooFault(
    RPC_FAULT_CODE_WARNING,
    `Record does not exist or has been deleted.\n(Record: ${recordsetRepr(model, ids)}, User: ${uid})`,
    'odoo.exceptions.MissingError',
  );
}

/** `odoo.exceptions.UserError` and its subclass `ValidationError`, both faultCode 2. */
export function userError(message: string, exceptionClass = 'odoo.exceptions.UserError'): OdooFault {
  return new OdooFault(RPC_FAULT_CODE_WARNING, message, exceptionClass);
}

/** odoo/service/model.py raises this UserError when the model is not in the registry. */
export function unknownModel(model: string): OdooFault {
  return userError(`Object ${model} doesn't exist`);
}

/** A NOT NULL violation turned into a ValidationError by odoo/service/model.py. */
export function requiredFieldMissing(modelDescription: string, model: string, fieldString: string, field: string): OdooFault {
  return userError(
    'The operation cannot be completed:\n' +
      '- Create/update: a mandatory field is not set.\n' +
      '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n' +
      `Model: ${modelDescription} (${model})\nField: ${fieldString} (${field})`,
    'odoo.exceptions.ValidationError',
  );
}

const RPC_FRAMES = [
  ['odoo/addons/base/controllers/rpc.py', 160, 'xmlrpc_2', 'response = self._xmlrpc(service)'],
  ['odoo/addons/base/controllers/rpc.py', 139, '_xmlrpc', 'result = dispatch_rpc(service, method, params)'],
  ['odoo/http.py', 368, 'dispatch_rpc', 'return dispatch(method, params)'],
] as const;

/** Any non-Odoo Python exception: faultCode 1 and the whole traceback as faultString. */
export function pythonException(exceptionClass: string, message: string, lastFrame?: readonly [string, number, string, string]): OdooFault {
  const frames = lastFrame ? [...RPC_FRAMES, lastFrame] : RPC_FRAMES;
  const body = frames
    .map(([file, line, fn, code]) => {
      const path = file.startsWith('/') ? file : `/usr/lib/python3/dist-packages/${file}`;
      return `  File "${path}", line ${line}, in ${fn}\n    ${code}\n`;
    })
    .join('');
  return new OdooFault(RPC_FAULT_CODE_APPLICATION_ERROR, `Traceback (most recent call last):\n${body}${exceptionClass}: ${message}\n`, exceptionClass, message);
}

export function valueError(message: string): OdooFault {
  return pythonException('ValueError', message, ['odoo/osv/expression.py', 912, 'parse', 'raise ValueError(message)']);
}

export function typeError(message: string): OdooFault {
  return pythonException('TypeError', message, ['odoo/service/model.py', 62, 'execute_kw', 'return execute(db, uid, obj, method, *args, **kw or {})']);
}

/** What real Odoo answers when a method returns None: xmlrpc.client refuses to marshal it. */
export function cannotMarshalNone(): OdooFault {
  return pythonException('TypeError', 'cannot marshal None unless allow_none is enabled', [
    '/usr/lib/python3.12/xmlrpc/client.py',
    535,
    'dump_nil',
    'raise TypeError("cannot marshal None unless allow_none is enabled")',
  ]);
}

export function methodNotFound(model: string, method: string): OdooFault {
  return pythonException('AttributeError', `The method '${model}.${method}' does not exist`, [
    'odoo/service/model.py',
    48,
    'get_public_method',
    'raise AttributeError(f"The method \'{model._name}.{name}\' does not exist")',
  ]);
}

/** Odoo opens the database before checking anything else; an unknown name fails in psycopg2. */
export function databaseNotFound(db: string): OdooFault {
  return pythonException(
    'psycopg2.OperationalError',
    `connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: FATAL:  database "${db}" does not exist\n`,
    ['odoo/sql_db.py', 681, 'borrow', 'result = psycopg2.connect('],
  );
}

export function recordsetRepr(model: string, ids: readonly number[]): string {
  return `${model}(${ids.join(', ')}${ids.length === 1 ? ',' : ''})`;
}

/** Python's repr() of the JSON-ish values that travel over XML-RPC, for Odoo-like messages. */
export function pyRepr(value: unknown, asTuple = false): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    const inner = value.map((item) => pyRepr(item)).join(', ');
    return asTuple ? `(${inner}${value.length === 1 ? ',' : ''})` : `[${inner}]`;
  }
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${pyRepr(key)}: ${pyRepr(item)}`)
      .join(', ')}}`;
  }
  return String(value);
}
