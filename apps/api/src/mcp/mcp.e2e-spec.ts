import { request as httpRequest } from 'node:http';
import { OdooXmlRpcTestDouble, SEED_API_KEYS } from '@gantry/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';
import { AuditService } from '../audit/audit.service';

const ADMIN_KEY = SEED_API_KEYS.admin;
const DEMO_KEY = SEED_API_KEYS.demo;
const ALL_SCOPES = ['query', 'read', 'create', 'write', 'delete', 'execute', 'schema'];

/** The MCP gateway end to end: the SDK's own Client over Streamable HTTP, the real API, the Odoo XML-RPC test double. */
describe('MCP gateway', () => {
  let app: TestApp;
  let odooA: OdooXmlRpcTestDouble;
  let odooB: OdooXmlRpcTestDouble;
  let owner: SignedInUser;
  let teamA: string;
  let teamB: string;
  const keys: Record<string, string> = {};
  const clients: Client[] = [];
  let toolCalls = 0;

  async function createKey(teamId: string, token: string, name: string, scopes?: string[]): Promise<{ id: string; secret: string }> {
    const response = await call(app, 'POST', `/api/teams/${teamId}/api-keys`, { token, body: { name, ...(scopes ? { scopes } : {}) } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return { id: response.body.id, secret: response.body.secret };
  }

  async function connect(key: string): Promise<Client> {
    const client = new Client({ name: 'gantry-e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.baseUrl}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${key}` } } }));
    clients.push(client);
    return client;
  }

  async function tool(client: Client, name: string, args: Record<string, unknown>) {
    toolCalls += 1;
    const result = await client.callTool({ name, arguments: args });
    return result as { isError?: boolean; structuredContent?: any; content: Array<{ type: string; text: string }> };
  }

  const raw = (key: string | null, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${app.baseUrl}/mcp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...headers,
      },
      body: JSON.stringify(body),
    });

  /** fetch may not set Host, so the DNS-rebinding case goes through node:http. */
  const statusWithHost = (host: string, headers: Record<string, string> = {}, target: TestApp = app) =>
    new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
      const request = httpRequest(
        `${target.baseUrl}/mcp`,
        {
          method: 'POST',
          headers: {
            host,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            ...(target === app ? { authorization: `Bearer ${keys.full}` } : {}),
            ...headers,
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      request.end(body);
    });

  beforeAll(async () => {
    odooA = new OdooXmlRpcTestDouble({ serverVersion: '18.0', database: 'team-a-db' });
    odooB = new OdooXmlRpcTestDouble({ serverVersion: '17.0', database: 'team-b-db' });
    const [a, b] = [await odooA.start(), await odooB.start()];
    app = await startTestApp({ ODOO_TIMEOUT_MS: '1500' });
    owner = await login(app, OWNER.email, OWNER.password);
    teamA = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    teamB = (await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Team B' } })).body.id;
    await call(app, 'PUT', `/api/teams/${teamA}/odoo-connection`, {
      token: owner.token,
      body: { name: 'A', url: a.url, database: 'team-a-db', login: 'admin', secret: ADMIN_KEY },
    });
    await call(app, 'PUT', `/api/teams/${teamB}/odoo-connection`, {
      token: owner.token,
      body: { name: 'B', url: b.url, database: 'team-b-db', login: 'demo', secret: DEMO_KEY },
    });
    keys.full = (await createKey(teamA, owner.token, 'full', ALL_SCOPES)).secret;
    keys.readOnly = (await createKey(teamA, owner.token, 'default scopes')).secret;
    keys.teamB = (await createKey(teamB, owner.token, 'team b', ALL_SCOPES)).secret;
  });
  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => undefined);
    await app.close();
    await odooA.stop();
    await odooB.stop();
  });

  it('lists the tools a credential may use: default scopes see reads only, all scopes see all twelve', async () => {
    const readOnly = await connect(keys.readOnly!);
    const names = (await readOnly.listTools()).tools.map((entry) => entry.name).sort();
    expect(names).toEqual(['aggregate_records', 'count_records', 'get_fields', 'get_record', 'list_models', 'search_records']);
    const full = await connect(keys.full!);
    const tools = (await full.listTools()).tools;
    expect(tools).toHaveLength(12);
    const search = tools.find((entry) => entry.name === 'search_records')!;
    expect(search.annotations).toMatchObject({ readOnlyHint: true });
    expect(search.description).toMatch(/domain/);
    expect(search.inputSchema.properties).toHaveProperty('domain');
    expect(tools.find((entry) => entry.name === 'delete_record')!.annotations).toMatchObject({ destructiveHint: true });
    expect(tools.find((entry) => entry.name === 'call_method')!.annotations).toMatchObject({ destructiveHint: true });
  });

  it('search_records: one round trip on Odoo 17+, page + total + has_more, many2one as id and name', async () => {
    const client = await connect(keys.full!);
    odooA.resetCalls();
    const result = await tool(client, 'search_records', {
      model: 'res.partner',
      domain: [['is_company', '=', true]],
      fields: ['name', 'country_id'],
      limit: 2,
      order: 'name asc',
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ model: 'res.partner', total: expect.any(Number), has_more: true, next_offset: 2 });
    expect(result.structuredContent.records).toHaveLength(2);
    expect(result.structuredContent.records[0]).toHaveProperty('country_id');
    expect(JSON.parse(result.content[0]!.text)).toEqual(result.structuredContent);
    expect(odooA.callCount('res.partner.web_search_read')).toBe(1);
    expect(odooA.callCount('res.partner.search_count')).toBe(0);
    expect(odooA.callCount('res.partner.search_read')).toBe(0);
  });

  it('falls back to search_read + search_count on servers without web_search_read semantics (Odoo 16 and older)', async () => {
    const legacy = new OdooXmlRpcTestDouble({ serverVersion: '16.0', database: 'legacy' });
    const { url } = await legacy.start();
    try {
      const team = (await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Legacy' } })).body.id;
      await call(app, 'PUT', `/api/teams/${team}/odoo-connection`, {
        token: owner.token,
        body: { name: 'L', url, database: 'legacy', login: 'admin', secret: 'admin' },
      });
      const client = await connect((await createKey(team, owner.token, 'legacy')).secret);
      const result = await tool(client, 'search_records', { model: 'res.partner', limit: 3 });
      expect(result.structuredContent.records).toHaveLength(3);
      expect(legacy.callCount('res.partner.search_read')).toBe(1);
      expect(legacy.callCount('res.partner.search_count')).toBe(1);
    } finally {
      await legacy.stop();
    }
  });

  it('chooses useful default fields and never returns secret fields', async () => {
    const client = await connect(keys.full!);
    const partners = await tool(client, 'search_records', { model: 'res.partner', limit: 1 });
    const fields = Object.keys(partners.structuredContent.records[0]);
    expect(fields).toContain('name');
    expect(fields.length).toBeLessThanOrEqual(16);
    const users = await tool(client, 'search_records', { model: 'res.users', fields: ['*'], limit: 5 });
    expect(users.isError).toBeFalsy();
    for (const user of users.structuredContent.records) expect(Object.keys(user)).not.toContain('password');
    const denied = await tool(client, 'search_records', { model: 'res.users', fields: ['password'] });
    expect(denied).toMatchObject({ isError: true, structuredContent: { error: { code: 'FIELD_NOT_ALLOWED' } } });
    const byDomain = await tool(client, 'count_records', { model: 'res.users', domain: [['password', '=', 'admin']] });
    expect(byDomain.structuredContent.error.code).toBe('FIELD_NOT_ALLOWED');
  });

  it('get_record, count_records, aggregate_records, list_models, get_fields', async () => {
    const client = await connect(keys.full!);
    const one = await tool(client, 'get_record', { model: 'res.partner', id: 5, fields: ['name', 'vat'] });
    expect(one.structuredContent.record).toMatchObject({ id: 5, name: 'Azure Interior' });
    const count = await tool(client, 'count_records', { model: 'res.partner', domain: [['is_company', '=', true]] });
    expect(count.structuredContent.count).toBeGreaterThan(2);
    const groups = await tool(client, 'aggregate_records', { model: 'sale.order', groupby: ['state'], aggregates: ['amount_total:sum'] });
    expect(groups.isError, JSON.stringify(groups)).toBeFalsy();
    expect(groups.structuredContent.groups.length).toBeGreaterThan(0);
    expect(groups.structuredContent.groups[0]).toHaveProperty('__count');
    const models = await tool(client, 'list_models', { query: 'partner' });
    expect(models.structuredContent.models).toContainEqual({ model: 'res.partner', name: expect.any(String) });
    const fields = await tool(client, 'get_fields', { model: 'res.users', query: 'pass' });
    expect(fields.structuredContent.fields.map((field: { name: string }) => field.name)).not.toContain('password');
    const partnerFields = await tool(client, 'get_fields', { model: 'res.partner', query: 'country' });
    expect(partnerFields.structuredContent.fields).toContainEqual(expect.objectContaining({ name: 'country_id', type: 'many2one', relation: 'res.country' }));
  });

  it('create, update, delete, batch variants and call_method', async () => {
    const client = await connect(keys.full!);
    const created = await tool(client, 'create_record', { model: 'res.partner', values: { name: 'Gantry Test Co', is_company: true } });
    const id = created.structuredContent.id as number;
    expect(id).toBeGreaterThan(0);
    const batch = await tool(client, 'create_records', { model: 'res.partner', values_list: [{ name: 'Batch 1' }, { name: 'Batch 2' }] });
    expect(batch.structuredContent.ids).toHaveLength(2);
    expect((await tool(client, 'update_record', { model: 'res.partner', id, values: { city: 'Ghent' } })).structuredContent.updated).toBe(true);
    expect(
      (await tool(client, 'update_records', { model: 'res.partner', ids: batch.structuredContent.ids, values: { city: 'Liège' } })).structuredContent.updated,
    ).toBe(true);
    expect((await tool(client, 'get_record', { model: 'res.partner', id, fields: ['city'] })).structuredContent.record.city).toBe('Ghent');
    expect((await tool(client, 'delete_record', { model: 'res.partner', id })).structuredContent.deleted).toBe(true);
    const gone = await tool(client, 'get_record', { model: 'res.partner', id });
    expect(gone.structuredContent.error.code).toBe('ODOO_MISSING_RECORD');
    const orders = await tool(client, 'search_records', { model: 'sale.order', domain: [['state', '=', 'draft']], fields: ['name'], limit: 1 });
    const confirmed = await tool(client, 'call_method', { model: 'sale.order', method: 'action_confirm', args: [[orders.structuredContent.records[0].id]] });
    expect(confirmed.isError, JSON.stringify(confirmed)).toBeFalsy();
    for (const method of ['_compute_amount', 'sudo', 'unlink', 'write']) {
      const refused = await tool(client, 'call_method', { model: 'sale.order', method, args: [[1]] });
      expect(refused.structuredContent.error.code).toBe('METHOD_NOT_ALLOWED');
    }
  });

  it('error paths: unknown model, bad domain, unknown field, Odoo access error, bad arguments', async () => {
    const client = await connect(keys.full!);
    const unknownModel = await tool(client, 'search_records', { model: 'no.such.model' });
    expect(unknownModel.structuredContent.error.code).toBe('ODOO_UNKNOWN_MODEL');
    const badDomain = await tool(client, 'search_records', { model: 'res.partner', domain: [['name', 'bogus-op', 'x']] });
    expect(badDomain.isError).toBe(true);
    const unknownField = await tool(client, 'search_records', { model: 'res.partner', fields: ['no_such_field'] });
    expect(unknownField.structuredContent.error.code).toBe('UNKNOWN_FIELD');
    const badArgs = await tool(client, 'search_records', { model: 'Not A Model', limit: 1000 });
    expect(badArgs.isError).toBe(true);
    const demo = await connect(keys.teamB!);
    const denied = await tool(demo, 'search_records', { model: 'account.move' });
    expect(denied).toMatchObject({ isError: true, structuredContent: { error: { code: 'ODOO_ACCESS_ERROR' } } });
    expect(denied.content[0]!.text).toMatch(/account\.move|Journal/);
  });

  it('a slow Odoo ends in a timeout error, recorded as timeout', async () => {
    const client = await connect(keys.full!);
    odooA.hangNextCall();
    const slow = await tool(client, 'count_records', { model: 'res.partner' });
    expect(slow).toMatchObject({ isError: true, structuredContent: { error: { code: 'ODOO_TIMEOUT' } } });
  });

  it('bounds oversized results and says how to page', async () => {
    const client = await connect(keys.full!);
    const long = 'x'.repeat(4000);
    await tool(client, 'create_records', { model: 'res.partner', values_list: Array.from({ length: 40 }, (_, index) => ({ name: `Bulk ${index} ${long}` })) });
    const result = await tool(client, 'search_records', { model: 'res.partner', domain: [['name', '=like', 'Bulk %']], fields: ['name'], limit: 40 });
    expect(result.isError, JSON.stringify(result).slice(0, 300)).toBeFalsy();
    expect(result.structuredContent.truncated).toBe(true);
    expect(result.structuredContent.records.length).toBeLessThan(40);
    expect(result.structuredContent.next_offset).toBe(result.structuredContent.records.length);
    expect(result.structuredContent.note).toMatch(/next_offset/);
    expect(Buffer.byteLength(result.content[0]!.text)).toBeLessThan(80 * 1024);
  });

  it('a missing scope is refused with HTTP 403 and the insufficient_scope challenge', async () => {
    toolCalls += 1;
    const response = await raw(keys.readOnly!, {
      jsonrpc: '2.0',
      id: 7,
      method: 'tools/call',
      params: { name: 'delete_record', arguments: { model: 'res.partner', id: 5 } },
    });
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate')!;
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="delete"');
    expect(challenge).toContain('resource_metadata="');
  });

  it('without a credential: 401 pointing at the protected resource metadata', async () => {
    const response = await raw(null, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate')!;
    expect(challenge).toMatch(/^Bearer /);
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)![1]!;
    const metadata = await (await fetch(metadataUrl.replace(app.config.PUBLIC_URL, app.baseUrl))).json();
    expect(metadata).toMatchObject({ resource: `${app.config.PUBLIC_URL}/mcp`, bearer_methods_supported: ['header'] });
    expect((await raw('gnt_live_not-a-real-key-at-all', { jsonrpc: '2.0', id: 1, method: 'tools/list' })).status).toBe(401);
  });

  it('a revoked key stops at once', async () => {
    const key = await createKey(teamA, owner.token, 'to revoke');
    const client = await connect(key.secret);
    toolCalls += 0;
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    expect((await call(app, 'DELETE', `/api/teams/${teamA}/api-keys/${key.id}`, { token: owner.token })).status).toBe(204);
    expect((await raw(key.secret, { jsonrpc: '2.0', id: 1, method: 'tools/list' })).status).toBe(401);
    await expect(client.listTools()).rejects.toThrow();
  });

  it("a key of team A never reaches team B's Odoo, and B's key never reaches A's", async () => {
    odooA.resetCalls();
    odooB.resetCalls();
    const a = await connect(keys.full!);
    const b = await connect(keys.teamB!);
    await tool(a, 'count_records', { model: 'res.partner' });
    expect(odooA.callCount('res.partner.search_count')).toBe(1);
    expect(odooB.callCount('res.partner.search_count')).toBe(0);
    await tool(b, 'count_records', { model: 'res.partner' });
    expect(odooB.callCount('res.partner.search_count')).toBe(1);
    expect(odooA.callCount('res.partner.search_count')).toBe(1);
  });

  it('checks Origin and Host, refuses GET and DELETE with 405', async () => {
    const foreign = await raw(keys.full!, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(await statusWithHost('attacker.example')).toBe(403);
    expect(await statusWithHost('localhost')).toBe(200);
    const same = await raw(keys.full!, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { origin: new URL(app.config.PUBLIC_URL).origin });
    expect(same.status).toBe(200);
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(`${app.baseUrl}/mcp`, { method, headers: { authorization: `Bearer ${keys.full}` } });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    }
  });

  it('checks the original Host behind the dashboard proxy (trusted by TRUST_PROXY), and ignores X-Forwarded-Host from anyone else', async () => {
    const apiHost = new URL(app.baseUrl).host;
    // Through the dashboard on loopback: Host is the API's own, X-Forwarded-Host the name the client used.
    expect(await statusWithHost(apiHost, { 'x-forwarded-host': 'attacker.example:3000' })).toBe(403);
    expect(await statusWithHost(apiHost, { 'x-forwarded-host': 'localhost:3000' })).toBe(200);
    expect(await statusWithHost(apiHost, { 'x-forwarded-host': `${new URL(app.config.PUBLIC_URL).host}` })).toBe(200);

    // A source TRUST_PROXY does not name cannot set the host by header, in either direction.
    const untrusting = await startTestApp({ TRUST_PROXY: '10.9.8.7' });
    try {
      const untrustedHost = new URL(untrusting.baseUrl).host;
      expect(await statusWithHost(untrustedHost, { 'x-forwarded-host': 'attacker.example' }, untrusting)).toBe(401);
      expect(await statusWithHost('attacker.example', { 'x-forwarded-host': 'localhost' }, untrusting)).toBe(403);
    } finally {
      await untrusting.close();
    }
  });

  it("a member's own linked Odoo login makes their calls run as that Odoo user", async () => {
    const member = await addMember(app, owner, teamA, { email: 'linked@example.com', name: 'Lin Ked', password: 'linked-password' }, 'member');
    const rejected = await call(app, 'PUT', `/api/teams/${teamA}/odoo-identity`, { token: member.token, body: { login: 'demo', secret: 'wrong-key' } });
    expect(rejected.status).toBe(422);
    expect(rejected.body.error.code).toBe('ODOO_CREDENTIALS_REJECTED');
    expect(await app.db.collection('odoo_identities').countDocuments()).toBe(0);

    const linked = await call(app, 'PUT', `/api/teams/${teamA}/odoo-identity`, { token: member.token, body: { login: 'demo', secret: DEMO_KEY } });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ linked: true, login: 'demo', odooUser: { name: 'Marc Demo' }, secretMasked: '••••••••' });
    expect(JSON.stringify(linked.body)).not.toContain(DEMO_KEY);
    const dump = JSON.stringify(await app.db.collection('odoo_identities').find().toArray());
    expect(dump).not.toContain(DEMO_KEY);
    expect(dump).not.toContain('"demo"');
    expect((await call(app, 'GET', `/api/teams/${teamA}/odoo-identity`, { token: owner.token })).body.linked).toBe(false);

    const memberKey = (await createKey(teamA, member.token, 'member key', ['query', 'read', 'schema'])).secret;
    const asMember = await connect(memberKey);
    const denied = await tool(asMember, 'count_records', { model: 'account.move' });
    expect(denied.structuredContent.error.code).toBe('ODOO_ACCESS_ERROR');
    const asTeam = await tool(await connect(keys.full!), 'count_records', { model: 'account.move' });
    expect(asTeam.isError, JSON.stringify(asTeam)).toBeFalsy();

    expect((await call(app, 'DELETE', `/api/teams/${teamA}/odoo-identity`, { token: member.token })).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 5_100)); // the gateway re-resolves a caller's Odoo login every 5 s
    const afterUnlink = await tool(asMember, 'count_records', { model: 'account.move' });
    expect(afterUnlink.isError, JSON.stringify(afterUnlink)).toBeFalsy();
  });

  it('read-only teams refuse writes before Odoo is called; deny-listed models are invisible', async () => {
    await call(app, 'PATCH', `/api/teams/${teamA}`, {
      token: owner.token,
      body: { settings: { mcpPolicy: { readOnly: true, deniedModels: ['account.move'] } } },
    });
    await new Promise((resolve) => setTimeout(resolve, 5_100)); // the gateway re-reads the policy every 5 s
    const client = await connect(keys.full!);
    odooA.resetCalls();
    const write = await tool(client, 'create_record', { model: 'res.partner', values: { name: 'Nope' } });
    expect(write.structuredContent.error.code).toBe('READ_ONLY');
    const model = await tool(client, 'search_records', { model: 'account.move' });
    expect(model.structuredContent.error.code).toBe('MODEL_NOT_ALLOWED');
    expect(odooA.callCount('res.partner.create')).toBe(0);
    const models = await tool(client, 'list_models', {});
    expect(models.structuredContent.models.map((entry: { model: string }) => entry.model)).not.toContain('account.move');
    await call(app, 'PATCH', `/api/teams/${teamA}`, { token: owner.token, body: { settings: { mcpPolicy: { readOnly: false } } } });
  });

  it('rate limits per key answer a clean tool error and are logged', async () => {
    const team = (await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Limited' } })).body.id;
    await call(app, 'PUT', `/api/teams/${team}/odoo-connection`, {
      token: owner.token,
      body: { name: 'A', url: odooA.url, database: 'team-a-db', login: 'admin', secret: ADMIN_KEY },
    });
    await call(app, 'PATCH', `/api/teams/${team}`, {
      token: owner.token,
      body: { settings: { mcpPolicy: { rateLimits: { callsPerMinute: 4, writesPerMinute: 1 } } } },
    });
    const client = await connect((await createKey(team, owner.token, 'limited', ALL_SCOPES)).secret);
    expect((await tool(client, 'create_record', { model: 'res.partner', values: { name: 'First write' } })).isError).toBeFalsy();
    const secondWrite = await tool(client, 'create_record', { model: 'res.partner', values: { name: 'Second write' } });
    expect(secondWrite.structuredContent.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/1 writes per minute/) });
    expect((await tool(client, 'count_records', { model: 'res.partner' })).isError).toBeFalsy();
    expect((await tool(client, 'count_records', { model: 'res.partner' })).isError).toBeFalsy();
    const overLimit = await tool(client, 'count_records', { model: 'res.partner' });
    expect(overLimit.structuredContent.error.code).toBe('RATE_LIMITED');
    await app.nest.get(AuditService).flush();
    expect(await app.db.collection('audit_logs').countDocuments({ 'error.code': 'RATE_LIMITED' })).toBe(2);
  });

  it('resources odoo://{model}/{id} and odoo://{model}/fields read through the same tools, policy and audit', async () => {
    const client = await connect(keys.full!);
    const templates = (await client.listResourceTemplates()).resourceTemplates.map((template) => template.uriTemplate).sort();
    expect(templates).toEqual(['odoo://{model}/fields', 'odoo://{model}/{id}']);
    const record = await client.readResource({ uri: 'odoo://res.partner/1' });
    toolCalls += 1;
    expect(record.contents[0]).toMatchObject({ uri: 'odoo://res.partner/1', mimeType: 'application/json' });
    expect(JSON.parse((record.contents[0] as { text: string }).text).record).toMatchObject({ id: 1 });
    const fields = await client.readResource({ uri: 'odoo://res.partner/fields' });
    toolCalls += 1;
    expect(JSON.stringify(JSON.parse((fields.contents[0] as { text: string }).text))).toContain('email');
    await expect(client.readResource({ uri: 'odoo://res.partner/999999' })).rejects.toThrow(/999999|not exist|not found/i);
    toolCalls += 1;
    // The secret fields stay hidden here too.
    expect((record.contents[0] as { text: string }).text).not.toMatch(/"password"|api_key/);
  });

  it('every tool call made is in the audit log, with redacted parameters', async () => {
    const client = await connect(keys.full!);
    await tool(client, 'call_method', { model: 'sale.order', method: 'action_noop', args: [], kwargs: { api_key: 'super-secret-value', note: 'visible' } });
    const audit = app.nest.get(AuditService);
    await audit.flush();
    const stored = await app.db.collection('audit_logs').find().toArray();
    expect(stored).toHaveLength(toolCalls);
    const dump = JSON.stringify(stored);
    expect(dump).not.toContain('super-secret-value');
    expect(dump).toContain('visible');
    const last = stored.find((record) => record.tool === 'call_method' && JSON.stringify(record.params).includes('visible'))!;
    expect(last).toMatchObject({ status: expect.stringMatching(/success|error/), tool: 'call_method', model: 'sale.order' });
    expect(last.durationMs).toEqual(expect.any(Number));
    const statuses = new Set(stored.map((record) => record.status));
    expect(statuses).toEqual(new Set(['success', 'error', 'timeout']));
  });

  it('masks secrets written into free-text arguments before they reach the audit log', async () => {
    const client = await connect(keys.full!);
    const comment = 'customer asked: password=Hunter2-Very-Secret, then key ghp_16C7e42F292c6912E7710c838347Ae178B4a';
    await tool(client, 'call_method', { model: 'sale.order', method: 'action_noop', args: [], kwargs: { comment } });
    await app.nest.get(AuditService).flush();
    const stored = await app.db.collection('audit_logs').find().toArray();
    const dump = JSON.stringify(stored);
    expect(dump).not.toContain('Hunter2-Very-Secret');
    expect(dump).not.toContain('ghp_16C7e42F292c6912E7710c838347Ae178B4a');
    const record = stored.find((entry) => JSON.stringify(entry.params).includes('customer asked'))!;
    expect(JSON.stringify(record.params)).toContain('customer asked: password=[redacted], then key [redacted]');
  });
});
