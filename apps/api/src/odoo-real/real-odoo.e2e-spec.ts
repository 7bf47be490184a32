import { OdooClient } from '@gantry/odoo';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OdooLoggedRequest, realOdooAvailable, startTestOdoo, TestOdoo } from '../../test/real-odoo';
import { call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';

type ToolResult = { isError?: boolean; structuredContent?: any; content: Array<{ type: string; text: string }> };

/** Odoo 18's `base` demo data, as the real server holds it. */
const DEMO = { partners: 37, companies: 9, azureInterior: { id: 15, name: 'Azure Interior', email: 'azure.Interior24@example.com' } };
// res.partner's _order is "complete_name ASC, id DESC": companies sort before their contacts.
const FIRST_TEN_PARTNERS = [
  'Azure Interior',
  'Brandon Freeman',
  'Colleen Diaz',
  'Nicole Ford',
  'Deco Addict',
  'Addison Olson',
  'Douglas Fletcher',
  'Floyd Steward',
  'Gemini Furniture',
  'Edwin Hansen',
];

/** A real Odoo 18 (base + demo data) started by this file; no test double anywhere on the path. */
describe.skipIf(!realOdooAvailable())('real Odoo 18', () => {
  let odoo: TestOdoo;

  // The first run on a machine installs packages and builds the cached template database.
  beforeAll(async () => {
    odoo = await startTestOdoo();
  }, 10 * 60_000);
  afterAll(async () => {
    await odoo?.stop();
  });

  it('answers the project client: version 18.0, admin/admin is uid 2, 37 demo partners', async () => {
    const client = new OdooClient({ url: odoo.url, database: odoo.database, login: 'admin', secret: 'admin' });
    try {
      const version = await client.version();
      expect(version.serverVersion).toMatch(/^18\.0/);
      expect(version).toMatchObject({ major: 18, serverSerie: '18.0', protocolVersion: 1 });
      expect(await client.authenticate()).toBe(2);
      expect(await client.searchCount('res.partner')).toBe(DEMO.partners);
      const demo = new OdooClient({ url: odoo.url, database: odoo.database, login: 'demo', secret: 'demo' });
      expect(await demo.authenticate()).toBe(6);
      demo.close();
    } finally {
      client.close();
    }
  });

  describe('through Gantry: the REST connection, an API key and the MCP tools', () => {
    let app: TestApp;
    let owner: SignedInUser;
    let teamId: string;
    let mcp: Client;
    /** Each tool call and the requests Odoo logged while it ran (this Odoo serves this file alone). */
    const costs: Array<{ call: string; requests: OdooLoggedRequest[] }> = [];

    async function tool(name: string, args: Record<string, unknown>): Promise<{ result: ToolResult; requests: OdooLoggedRequest[] }> {
      const mark = odoo.mark();
      const result = (await mcp.callTool({ name, arguments: args })) as ToolResult;
      const requests = odoo.requestsSince(mark);
      costs.push({ call: `${name} ${JSON.stringify(args)}`, requests });
      expect(result.isError, JSON.stringify(result)).toBeFalsy();
      return { result, requests };
    }

    beforeAll(async () => {
      app = await startTestApp();
      owner = await login(app, OWNER.email, OWNER.password);
      teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
      const saved = await call(app, 'PUT', `/api/teams/${teamId}/odoo-connection`, {
        token: owner.token,
        body: { name: 'Real Odoo 18', url: odoo.url, database: odoo.database, login: 'admin', secret: 'admin' },
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      const key = await call(app, 'POST', `/api/teams/${teamId}/api-keys`, {
        token: owner.token,
        body: { name: 'real odoo', scopes: ['query', 'read', 'schema'] },
      });
      expect(key.status, JSON.stringify(key.body)).toBe(201);
      mcp = new Client({ name: 'gantry-real-odoo-e2e', version: '1.0.0' });
      await mcp.connect(
        new StreamableHTTPClientTransport(new URL(`${app.baseUrl}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${key.body.secret}` } } }),
      );
    });
    afterAll(async () => {
      if (process.env.GANTRY_TEST_LOG) {
        for (const { call: made, requests } of costs) console.log(`${requests.length} Odoo request(s) for ${made}: ${requests.map((r) => r.path).join(', ')}`);
      }
      await mcp?.close();
      await app?.close();
    });

    it('the connection test reports the real server, user and company', async () => {
      const tested = await call(app, 'POST', `/api/teams/${teamId}/odoo-connection/test`, { token: owner.token });
      expect(tested.status).toBe(200);
      expect(tested.body).toMatchObject({ ok: true, uid: 2, userName: 'Mitchell Admin', error: null });
      expect(tested.body.serverVersion).toMatch(/^18\.0/);
      expect(tested.body.companies).toEqual([{ id: 1, name: 'YourCompany' }]);
    });

    it('search_records returns the demo partners and costs one Odoo request once warm', async () => {
      const args = { model: 'res.partner', limit: 10, fields: ['name', 'email'] };
      const cold = await tool('search_records', args);
      // The first call also signs in, reads the model's fields and asks the server version.
      expect(cold.requests.length).toBeGreaterThan(1);

      const { result, requests } = await tool('search_records', args);
      expect(requests).toEqual([expect.objectContaining({ method: 'POST', path: '/xmlrpc/2/object', status: 200, database: odoo.database })]);
      expect(result.structuredContent).toMatchObject({ model: 'res.partner', total: DEMO.partners, offset: 0, has_more: true, next_offset: 10 });
      expect(result.structuredContent.records.map((record: { name: string }) => record.name)).toEqual(FIRST_TEN_PARTNERS);
      expect(result.structuredContent.records[0]).toEqual(DEMO.azureInterior);
      expect(cold.result.structuredContent).toEqual(result.structuredContent);
    });

    it('count_records, get_record, list_models and get_fields answer real data, one Odoo request at most each', async () => {
      const all = await tool('count_records', { model: 'res.partner' });
      expect(all.result.structuredContent).toEqual({ model: 'res.partner', count: DEMO.partners });
      expect(all.requests).toHaveLength(1);
      const companies = await tool('count_records', { model: 'res.partner', domain: [['is_company', '=', true]] });
      expect(companies.result.structuredContent.count).toBe(DEMO.companies);

      const record = await tool('get_record', { model: 'res.partner', id: DEMO.azureInterior.id, fields: ['name', 'email', 'country_id'] });
      expect(record.result.structuredContent.record).toMatchObject({ ...DEMO.azureInterior, country_id: [233, 'United States'] });
      expect(record.requests).toHaveLength(1);

      const models = await tool('list_models', { query: 'partner' });
      expect(models.result.structuredContent.models).toContainEqual({ model: 'res.partner', name: 'Contact' });
      expect(models.requests).toHaveLength(1);

      // res.partner's fields were read by the first search_records and are cached: no request at all.
      const fields = await tool('get_fields', { model: 'res.partner', query: 'country' });
      expect(fields.result.structuredContent.fields).toContainEqual(expect.objectContaining({ name: 'country_id', type: 'many2one', relation: 'res.country' }));
      expect(fields.requests).toHaveLength(0);
    });

    it("Odoo's faults, which carry the server's Python traceback, reach the client as coded errors without it", async () => {
      const mark = odoo.mark();
      const unknown = (await mcp.callTool({ name: 'count_records', arguments: { model: 'no.such.model' } })) as ToolResult;
      expect(odoo.requestsSince(mark)).toHaveLength(1);
      expect(unknown).toMatchObject({ isError: true, structuredContent: { error: { code: 'ODOO_UNKNOWN_MODEL' } } });
      const badDomain = (await mcp.callTool({ name: 'count_records', arguments: { model: 'res.partner', domain: [['name', 'bogus-op', 'x']] } })) as ToolResult;
      expect(badDomain).toMatchObject({ isError: true, structuredContent: { error: { code: 'ODOO_SERVER_ERROR' } } });
      expect(badDomain.content[0]!.text).toContain("Invalid leaf ('name', 'bogus-op', 'x')");
      for (const failed of [unknown, badDomain]) expect(failed.content[0]!.text).not.toMatch(/Traceback|File "|odoo-bin|\.py\b/);
    });
  });
});
