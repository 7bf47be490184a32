import { describe, expect, it } from 'vitest';
import {
  OdooAccessDeniedError,
  OdooAccessError,
  OdooDatabaseNotFoundError,
  OdooMissingRecordError,
  OdooServerError,
  OdooUnknownModelError,
  OdooValidationError,
} from './odoo-errors';
import { FaultContext, NONE_RETURNED, mapFault, parseFault } from './odoo-fault-mapper';

const SECRET = 'k3y-0123456789abcdef';
const context: FaultContext = { url: 'https://acme.odoo.example', database: 'acme', login: 'bot', model: 'res.partner', method: 'write', secrets: [SECRET] };

function traceback(last: string): string {
  return (
    'Traceback (most recent call last):\n' +
    '  File "/usr/lib/python3/dist-packages/odoo/addons/base/controllers/rpc.py", line 160, in xmlrpc_2\n' +
    '    response = self._xmlrpc(service)\n' +
    '               ^^^^^^^^^^^^^^^^^^^^^\n' +
    '  File "/usr/lib/python3/dist-packages/odoo/models.py", line 4310, in write\n' +
    '    raise error\n' +
    `${last}\n`
  );
}

describe('parseFault', () => {
  it('reads the exception class and message at the end of a traceback, over several lines', () => {
    expect(parseFault({ faultCode: 1, faultString: traceback('odoo.exceptions.ValidationError: Bad VAT\nfor partner X') })).toEqual({
      exceptionClass: 'odoo.exceptions.ValidationError',
      message: 'Bad VAT\nfor partner X',
    });
  });

  it('uses the last traceback of chained exceptions', () => {
    const chained = `${traceback("KeyError: 'x'")}\nThe above exception was the direct cause of the following exception:\n\n${traceback('ValueError: Invalid field x')}`;
    expect(parseFault({ faultCode: 1, faultString: chained })).toEqual({ exceptionClass: 'ValueError', message: 'Invalid field x' });
  });

  it('reads "module.Class: message" faultStrings and plain messages', () => {
    expect(parseFault({ faultCode: 1, faultString: 'odoo.exceptions.AccessError: nope' })).toEqual({
      exceptionClass: 'odoo.exceptions.AccessError',
      message: 'nope',
    });
    expect(parseFault({ faultCode: 2, faultString: "Object x.y doesn't exist" })).toEqual({ message: "Object x.y doesn't exist" });
  });

  it("reads the legacy /xmlrpc endpoint's string fault codes", () => {
    expect(parseFault({ faultCode: 'warning -- MissingError\n\nRecord does not exist', faultString: '' })).toEqual({
      exceptionClass: 'MissingError',
      message: 'Record does not exist',
    });
    expect(parseFault({ faultCode: 'AccessDenied', faultString: 'Access Denied' })).toEqual({ exceptionClass: 'AccessDenied', message: 'Access Denied' });
  });
});

