import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import xmlrpc from 'xmlrpc';
import { OdooXmlRpcTestDouble } from './odoo-xmlrpc-test-double';
import { SEED_API_KEYS } from './odoo-seed';

type Fault = Error & { faultCode: number; faultString: string };

let odoo: OdooXmlRpcTestDouble;

function rpc(service: 'common' | 'object', method: string, params: unknown[]): Promise<unknown> {
  const client = xmlrpc.createClient(`${odoo.url}/xmlrpc/2/${service}`);
  return new Promise((resolve, reject) => client.methodCall(method, params, (error, value) => (error ? reject(error) : resolve(value))));
}

function call(model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}, uid = 2, password = 'admin'): Promise<unknown> {
  return rpc('object', 'execute_kw', ['odoo', uid, password, model, method, args, kwargs]);
}

async function fault(promise: Promise<unknown>): Promise<Fault> {
  try {
    await promise;
  } catch (error) {
    if ((error as Fault).faultCode !== undefined) return error as Fault;
    throw error;
  }
  throw new Error('expected an XML-RPC fault');
}

beforeEach(async () => {
  odoo = new OdooXmlRpcTestDouble();
  await odoo.start();
});

afterEach(async () => {
  await odoo.stop();
});

describe('OdooXmlRpcTestDouble common service', () => {
  it('reports its version like Odoo, configurable', async () => {
    expect(await rpc('common', 'version', [])).toEqual({
      server_version: '17.0',
      server_version_info: [17, 0, 0, 'final', 0, ''],
      server_serie: '17.0',
      protocol_version: 1,
    });
    const odoo18 = new OdooXmlRpcTestDouble({ serverVersion: '18.0' });
    const { url } = await odoo18.start();
    const client = xmlrpc.createClient(`${url}/xmlrpc/2/common`);
    const version = await new Promise((resolve, reject) => client.methodCall('version', [], (error, value) => (error ? reject(error) : resolve(value))));
    await odoo18.stop();
    expect(version).toMatchObject({ server_version: '18.0', server_version_info: [18, 0, 0, 'final', 0, ''] });
  });

  it('authenticates with a password or an API key, and answers False otherwise', async () => {
    expect(await rpc('common', 'authenticate', ['odoo', 'admin', 'admin', {}])).toBe(2);
    expect(await rpc('common', 'authenticate', ['odoo', 'demo', SEED_API_KEYS.demo, {}])).toBe(6);
    expect(await rpc('common', 'authenticate', ['odoo', 'admin', 'wrong', {}])).toBe(false);
    expect(await rpc('common', 'authenticate', ['odoo', 'nobody', 'admin', {}])).toBe(false);
  });

  it('fails like psycopg2 for an unknown database', async () => {
    const error = await fault(rpc('common', 'authenticate', ['nope', 'admin', 'admin', {}]));
    expect(error.faultCode).toBe(1);
    expect(error.faultString).toMatch(/^Traceback \(most recent call last\):\n/);
    expect(error.faultString).toContain('psycopg2.OperationalError: connection to server on socket');
    expect(error.faultString).toContain('FATAL:  database "nope" does not exist');
  });

  it('answers 404 outside /xmlrpc/2/common and /xmlrpc/2/object', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(`${odoo.url}/web/login`, { method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(404);
  });
});

describe('OdooXmlRpcTestDouble object service', () => {
  it('search_read applies domain, order, limit and offset and returns many2one pairs', async () => {
    const rows = await call('sale.order', 'search_read', [[['partner_id.country_id.code', '=', 'US']]], {
      fields: ['name', 'partner_id', 'amount_total', 'state'],
      order: 'amount_total desc, id asc',
      limit: 2,
      offset: 1,
    });
    expect(rows).toEqual([
      { id: 3, name: 'S00003', partner_id: [5, 'Azure Interior'], amount_total: 230, state: 'sent' },
      { id: 5, name: 'S00005', partner_id: [6, 'Azure Interior, Brandon Freeman'], amount_total: 115, state: 'cancel' },
    ]);
  });

  it('returns x2many fields as id lists and hides archived records unless asked', async () => {
    const [azure] = (await call('res.partner', 'read', [[5]], { fields: ['child_ids', 'sale_order_ids'] })) as Array<Record<string, unknown>>;
    expect(azure).toEqual({ id: 5, child_ids: [6], sale_order_ids: [1, 3] });
    expect(await call('res.partner', 'search', [[['name', 'ilike', 'archived']]])).toEqual([]);
    expect(await call('res.partner', 'search', [[['name', 'ilike', 'archived']]], { context: { active_test: false } })).toEqual([11]);
    expect(
      await call('res.partner', 'search', [
        [
          ['active', '=', false],
          ['name', 'ilike', 'archived'],
        ],
      ]),
    ).toEqual([11]);
  });

  it('web_search_read follows the specification with nested many2one fields', async () => {
    const result = await call('sale.order', 'web_search_read', [[['state', 'in', ['sale', 'sent']]]], {
      specification: { name: {}, amount_total: {}, partner_id: { fields: { display_name: {}, country_id: { fields: { code: {} } } } }, user_id: {} },
      order: 'name asc',
      limit: 2,
    });
    expect(result).toEqual({
      length: 3,
      records: [
        { id: 1, name: 'S00001', amount_total: 1840, partner_id: { id: 5, display_name: 'Azure Interior', country_id: { id: 1, code: 'US' } }, user_id: 2 },
        { id: 3, name: 'S00003', amount_total: 230, partner_id: { id: 5, display_name: 'Azure Interior', country_id: { id: 1, code: 'US' } }, user_id: 6 },
      ],
    });
  });

  it('creates, counts, writes and unlinks; deleted ids then raise MissingError', async () => {
    const id = (await call('res.partner', 'create', [{ name: 'Gantry Test', email: 'gt@example.com', country_id: 2 }])) as number;
    const ids = await call('res.partner', 'create', [[{ name: 'A' }, { name: 'B' }]]);
    expect(ids).toEqual([id + 1, id + 2]);
    // Gantry Europe SRL is also Belgian but belongs to company 2, outside the default allowed companies.
    expect(await call('res.partner', 'search_count', [[['country_id.code', '=', 'BE']]])).toBe(3);
    expect(await call('res.partner', 'write', [[id], { city: 'Namur' }])).toBe(true);
    expect(await call('res.partner', 'read', [[id], ['city', 'country_id', 'display_name']])).toEqual([
      { id, city: 'Namur', country_id: [2, 'Belgium'], display_name: 'Gantry Test' },
    ]);
    const order = (await call('sale.order', 'create', [{ partner_id: id }])) as number;
    const [created] = (await call('sale.order', 'read', [[order], ['name', 'state', 'company_id', 'user_id']])) as Array<Record<string, unknown>>;
    expect(created).toEqual({ id: order, name: 'S00007', state: 'draft', company_id: [1, 'Gantry Demo Company'], user_id: [2, 'Mitchell Admin'] });

    expect(await call('res.partner', 'unlink', [[id]])).toBe(true);
    for (const attempt of [call('res.partner', 'read', [[id]]), call('res.partner', 'write', [[id], { city: 'x' }]), call('res.partner', 'unlink', [[id]])]) {
      const error = await fault(attempt);
      expect(error.faultCode).toBe(2);
      expect(error.faultString).toBe(`Record does not exist or has been deleted.\n(Record: res.partner(${id},), User: 2)`);
    }
  });

  it('raises a ValidationError (fault 2) when a required field is missing', async () => {
    const error = await fault(call('res.partner', 'create', [{ email: 'no-name@example.com' }]));
    expect(error.faultCode).toBe(2);
    expect(error.faultString).toContain('a mandatory field is not set');
    expect(error.faultString).toContain('Model: Contact (res.partner)\nField: Name (name)');
  });

  it('fields_get describes fields and honours the attributes filter', async () => {
    const all = (await call('sale.order', 'fields_get', [])) as Record<string, Record<string, unknown>>;
    expect(all['partner_id']).toMatchObject({ type: 'many2one', string: 'Customer', required: true, readonly: false, store: true, relation: 'res.partner' });
    expect(all['state']).toMatchObject({
      type: 'selection',
      selection: [
        ['draft', 'Quotation'],
        ['sent', 'Quotation Sent'],
        ['sale', 'Sales Order'],
        ['cancel', 'Cancelled'],
      ],
    });
    expect(all['display_name']).toMatchObject({ type: 'char', store: false });
    const filtered = await call('sale.order', 'fields_get', [], { allfields: ['amount_total'], attributes: ['type', 'string'] });
    expect(filtered).toEqual({ amount_total: { type: 'monetary', string: 'Total' } });
  });

  it('name_search matches the display name', async () => {
    expect(await call('res.partner', 'name_search', ['deco'])).toEqual([[7, 'Deco Addict']]);
    expect(await call('res.partner', 'name_search', [], { name: 'a', args: [['is_company', '=', false]], limit: 2 })).toEqual([
      [8, 'Deco Addict, Addison Olson'],
      [6, 'Azure Interior, Brandon Freeman'],
    ]);
  });

  it('read_group aggregates, lazily by default', async () => {
    const lazy = await call('sale.order', 'read_group', [[['state', '!=', 'cancel']], ['amount_total:sum'], ['partner_id', 'state']], {
      orderby: 'amount_total desc',
    });
    expect(lazy).toEqual([
      {
        partner_id: [9, 'Lumber Inc'],
        partner_id_count: 1,
        amount_total: 3450,
        __domain: [
          ['partner_id', '=', 9],
          ['state', '!=', 'cancel'],
        ],
        __context: { group_by: ['state'] },
      },
      {
        partner_id: [5, 'Azure Interior'],
        partner_id_count: 2,
        amount_total: 2070,
        __domain: [
          ['partner_id', '=', 5],
          ['state', '!=', 'cancel'],
        ],
        __context: { group_by: ['state'] },
      },
      {
        partner_id: [7, 'Deco Addict'],
        partner_id_count: 1,
        amount_total: 1000.5,
        __domain: [
          ['partner_id', '=', 7],
          ['state', '!=', 'cancel'],
        ],
        __context: { group_by: ['state'] },
      },
    ]);
    const eager = (await call('sale.order', 'read_group', [[], ['total:sum(amount_total)', '__count'], ['state', 'date_order:month']], {
      lazy: false,
    })) as Array<Record<string, unknown>>;
    expect(eager[0]).toEqual({
      state: 'cancel',
      'date_order:month': 'March 2024',
      __count: 1,
      total: 115,
      __domain: [['state', '=', 'cancel'], '&', ['date_order', '>=', '2024-03-01 00:00:00'], ['date_order', '<', '2024-04-01 00:00:00']],
      __range: { 'date_order:month': { from: '2024-03-01 00:00:00', to: '2024-04-01 00:00:00' } },
    });
    expect(eager.map((row) => [row['state'], row['date_order:month'], row['__count']])).toEqual([
      ['cancel', 'March 2024', 1],
      ['draft', 'February 2024', 1],
      ['sale', 'January 2024', 1],
      ['sale', 'March 2024', 1],
      ['sent', 'February 2024', 1],
    ]);
  });

  it('applies multi-company rules from context.allowed_company_ids', async () => {
    expect(await call('sale.order', 'search_count', [[]])).toBe(5);
    expect(await call('sale.order', 'search_count', [[]], { context: { allowed_company_ids: [1, 2] } })).toBe(6);
    const foreign = await fault(call('sale.order', 'read', [[6], ['name']]));
    expect(foreign.faultCode).toBe(4);
    expect(foreign.faultString).toContain("you are not allowed to access 'Sales Order' (sale.order) records");
    const unauthorized = await fault(call('sale.order', 'search', [[]], { context: { allowed_company_ids: [2] } }, 6, 'demo'));
    expect(unauthorized).toMatchObject({ faultCode: 4, faultString: 'Access to unauthorized or invalid companies.' });
  });

  it('enforces per-user model access with AccessError (fault 4)', async () => {
    const read = await fault(call('account.move', 'search_read', [[]], {}, 6, 'demo'));
    expect(read.faultCode).toBe(4);
    expect(read.faultString).toBe(
      "You are not allowed to access 'Journal Entry' (account.move) records.\n\n" +
        'This operation is allowed for the following groups:\n\t- Invoicing/Billing\n\t- Invoicing/Billing Administrator\n\n' +
        'Contact your administrator to request access if necessary.',
    );
    const unlink = await fault(call('res.partner', 'unlink', [[9]], {}, 6, 'demo'));
    expect(unlink.faultString).toMatch(/^You are not allowed to delete 'Contact' \(res\.partner\) records\./);
    expect(await call('account.move', 'check_access_rights', ['read'], { raise_exception: false }, 6, 'demo')).toBe(false);
    expect(await call('account.move', 'check_access_rights', ['read'], { raise_exception: false })).toBe(true);
    expect((await fault(call('account.move', 'check_access_rights', ['write'], {}, 6, 'demo'))).faultCode).toBe(4);
  });

  it('answers Access Denied (fault 3) to a wrong password or unknown uid', async () => {
    expect(await fault(call('res.partner', 'search', [[]], {}, 2, 'wrong'))).toMatchObject({ faultCode: 3, faultString: 'Access Denied' });
    expect(await fault(call('res.partner', 'search', [[]], {}, 99, 'admin'))).toMatchObject({ faultCode: 3, faultString: 'Access Denied' });
  });

  it('answers fault 2 "Object x doesn\'t exist" for unknown models', async () => {
    expect(await fault(call('foo.bar', 'search', [[]]))).toMatchObject({ faultCode: 2, faultString: "Object foo.bar doesn't exist" });
  });

  it('fails to marshal None like real Odoo when a method returns nothing', async () => {
    const error = await fault(call('sale.order', 'action_noop', [[1]]));
    expect(error.faultCode).toBe(1);
    expect(error.faultString).toMatch(/TypeError: cannot marshal None unless allow_none is enabled\n$/);
  });

  it('reports invalid domains, fields and methods as Python exceptions (fault 1)', async () => {
    expect((await fault(call('res.partner', 'search', [[['name', 'like']]]))).faultString).toContain("ValueError: Invalid leaf ['name', 'like']");
    expect((await fault(call('res.partner', 'search', [['|', ['name', '=', 'x']]]))).faultString).toContain('is syntactically not correct');
    expect((await fault(call('res.partner', 'read', [[5], ['nope']]))).faultString).toContain("ValueError: Invalid field 'nope' on model 'res.partner'");
    expect((await fault(call('res.partner', 'fly', [[5]]))).faultString).toContain("AttributeError: The method 'res.partner.fly' does not exist");
    expect((await fault(call('res.partner', 'search', [[]], { colour: 'red' }))).faultString).toContain(
      "TypeError: res.partner.search() got an unexpected keyword argument 'colour'",
    );
    expect((await fault(call('res.partner', 'search', [[]], { order: 'nope desc' }))).faultString).toContain(
      'ValueError: Invalid "order" specified (nope desc)',
    );
  });
});

describe('OdooXmlRpcTestDouble test hooks', () => {
  it('counts round trips per method and logs calls without passwords', async () => {
    await rpc('common', 'authenticate', ['odoo', 'admin', 'admin', {}]);
    await call('res.partner', 'search_read', [[]], { fields: ['name'], context: { lang: 'fr_FR' } });
    expect(odoo.callCounts()).toEqual({ 'common.authenticate': 1, 'object.execute_kw': 1, 'res.partner.search_read': 1 });
    expect(odoo.calls[1]).toEqual({
      service: 'object',
      method: 'execute_kw',
      modelMethod: 'res.partner.search_read',
      args: [[]],
      kwargs: { fields: ['name'], context: { lang: 'fr_FR' } },
    });
    expect(JSON.stringify(odoo.calls)).not.toContain('admin');
    odoo.resetCalls();
    expect(odoo.callCount('res.partner.search_read')).toBe(0);
  });

  it('delays answers by latencyMs', async () => {
    odoo.latencyMs = 60;
    const started = performance.now();
    await rpc('common', 'version', []);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('can leave the next call hanging until stop()', async () => {
    odoo.hangNextCall();
    let settled = false;
    const pending = rpc('common', 'version', []).then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(settled).toBe(false);
    expect(odoo.callCount('common.version')).toBe(1);
    await odoo.stop();
    await pending;
    expect(settled).toBe(true);
  });

  it('can inject a fault or a raw HTTP answer for the next call', async () => {
    odoo.injectFault({ faultCode: 1, faultString: 'odoo.exceptions.UserError: injected' });
    expect(await fault(rpc('common', 'version', []))).toMatchObject({ faultCode: 1, faultString: 'odoo.exceptions.UserError: injected' });
    odoo.respondRawToNextCall({ status: 502, body: '<html><body>Bad Gateway</body></html>' });
    await expect(rpc('common', 'version', [])).rejects.toThrow();
    expect(await rpc('common', 'version', [])).toMatchObject({ server_version: '17.0' });
  });

  it('can give a user a new uid, as a restored database would', async () => {
    const uid = odoo.recreateUser('demo');
    expect(await rpc('common', 'authenticate', ['odoo', 'demo', 'demo', {}])).toBe(uid);
    expect(await fault(call('res.partner', 'search', [[]], {}, 6, 'demo'))).toMatchObject({ faultCode: 3 });
    expect(await call('res.users', 'read', [[uid], ['login']], {}, uid, 'demo')).toEqual([{ id: uid, login: 'demo' }]);
  });
});

describe('OdooXmlRpcTestDouble JSON-2 (Odoo 19)', () => {
  const post = (path: string, body: unknown, key = SEED_API_KEYS.admin) =>
    fetch(`${odoo.url}${path}`, {
      method: 'POST',
      headers: { Authorization: `bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('serves /web/version and named-argument calls with a bearer API key', async () => {
    expect(await (await fetch(`${odoo.url}/web/version`)).json()).toEqual({ version_info: [17, 0, 0, 'final', 0, ''], version: '17.0' });
    const response = await post('/json/2/res.partner/search_read', { domain: [['id', '=', 5]], fields: ['name', 'country_id'], context: { lang: 'en_US' } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ id: 5, name: 'Azure Interior', country_id: [1, 'United States'] }]);
    expect(await (await post('/json/2/res.partner/write', { ids: [5], vals: { city: 'Austin' } })).json()).toBe(true);
    expect(await (await post('/json/2/sale.order/action_noop', { ids: [1] })).json()).toBeNull();
  });

  it('answers errors with a status and {name, message, debug}', async () => {
    const denied = await post('/json/2/res.partner/search', { domain: [] }, 'admin');
    expect(denied.status).toBe(401);
    expect(await denied.json()).toMatchObject({ name: 'werkzeug.exceptions.Unauthorized', message: 'Invalid apikey' });
    const forbidden = await post('/json/2/account.move/search', { domain: [] }, SEED_API_KEYS.demo);
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ name: 'odoo.exceptions.AccessError' });
    const missing = await post('/json/2/res.partner/read', { ids: [999] });
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({ name: 'odoo.exceptions.MissingError' });
    expect((await post('/json/2/foo.bar/search', { domain: [] })).status).toBe(404);
    const invalid = await post('/json/2/res.partner/search', { domain: [['nope', '=', 1]] });
    expect(invalid.status).toBe(500);
    expect(await invalid.json()).toMatchObject({ name: 'ValueError', message: "Invalid field res.partner.nope in leaf ('nope', '=', 1)" });
  });
});
