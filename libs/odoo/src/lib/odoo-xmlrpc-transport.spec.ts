/**
 * OdooXmlRpcTransport's own codec over real HTTP, against OdooXmlRpcTestDouble (whose server
 * side is still the `xmlrpc` package): values cross the wire both ways as before, and what is
 * not an XML-RPC answer becomes OdooInvalidResponseError.
 */
import { OdooXmlRpcTestDouble, SEED_API_KEYS } from '@gantry/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OdooClient } from './odoo-client';
import { OdooInvalidResponseError } from './odoo-errors';

const ADMIN_KEY = SEED_API_KEYS.admin;

let odoo: OdooXmlRpcTestDouble;
let client: OdooClient;

beforeEach(async () => {
  odoo = new OdooXmlRpcTestDouble({
    methods: { 'res.partner': { echo: ({ args }) => args.filter((arg) => arg !== null) } },
  });
  await odoo.start();
  client = new OdooClient({ url: odoo.url, database: 'odoo', login: 'admin', secret: ADMIN_KEY });
});

afterEach(async () => {
  client.close();
  await odoo.stop();
});

async function invalidResponse(promise: Promise<unknown>): Promise<OdooInvalidResponseError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OdooInvalidResponseError);
  expect((error as Error).message).not.toContain(ADMIN_KEY);
  return error as OdooInvalidResponseError;
}

describe('OdooXmlRpcTransport values', () => {
  it('carries every type to Odoo and back', async () => {
    const sent = new Date(Date.UTC(2024, 1, 29, 23, 5, 9));
    const values = [
      'Zoë & <Co> ]]>\r\nline 2 😀',
      '',
      7,
      -2.5,
      true,
      false,
      Buffer.from([0, 255]),
      Buffer.from('aGk='),
      sent,
      [1, ['a', []]],
      { k: 'v', nested: { n: 1 } },
    ];
    const result = await client.executeKw('res.partner', 'echo', [[1], ...values]);
    // Odoo answers bytes with the text they hold ('' when that has control characters) and datetimes as strings
    const answered = [...values.slice(0, 6), '', 'aGk=', '2024-02-29 23:05:09', ...values.slice(9)];
    expect(result).toEqual({ value: answered, noneReturned: false });
    expect(odoo.calls.at(-1)?.args).toEqual([[1], ...values]);
  });

  it('sends null as None and undefined as an empty string, as before', async () => {
    await client.executeKw('res.partner', 'echo', [[1], null, undefined], { flag: null });
    expect(odoo.calls.at(-1)).toMatchObject({ args: [[1], null, ''], kwargs: { flag: null } });
  });

  it('refuses a value XML-RPC cannot carry before sending anything, without quoting it', async () => {
    const call = client.executeKw('res.partner', 'echo', [[1], 'bell\u0007']);
    await expect(call).rejects.toThrow(TypeError);
    await expect(call).rejects.toThrow('XML-RPC cannot carry the control character U+0007 found in a string.');
    expect(odoo.callCount('res.partner.echo')).toBe(0);
  });
});

describe('OdooXmlRpcTransport answers that are not XML-RPC', () => {
  const fault =
    '<?xml version="1.0"?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member>' +
    '<member><name>faultString</name><value><string>boom</string></value></member></struct></value></fault></methodResponse>';

  // One message for all of these: neither the status, the content type nor the body is repeated.
  const notOdoo = () =>
    `There is no Odoo server at ${odoo.url}: it did not answer like Odoo's external API. Check that this is the base URL of your Odoo, e.g. https://mycompany.odoo.com.`;

  it('any status but 200, whatever the body', async () => {
    odoo.respondRawToNextCall({ status: 500, contentType: 'text/xml', body: fault });
    const error = await invalidResponse(client.version());
    expect(error.httpStatus).toBe(500);
    expect(error.message).toBe(notOdoo());
  });

  it('a truncated body', async () => {
    odoo.respondRawToNextCall({ status: 200, contentType: 'text/xml', body: fault.slice(0, 120) });
    const error = await invalidResponse(client.version());
    expect(error.httpStatus).toBe(200);
    expect(error.message).toBe(notOdoo());
  });

  it('a fault without faultString', async () => {
    odoo.respondRawToNextCall({ status: 200, contentType: 'text/xml', body: fault.replace('faultString', 'detail') });
    const error = await invalidResponse(client.version());
    expect(error.message).toBe(notOdoo());
  });

  it('a value of the wrong type', async () => {
    odoo.respondRawToNextCall({ status: 200, contentType: 'text/xml', body: fault.replace('<int>1</int>', '<int>one</int>') });
    const error = await invalidResponse(client.version());
    expect(error.message).toBe(notOdoo());
  });
});