describe('mapFault', () => {
  it.each([
    ['fault 3', { faultCode: 3, faultString: 'Access Denied' }],
    ['a traceback ending in AccessDenied', { faultCode: 1, faultString: traceback('odoo.exceptions.AccessDenied: Access Denied') }],
    ['the legacy string code', { faultCode: 'AccessDenied', faultString: 'Access Denied' }],
  ])('maps %s to OdooAccessDeniedError', (_label, fault) => {
    const error = mapFault(fault, context);
    expect(error).toBeInstanceOf(OdooAccessDeniedError);
    expect((error as OdooAccessDeniedError).code).toBe('ODOO_ACCESS_DENIED');
    expect((error as Error).message).toBe(
      'Odoo at https://acme.odoo.example denied access to database "acme" for login "bot": the login, password or API key is wrong, or the user is archived.',
    );
  });

  it.each([
    ['fault 4', { faultCode: 4, faultString: "You are not allowed to modify 'Contact' (res.partner) records." }],
    [
      'odoo.exceptions.AccessError: ...',
      { faultCode: 1, faultString: "odoo.exceptions.AccessError: You are not allowed to modify 'Contact' (res.partner) records." },
    ],
    [
      'a traceback ending in AccessError',
      { faultCode: 1, faultString: traceback("odoo.exceptions.AccessError: You are not allowed to modify 'Contact' (res.partner) records.") },
    ],
    ['the legacy string code', { faultCode: "warning -- AccessError\n\nYou are not allowed to modify 'Contact' (res.partner) records.", faultString: '' }],
  ])('maps %s to OdooAccessError', (_label, fault) => {
    const error = mapFault(fault, context) as OdooAccessError;
    expect(error).toBeInstanceOf(OdooAccessError);
    expect(error.code).toBe('ODOO_ACCESS_ERROR');
    expect(error.message).toBe("Odoo refused res.partner.write for this user: You are not allowed to modify 'Contact' (res.partner) records.");
  });

  it.each([
    ['fault 2 with the MissingError text', { faultCode: 2, faultString: 'Record does not exist or has been deleted.\n(Record: res.partner(41, 42), User: 2)' }],
    [
      'a traceback ending in MissingError',
      {
        faultCode: 1,
        faultString: traceback('odoo.exceptions.MissingError: Record does not exist or has been deleted.\n(Record: res.partner(41, 42), User: 2)'),
      },
    ],
  ])('maps %s to OdooMissingRecordError with model and ids', (_label, fault) => {
    const error = mapFault(fault, context) as OdooMissingRecordError;
    expect(error).toBeInstanceOf(OdooMissingRecordError);
    expect(error.code).toBe('ODOO_MISSING_RECORD');
    expect(error.model).toBe('res.partner');
    expect(error.ids).toEqual([41, 42]);
  });

  it.each([
    ['fault 2 (UserError)', { faultCode: 2, faultString: 'You cannot archive a contact linked to an active user.' }, undefined],
    [
      'a ValidationError traceback',
      { faultCode: 1, faultString: traceback('odoo.exceptions.ValidationError: You cannot archive a contact linked to an active user.') },
      'odoo.exceptions.ValidationError',
    ],
    [
      'odoo.exceptions.UserError: ...',
      { faultCode: 1, faultString: 'odoo.exceptions.UserError: You cannot archive a contact linked to an active user.' },
      'odoo.exceptions.UserError',
    ],
    [
      'the legacy UserError code',
      { faultCode: 'warning -- UserError\n\nYou cannot archive a contact linked to an active user.', faultString: '' },
      'UserError',
    ],
  ])('maps %s to OdooValidationError', (_label, fault, exceptionClass) => {
    const error = mapFault(fault, context) as OdooValidationError;
    expect(error).toBeInstanceOf(OdooValidationError);
    expect(error.code).toBe('ODOO_VALIDATION');
    expect(error.message).toBe('Odoo rejected res.partner.write: You cannot archive a contact linked to an active user.');
    expect(error.fault?.exceptionClass).toBe(exceptionClass);
  });

  it.each([
    ['fault 2 "Object x doesn\'t exist"', { faultCode: 2, faultString: "Object res.partner doesn't exist" }],
    ['a KeyError naming the called model', { faultCode: 1, faultString: traceback("KeyError: 'res.partner'") }],
  ])('maps %s to OdooUnknownModelError', (_label, fault) => {
    const error = mapFault(fault, context) as OdooUnknownModelError;
    expect(error).toBeInstanceOf(OdooUnknownModelError);
    expect(error.code).toBe('ODOO_UNKNOWN_MODEL');
    expect(error.model).toBe('res.partner');
    expect(error.message).toBe('Model "res.partner" does not exist in Odoo database "acme" (is the module that defines it installed?).');
  });

  it('keeps a KeyError about something else a server error', () => {
    expect(mapFault({ faultCode: 1, faultString: traceback("KeyError: 'partner_latitude'") }, context)).toBeInstanceOf(OdooServerError);
  });

  it('maps psycopg2 "database does not exist" to OdooDatabaseNotFoundError', () => {
    const fault = { faultCode: 1, faultString: traceback('psycopg2.OperationalError: connection to server failed: FATAL:  database "acme" does not exist') };
    const error = mapFault(fault, context) as OdooDatabaseNotFoundError;
    expect(error).toBeInstanceOf(OdooDatabaseNotFoundError);
    expect(error.database).toBe('acme');
    expect(error.message).toBe('Database "acme" does not exist on the Odoo server at https://acme.odoo.example.');
  });

  it('maps other Python exceptions to OdooServerError without the traceback in the message', () => {
    const error = mapFault(
      { faultCode: 1, faultString: traceback("ValueError: Invalid field res.partner.nope in leaf ('nope', '=', 1)") },
      context,
    ) as OdooServerError;
    expect(error).toBeInstanceOf(OdooServerError);
    expect(error.code).toBe('ODOO_SERVER_ERROR');
    expect(error.message).toBe("Odoo failed on res.partner.write: ValueError: Invalid field res.partner.nope in leaf ('nope', '=', 1)");
    expect(error.fault?.faultString).toContain('Traceback');
  });

  it('recognises the "cannot marshal None" fault as a method that returned None', () => {
    const fault = { faultCode: 1, faultString: traceback('TypeError: cannot marshal None unless allow_none is enabled') };
    expect(mapFault(fault, context)).toBe(NONE_RETURNED);
  });

  it('removes the secret from messages and kept fault text', () => {
    const error = mapFault({ faultCode: 2, faultString: `Wrong key ${SECRET} for user` }, context) as OdooValidationError;
    expect(error.message).toBe('Odoo rejected res.partner.write: Wrong key [redacted] for user');
    expect(JSON.stringify(error.fault)).not.toContain(SECRET);
  });
});
