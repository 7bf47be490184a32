/**
 * OdooClient over real HTTP against OdooXmlRpcTestDouble (a test double: no Odoo can run here).
 * Nothing is mocked: requests go through node:http, the xmlrpc package and the double's server.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OdooXmlRpcTestDouble, userError, SEED_API_KEYS } from '@gantry/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OdooClient, OdooClientOptions } from './odoo-client';
import {
  ODOO_ADDRESS_REFUSED,
  OdooAccessDeniedError,
  OdooAccessError,
  OdooDatabaseNotFoundError,
  OdooError,
  OdooInvalidResponseError,
  OdooMissingRecordError,
  OdooNetworkError,
  OdooServerError,
  OdooTimeoutError,
  OdooUnknownModelError,
  OdooValidationError,
} from './odoo-errors';

const ADMIN_KEY = SEED_API_KEYS.admin;
const DEMO_KEY = SEED_API_KEYS.demo;

let odoo: OdooXmlRpcTestDouble;
const clients: OdooClient[] = [];

function client(overrides: Partial<OdooClientOptions> = {}): OdooClient {
  const created = new OdooClient({ url: odoo.url, database: 'odoo', login: 'admin', secret: ADMIN_KEY, ...overrides });
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
  const odooError = error as T;
  expect(odooError.message).not.toContain(secret);
  expect(JSON.stringify({ ...odooError, message: odooError.message })).not.toContain(secret);
  return odooError;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeEach(async () => {
  odoo = new OdooXmlRpcTestDouble();
  await odoo.start();
});

afterEach(async () => {
  for (const created of clients.splice(0)) created.close();
  await odoo.stop();
});

describe('OdooClient connection', () => {
  it('reads the server version', async () => {
    expect(await client().version()).toEqual({
      serverVersion: '17.0',
      serverVersionInfo: [17, 0, 0, 'final', 0, ''],
      serverSerie: '17.0',
      protocolVersion: 1,
      major: 17,
    });
  });

  it('authenticates once per connection, even for concurrent calls, over one keep-alive socket', async () => {
    const odooClient = client();
    await Promise.all([odooClient.searchCount('res.partner'), odooClient.searchCount('res.partner'), odooClient.authenticate()]);
    await odooClient.searchCount('res.partner');
    await odooClient.searchCount('res.partner');
    expect(odoo.callCount('common.authenticate')).toBe(1);
    expect(odoo.callCount('res.partner.search_count')).toBe(4);
    expect(odoo.connectionsOpened).toBeLessThanOrEqual(3);
  });

  it('testConnection reports version, user and companies in three round trips on Odoo 17+', async () => {
    expect(await client().testConnection()).toEqual({
      serverVersion: '17.0',
      serverVersionInfo: [17, 0, 0, 'final', 0, ''],
      uid: 2,
      userName: 'Mitchell Admin',
      login: 'admin',
      company: { id: 1, name: 'Gantry Demo Company' },
      companies: [
        { id: 1, name: 'Gantry Demo Company' },
        { id: 2, name: 'Gantry Europe SRL' },
      ],
    });
    expect(odoo.callCounts()).toEqual({ 'common.version': 1, 'common.authenticate': 1, 'object.execute_kw': 1, 'res.users.web_read': 1 });
  });

  it('testConnection falls back to read() before Odoo 17', async () => {
    await odoo.stop();
    odoo = new OdooXmlRpcTestDouble({ serverVersion: '16.0' });
    await odoo.start();
    const report = await client({ login: 'demo', secret: 'demo' }).testConnection();
    expect(report).toMatchObject({ serverVersion: '16.0', uid: 6, userName: 'Marc Demo', company: { id: 1, name: 'Gantry Demo Company' } });
    expect(report.companies).toEqual([{ id: 1, name: 'Gantry Demo Company' }]);
    expect(odoo.callCount('res.users.read')).toBe(1);
    expect(odoo.callCount('res.company.read')).toBe(1);
  });

  it('sends the context (lang, tz, allowed_company_ids) in kwargs.context, per call over the default', async () => {
    const odooClient = client({ context: { lang: 'fr_FR', tz: 'Europe/Brussels' } });
    expect(await odooClient.searchCount('sale.order')).toBe(5);
    expect(await odooClient.searchCount('sale.order', [], { context: { allowed_company_ids: [1, 2], lang: 'nl_BE' } })).toBe(6);
    const kwargs = odoo.calls.filter((call) => call.modelMethod === 'sale.order.search_count').map((call) => call.kwargs);
    expect(kwargs).toEqual([
      { context: { lang: 'fr_FR', tz: 'Europe/Brussels' } },
      { context: { lang: 'nl_BE', tz: 'Europe/Brussels', allowed_company_ids: [1, 2] } },
    ]);
  });
});

describe('OdooClient helpers', () => {
  it('search, searchRead and read', async () => {
    const odooClient = client();
    expect(
      await odooClient.search(
        'res.partner',
        [
          ['is_company', '=', true],
          ['country_id.code', '=', 'US'],
        ],
        { order: 'name desc' },
      ),
    ).toEqual([1, 5]);
    expect(
      await odooClient.searchRead('sale.order', [['state', '=', 'sale']], { fields: ['name', 'partner_id'], limit: 1, offset: 1, order: 'name asc' }),
    ).toEqual([{ id: 4, name: 'S00004', partner_id: [9, 'Lumber Inc'] }]);
    expect(await odooClient.read('res.partner', [7], ['name', 'child_ids'])).toEqual([{ id: 7, name: 'Deco Addict', child_ids: [8] }]);
  });

  it('webSearchRead returns {length, records} with nested many2one fields', async () => {
    const result = await client().webSearchRead(
      'sale.order',
      [['partner_id.country_id.code', '=', 'US']],
      { name: {}, partner_id: { fields: { display_name: {} } } },
      { limit: 1, order: 'name asc' },
    );
    expect(result).toEqual({ length: 3, records: [{ id: 1, name: 'S00001', partner_id: { id: 5, display_name: 'Azure Interior' } }] });
  });

  it('create (one or many), write and unlink', async () => {
    const odooClient = client();
    const id = await odooClient.create('res.partner', { name: 'Gantry Client Test' });
    const ids = await odooClient.create('res.partner', [{ name: 'One' }, { name: 'Two' }]);
    expect(ids).toEqual([id + 1, id + 2]);
    expect(await odooClient.write('res.partner', [id], { email: 'client@example.com' })).toBe(true);
    expect(await odooClient.read('res.partner', [id], ['email'])).toEqual([{ id, email: 'client@example.com' }]);
    expect(await odooClient.unlink('res.partner', [id, ...ids])).toBe(true);
    expect(await odooClient.searchCount('res.partner', [['id', 'in', [id, ...ids]]])).toBe(0);
  });

  it('fieldsGet, nameSearch, readGroup and checkAccessRights', async () => {
    const odooClient = client();
    expect(await odooClient.fieldsGet('sale.order', { fields: ['partner_id', 'state'], attributes: ['type', 'relation', 'required'] })).toEqual({
      partner_id: { type: 'many2one', relation: 'res.partner', required: true },
      state: { type: 'selection', required: false },
    });
    expect(await odooClient.nameSearch('res.partner', 'azure', { limit: 1 })).toEqual([[5, 'Azure Interior']]);
    expect(await odooClient.readGroup('sale.order', [['state', '=', 'sale']], ['amount_total:sum'], ['partner_id'], { orderby: 'partner_id' })).toEqual([
      {
        partner_id: [5, 'Azure Interior'],
        partner_id_count: 1,
        amount_total: 1840,
        __domain: [
          ['partner_id', '=', 5],
          ['state', '=', 'sale'],
        ],
      },
      {
        partner_id: [9, 'Lumber Inc'],
        partner_id_count: 1,
        amount_total: 3450,
        __domain: [
          ['partner_id', '=', 9],
          ['state', '=', 'sale'],
        ],
      },
    ]);
    const demo = client({ login: 'demo', secret: DEMO_KEY });
    expect(await demo.checkAccessRights('account.move', 'read')).toBe(false);
    expect(await demo.checkAccessRights('res.partner', 'write')).toBe(true);
  });

  it('reports a method that returned None as success without value, in one round trip', async () => {
    const result = await client().executeKw('sale.order', 'action_noop', [[1]]);
    expect(result).toEqual({ value: null, noneReturned: true });
    expect(odoo.callCount('sale.order.action_noop')).toBe(1);
    expect(await client().executeKw('sale.order', 'action_confirm', [[2]])).toEqual({ value: true, noneReturned: false });
  });
});

describe('OdooClient errors over HTTP', () => {
  it('bad credentials: OdooAccessDeniedError from authenticate, without the secret', async () => {
    const wrong = 'wrong-api-key-value-123';
    const error = await failure(client({ secret: wrong }).searchCount('res.partner'), OdooAccessDeniedError, wrong);
    expect(error.code).toBe('ODOO_ACCESS_DENIED');
    expect(error.message).toBe(
      `Odoo at ${odoo.url} rejected the login "admin" for database "odoo": the login, password or API key is wrong, or the user is archived.`,
    );
    expect(odoo.callCount('object.execute_kw')).toBe(0);
  });

  it('re-authenticates once when Odoo answers Access Denied to a cached uid, then retries', async () => {
    const demo = client({ login: 'demo', secret: DEMO_KEY });
    expect(await demo.authenticate()).toBe(6);
    const newUid = odoo.recreateUser('demo');
    expect(await demo.searchCount('res.partner', [['id', '=', 5]])).toBe(1);
    expect(await demo.authenticate()).toBe(newUid);
    expect(odoo.callCount('common.authenticate')).toBe(2);
    expect(odoo.callCount('res.partner.search_count')).toBe(2);
  });

  it('gives up with OdooAccessDeniedError when re-authentication fails (key revoked)', async () => {
    const demo = client({ login: 'demo', secret: DEMO_KEY });
    await demo.authenticate();
    odoo.setUserCredentials('demo', { apiKeys: [] });
    const error = await failure(demo.searchCount('res.partner'), OdooAccessDeniedError, DEMO_KEY);
    expect(error.message).toContain('rejected the login "demo"');
    expect(odoo.callCount('common.authenticate')).toBe(2);
    expect(odoo.callCount('res.partner.search_count')).toBe(1);
  });

  it('fault 3 on execute_kw maps to OdooAccessDeniedError when the retry is denied too', async () => {
    const odooClient = client();
    await odooClient.authenticate();
    odoo.injectFault({ faultCode: 3, faultString: 'Access Denied' });
    odoo.injectFault({ faultCode: 3, faultString: 'Access Denied' });
    const error = await failure(odooClient.searchCount('res.partner'), OdooAccessDeniedError);
    expect(error.fault).toEqual({ faultCode: 3, faultString: 'Access Denied' });
  });

  it('model access denied: OdooAccessError (fault 4)', async () => {
    const error = await failure(client({ login: 'demo', secret: DEMO_KEY }).searchRead('account.move'), OdooAccessError, DEMO_KEY);
    expect(error.code).toBe('ODOO_ACCESS_ERROR');
    expect(error.message).toMatch(
      /^Odoo refused account\.move\.search_read for this user: You are not allowed to access 'Journal Entry' \(account\.move\) records\./,
    );
    expect(error.fault?.faultCode).toBe(4);
  });

  it('deleted record: OdooMissingRecordError', async () => {
    const odooClient = client();
    const id = await odooClient.create('res.partner', { name: 'Short-lived' });
    await odooClient.unlink('res.partner', [id]);
    const error = await failure(odooClient.write('res.partner', [id], { name: 'x' }), OdooMissingRecordError);
    expect(error).toMatchObject({ code: 'ODOO_MISSING_RECORD', model: 'res.partner', ids: [id] });
    expect(error.message).toBe(
      `Odoo could not find the records of res.partner.write: Record does not exist or has been deleted.\n(Record: res.partner(${id},), User: 2)`,
    );
  });

  it('missing required field: OdooValidationError', async () => {
    const error = await failure(client().create('sale.order', { note: 'no customer' }), OdooValidationError);
    expect(error.code).toBe('ODOO_VALIDATION');
    expect(error.message).toContain('Odoo rejected sale.order.create: The operation cannot be completed:');
    expect(error.message).toContain('Field: Customer (partner_id)');
  });

  it('UserError raised by a method: OdooValidationError', async () => {
    await odoo.stop();
    odoo = new OdooXmlRpcTestDouble({
      methods: {
        'sale.order': {
          action_cancel: () => {
            throw userError('You cannot cancel a locked order.');
          },
        },
      },
    });
    await odoo.start();
    const error = await failure(client().executeKw('sale.order', 'action_cancel', [[1]]), OdooValidationError);
    expect(error.message).toBe('Odoo rejected sale.order.action_cancel: You cannot cancel a locked order.');
  });

  it('errors that name their class in a traceback (fault 1) map by class', async () => {
    const odooClient = client();
    await odooClient.authenticate();
    const tb = (last: string) => `Traceback (most recent call last):\n  File "/opt/odoo/odoo/models.py", line 1, in write\n    raise\n${last}\n`;
    odoo.injectFault({ faultCode: 1, faultString: tb("odoo.exceptions.AccessError: You are not allowed to modify 'Contact' (res.partner) records.") });
    await failure(odooClient.write('res.partner', [5], { name: 'x' }), OdooAccessError);
    odoo.injectFault({ faultCode: 1, faultString: tb('odoo.exceptions.ValidationError: The VAT number is invalid.') });
    await failure(odooClient.write('res.partner', [5], { vat: 'x' }), OdooValidationError);
    odoo.injectFault({ faultCode: 1, faultString: tb('odoo.exceptions.MissingError: Record does not exist or has been deleted.') });
    await failure(odooClient.write('res.partner', [5], { vat: 'x' }), OdooMissingRecordError);
    odoo.injectFault({ faultCode: 1, faultString: tb("KeyError: 'res.partner'") });
    await failure(odooClient.write('res.partner', [5], { vat: 'x' }), OdooUnknownModelError);
  });

  it('unknown model: OdooUnknownModelError', async () => {
    const error = await failure(client().searchRead('x_gantry.missing'), OdooUnknownModelError);
    expect(error).toMatchObject({ code: 'ODOO_UNKNOWN_MODEL', model: 'x_gantry.missing' });
    expect(error.message).toBe('Model "x_gantry.missing" does not exist in Odoo database "odoo" (is the module that defines it installed?).');
  });

  it('unknown database: OdooDatabaseNotFoundError', async () => {
    const error = await failure(client({ database: 'nope' }).authenticate(), OdooDatabaseNotFoundError);
    expect(error).toMatchObject({ code: 'ODOO_DATABASE_NOT_FOUND', database: 'nope' });
    expect(error.message).toBe(`Database "nope" does not exist on the Odoo server at ${odoo.url}.`);
  });

  it('invalid domain: OdooServerError with the Python exception, not the traceback', async () => {
    const error = await failure(client().search('res.partner', [['nope', '=', 1]]), OdooServerError);
    expect(error.code).toBe('ODOO_SERVER_ERROR');
    expect(error.message).toBe("Odoo failed on res.partner.search: ValueError: Invalid field res.partner.nope in leaf ('nope', '=', 1)");
    expect(error.fault?.faultString).toContain('Traceback (most recent call last)');
  });

  it('timeout: OdooTimeoutError after the configured time, then the client still works', async () => {
    const odooClient = client({ timeoutMs: 5_000 });
    await odooClient.authenticate();
    odoo.hangNextCall();
    const started = performance.now();
    const error = await failure(odooClient.searchCount('res.partner', [], { timeoutMs: 200 }), OdooTimeoutError);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(2_000);
    expect(error).toMatchObject({ code: 'ODOO_TIMEOUT', timeoutMs: 200 });
    expect(error.message).toBe(`Odoo at ${odoo.url} did not answer res.partner.search_count within 200 ms.`);
    expect(await odooClient.searchCount('res.partner', [['id', '=', 5]])).toBe(1);
  });

  it('timeout applies to the client default too, and a timed-out call is not retried', async () => {
    const odooClient = client({ timeoutMs: 150 });
    odoo.hangNextCall();
    await failure(odooClient.version(), OdooTimeoutError);
    expect(odoo.callCount('common.version')).toBe(1);
  });

  it('network: connection refused', async () => {
    const port = await freePort();
    const error = await failure(client({ url: `http://127.0.0.1:${port}` }).version(), OdooNetworkError);
    expect(error).toMatchObject({ code: 'ODOO_NETWORK', failure: 'connection_refused', systemCode: 'ECONNREFUSED' });
    expect(error.message).toBe(
      `Cannot reach Odoo at http://127.0.0.1:${port}: the connection was refused (ECONNREFUSED). Is the server running, and are the host and port right?`,
    );
  });

  it('network: host not found', async () => {
    const error = await failure(client({ url: 'http://odoo-gantry-test.invalid:8069' }).version(), OdooNetworkError);
    expect(error.failure).toBe('host_not_found');
    expect(error.message).toMatch(
      /^Cannot reach Odoo at http:\/\/odoo-gantry-test\.invalid:8069: the host name "odoo-gantry-test\.invalid" could not be resolved \((ENOTFOUND|EAI_AGAIN)\)\.$/,
    );
  });

  it('network: TLS failure when https:// points at a plain HTTP server', async () => {
    const error = await failure(client({ url: odoo.url.replace('http://', 'https://') }).version(), OdooNetworkError);
    expect(error.failure).toBe('tls');
    expect(error.message).toMatch(/^The TLS \(HTTPS\) connection to Odoo at https:\/\/127\.0\.0\.1:\d+ failed \([A-Z_]+\)\. Check the certificate/);
  });

  it('network: every new socket resolves through the given lookup, which may pin or refuse the address', async () => {
    const asked: string[] = [];
    const pinned: LookupFunction = (hostname, options, callback) => {
      asked.push(hostname);
      if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    };
    // A name no DNS knows: only the lookup makes it reach the test double.
    const url = odoo.url.replace('127.0.0.1', 'odoo.pinned.invalid');
    expect((await client({ url, lookup: pinned }).version()).serverVersion).toBeTruthy();
    expect(asked).toContain('odoo.pinned.invalid');

    const before = odoo.callCount('common.version');
    const refusing: LookupFunction = (_hostname, _options, callback) =>
      callback(Object.assign(new Error('odoo.pinned.invalid is not allowed by SOME_SETTING'), { code: ODOO_ADDRESS_REFUSED }), '', 0);
    const error = await failure(client({ url, lookup: refusing }).version(), OdooNetworkError);
    expect(error).toMatchObject({ failure: 'address_refused', systemCode: ODOO_ADDRESS_REFUSED });
    expect(error.message).toBe(`Gantry does not connect to ${url}: odoo.pinned.invalid is not allowed by SOME_SETTING`);
    expect(odoo.callCount('common.version')).toBe(before);
  });

  it('network: cancelled by the caller', async () => {
    const controller = new AbortController();
    odoo.hangNextCall();
    const pending = client().version({ signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await failure(pending, OdooNetworkError);
    expect(error.failure).toBe('aborted');
  });

  // What another server answered is never repeated: a connection test must not be a probe.
  it('invalid response: an HTML error page from a proxy, told without its status or content', async () => {
    odoo.respondRawToNextCall({ status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' });
    const error = await failure(client().version(), OdooInvalidResponseError);
    expect(error).toMatchObject({ code: 'ODOO_INVALID_RESPONSE', httpStatus: 502 });
    expect(error.message).toBe(
      `There is no Odoo server at ${odoo.url}: it did not answer like Odoo's external API. Check that this is the base URL of your Odoo, e.g. https://mycompany.odoo.com.`,
    );
  });

  it('invalid response: a URL that is not the Odoo base URL (404)', async () => {
    const error = await failure(client({ url: `${odoo.url}/odoo` }).version(), OdooInvalidResponseError);
    expect(error.httpStatus).toBe(404);
    expect(error.message).toContain('Check that this is the base URL of your Odoo');
    expect(error.message).not.toMatch(/404|Not Found/);
  });

  it('invalid response: XML-RPC with an unexpected shape', async () => {
    odoo.respondRawToNextCall({
      status: 200,
      contentType: 'text/xml',
      body: '<?xml version="1.0"?><methodResponse><params><param><value><string>yes</string></value></param></params></methodResponse>',
    });
    const error = await failure(client().authenticate(), OdooInvalidResponseError);
    expect(error.message).toContain(`There is no Odoo server at ${odoo.url}`);
    expect(error.message).not.toContain('yes');
  });
});

describe('OdooClient over HTTPS', () => {
  const opensslAvailable = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!opensslAvailable)('rejects a self-signed certificate unless told otherwise', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gantry-odoo-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
      const secure = new OdooXmlRpcTestDouble({ tls: { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') } });
      const { url } = await secure.start();
      try {
        const error = await failure(client({ url }).version(), OdooNetworkError);
        expect(error).toMatchObject({ failure: 'tls', systemCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
        const trusting = client({ url, rejectUnauthorized: false });
        expect((await trusting.testConnection()).uid).toBe(2);
      } finally {
        await secure.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
