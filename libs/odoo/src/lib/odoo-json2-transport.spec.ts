/**
 * OdooClient on the JSON-2 transport, over real HTTP against OdooXmlRpcTestDouble's /json/2/
 * endpoints (a test double standing in for Odoo 19, which cannot run here).
 */
import { OdooXmlRpcTestDouble, SEED_API_KEYS } from '@gantry/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OdooClient } from './odoo-client';
import {
  OdooAccessDeniedError,
  OdooAccessError,
  OdooError,
  OdooInvalidResponseError,
  OdooMissingRecordError,
  OdooServerError,
  OdooTimeoutError,
  OdooUnknownModelError,
  OdooValidationError,
} from './odoo-errors';
import { toNamedArguments } from './odoo-json2-arguments';
import { OdooJson2Transport } from './odoo-json2-transport';

const ADMIN_KEY = SEED_API_KEYS.admin;
const DEMO_KEY = SEED_API_KEYS.demo;

let odoo: OdooXmlRpcTestDouble;
const clients: OdooClient[] = [];

function client(login = 'admin', secret = ADMIN_KEY, timeoutMs?: number): OdooClient {
  const transport = new OdooJson2Transport({ url: odoo.url, timeoutMs });
  const created = new OdooClient({ url: odoo.url, database: 'odoo', login, secret, transport });
  clients.push(created);
  return created;
}

async function failure<T extends OdooError>(promise: Promise<unknown>, type: abstract new (...args: never[]) => T, secret = ADMIN_KEY): Promise<T> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(type);
  expect((error as T).message).not.toContain(secret);
  return error as T;
}

beforeEach(async () => {
  odoo = new OdooXmlRpcTestDouble({ serverVersion: '19.0' });
  await odoo.start();
});

afterEach(async () => {
  for (const created of clients.splice(0)) created.close();
  await odoo.stop();
});

describe('toNamedArguments', () => {
  it('names positional arguments of ORM methods and puts record ids in `ids`', () => {
    expect(toNamedArguments('search_read', [[['name', '=', 'x']]], { limit: 1 })).toEqual({ domain: [['name', '=', 'x']], limit: 1 });
    expect(toNamedArguments('write', [[1, 2], { name: 'y' }], { context: { lang: 'fr_FR' } })).toEqual({
      ids: [1, 2],
      vals: { name: 'y' },
      context: { lang: 'fr_FR' },
    });
    expect(toNamedArguments('action_confirm', [[3]], {})).toEqual({ ids: [3] });
    expect(() => toNamedArguments('unlink', [[1], 'extra'], {})).toThrow(TypeError);
  });
});

describe('OdooClient over JSON-2', () => {
  it('tests the connection with the API key', async () => {
    expect(await client().testConnection()).toMatchObject({
      serverVersion: '19.0',
      uid: 2,
      userName: 'Mitchell Admin',
      company: { id: 1, name: 'Gantry Demo Company' },
    });
    expect(odoo.callCounts()).toEqual({
      'web.version': 1,
      'json2.res.users.context_get': 1,
      'res.users.context_get': 1,
      'json2.res.users.web_read': 1,
      'res.users.web_read': 1,
    });
  });

  it('runs the helpers with named arguments and the context', async () => {
    const odooClient = client();
    expect(
      await odooClient.searchRead('sale.order', [['state', '=', 'sale']], {
        fields: ['name', 'amount_total'],
        order: 'name asc',
        limit: 1,
        context: { lang: 'fr_FR' },
      }),
    ).toEqual([{ id: 1, name: 'S00001', amount_total: 1840 }]);
    expect(odoo.calls.at(-1)).toMatchObject({
      service: 'json2',
      modelMethod: 'sale.order.search_read',
      kwargs: { domain: [['state', '=', 'sale']], context: { lang: 'fr_FR' } },
    });
    const id = await odooClient.create('res.partner', { name: 'Json Two' });
    expect(await odooClient.write('res.partner', [id], { city: 'Ghent' })).toBe(true);
    expect(await odooClient.read('res.partner', [id], ['city'])).toEqual([{ id, city: 'Ghent' }]);
    expect(await odooClient.unlink('res.partner', [id])).toBe(true);
    expect(await odooClient.nameSearch('res.partner', 'lumber')).toEqual([[9, 'Lumber Inc']]);
    expect(await odooClient.searchCount('sale.order', [], { context: { allowed_company_ids: [1, 2] } })).toBe(6);
    expect(await odooClient.readGroup('sale.order', [], ['amount_total:sum'], ['state'], { orderby: 'amount_total desc', limit: 1 })).toEqual([
      { state: 'sale', state_count: 2, amount_total: 5290, __domain: [['state', '=', 'sale']] },
    ]);
    expect((await odooClient.webSearchRead('sale.order', [['id', '=', 1]], { partner_id: { fields: { display_name: {} } } })).records).toEqual([
      { id: 1, partner_id: { id: 5, display_name: 'Azure Interior' } },
    ]);
    expect(await odooClient.fieldsGet('res.partner', { fields: ['name'], attributes: ['type'] })).toEqual({ name: { type: 'char' } });
    expect(await client('demo', DEMO_KEY).checkAccessRights('account.move', 'read')).toBe(false);
  });

  it('reports a None result as success without value', async () => {
    expect(await client().executeKw('sale.order', 'action_noop', [[1]])).toEqual({ value: null, noneReturned: true });
    expect(odoo.callCount('sale.order.action_noop')).toBe(1);
  });

  it('maps JSON-2 errors to the same typed errors', async () => {
    // JSON-2 accepts API keys only: the (valid) password is refused.
    odoo.setUserCredentials('admin', { password: 'the-admin-password' });
    await failure(client('admin', 'the-admin-password').searchCount('res.partner'), OdooAccessDeniedError, 'the-admin-password');
    const demo = client('demo', DEMO_KEY);
    const access = await failure(demo.searchRead('account.move'), OdooAccessError, DEMO_KEY);
    expect(access.message).toContain("You are not allowed to access 'Journal Entry' (account.move) records.");
    const missing = await failure(client().read('res.partner', [404]), OdooMissingRecordError);
    expect(missing).toMatchObject({ model: 'res.partner', ids: [404] });
    await failure(client().create('res.partner', { email: 'x@example.com' }), OdooValidationError);
    await failure(client().search('foo.bar'), OdooUnknownModelError);
    const server = await failure(client().search('res.partner', [['nope', '=', 1]]), OdooServerError);
    expect(server.message).toBe("Odoo failed on res.partner.search: ValueError: Invalid field res.partner.nope in leaf ('nope', '=', 1)");
  });

  it('times out and reports non-JSON answers as invalid', async () => {
    const odooClient = client('admin', ADMIN_KEY, 150);
    await odooClient.authenticate();
    odoo.hangNextCall();
    await failure(odooClient.searchCount('res.partner'), OdooTimeoutError);
    odoo.respondRawToNextCall({ status: 502, body: '<html>Bad Gateway</html>' });
    const invalid = await failure(odooClient.searchCount('res.partner'), OdooInvalidResponseError);
    expect(invalid.httpStatus).toBe(502);
    expect(invalid.message).toContain('Does this server have the JSON-2 API (Odoo 19+)?');
    expect(invalid.message).not.toMatch(/502|text\/html|Bad Gateway/);
  });
});
