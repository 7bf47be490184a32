import { effectivePermissionsSchema } from '@gantry/contracts';
import { OdooXmlRpcTestDouble, SEED_API_KEYS } from '@gantry/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditService } from '../audit/audit.service';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';

const ODOO_SCOPES = ['query', 'read', 'create', 'write', 'delete', 'execute', 'schema'];
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const basic = (email: string, key: string) => ({ authorization: `Basic ${Buffer.from(`${email}:${key}`).toString('base64')}` });

/**
 * What the one decision point makes possible, end to end over real HTTP and the MCP SDK client:
 * credentials that narrow (the review's finding 1), the floor, tool and model lists per key, the
 * read-only switch in tools/list, the auditor role, and "what can this do?".
 */
describe('the decision point', () => {
  let app: TestApp;
  let odoo: OdooXmlRpcTestDouble;
  let owner: SignedInUser;
  let member: SignedInUser;
  let auditor: SignedInUser;
  let teamId: string;
  const clients: Client[] = [];
  const team = (suffix = '') => `/api/teams/${teamId}${suffix}`;

  async function key(user: SignedInUser, name: string, scopes: string[], extra: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
    const response = await call(app, 'POST', team('/api-keys'), { token: user.token, body: { name, scopes, ...extra } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  async function connect(secret: string): Promise<Client> {
    const client = new Client({ name: 'decision-point-e2e', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.baseUrl}/mcp`), { requestInit: { headers: bearer(secret) } }));
    clients.push(client);
    return client;
  }

  async function tool(client: Client, name: string, args: Record<string, unknown>) {
    return (await client.callTool({ name, arguments: args })) as { isError?: boolean; structuredContent?: any };
  }

  const setPolicy = async (mcpPolicy: Record<string, unknown>) =>
    expect((await call(app, 'PATCH', team(), { token: owner.token, body: { settings: { mcpPolicy } } })).status).toBe(200);

  beforeAll(async () => {
    odoo = new OdooXmlRpcTestDouble({ serverVersion: '18.0', database: 'decisions' });
    const { url } = await odoo.start();
    app = await startTestApp();
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    member = await addMember(app, owner, teamId, { email: 'member@example.com', name: 'Mo Member', password: 'member-password-1' }, 'member');
    auditor = await addMember(app, owner, teamId, { email: 'auditor@example.com', name: 'Au Ditor', password: 'auditor-password-1' }, 'auditor');
    const connection = { name: 'Odoo', url, database: 'decisions', login: 'admin', secret: SEED_API_KEYS.admin };
    expect((await call(app, 'PUT', team('/odoo-connection'), { token: owner.token, body: connection })).status).toBe(200);
  });
  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => undefined);
    await app.close();
    await odoo.stop();
  });

  describe("an API key's scopes limit it on REST too (finding 1)", () => {
    it("an owner's query-only key, as Bearer or as Basic password, administers nothing and changes nothing", async () => {
      const queryOnly = await key(owner, 'query only', ['query']);
      const before = (await call(app, 'GET', team(), { token: owner.token })).body;
      for (const headers of [bearer(queryOnly.secret), basic(OWNER.email, queryOnly.secret)]) {
        const attempts = [
          ['POST', team('/transfer-ownership'), { userId: member.userId }],
          ['POST', team('/invitations'), { email: 'intruder@example.com', role: 'admin' }],
          ['PATCH', team(), { name: 'Hijacked', settings: { mcpPolicy: { readOnly: false } } }],
          ['POST', team('/oauth/clients'), { name: 'Backdoor', redirectUris: ['https://evil.example.com/cb'] }],
          ['PATCH', team('/odoo-connection'), { url: 'https://evil.example.com', secret: 'x' }],
          ['GET', team('/members'), undefined],
          ['GET', team('/audit-logs'), undefined],
        ] as const;
        for (const [method, path, body] of attempts) {
          const response = await call(app, method, path, { headers, body });
          expect(response.status, `${method} ${path}`).toBe(403);
          expect(['INSUFFICIENT_SCOPE', 'FORBIDDEN'], `${method} ${path}`).toContain(response.body.error.code);
        }
      }
      const after = (await call(app, 'GET', team(), { token: owner.token })).body;
      expect(after).toEqual(before);
      expect(
        (await call(app, 'GET', team('/invitations'), { token: owner.token })).body.map((invitation: { email: string }) => invitation.email),
      ).not.toContain('intruder@example.com');
      expect((await call(app, 'GET', team('/oauth/clients'), { token: owner.token })).body).toEqual([]);
      expect((await call(app, 'GET', team('/odoo-connection'), { token: owner.token })).body.details.url).not.toContain('evil');
      // …while the same key still works where its scope reaches: the MCP gateway.
      expect((await tool(await connect(queryOnly.secret), 'count_records', { model: 'res.partner' })).isError).toBeFalsy();
    });

    it('the admin scope lets an owner script administration, but never ownership transfer or minting keys', async () => {
      const adminKey = await key(owner, 'automation', ['admin']);
      expect((await call(app, 'POST', team('/invitations'), { headers: bearer(adminKey.secret), body: { email: 'scripted@example.com' } })).status).toBe(201);
      const transfer = await call(app, 'POST', team('/transfer-ownership'), { headers: bearer(adminKey.secret), body: { userId: member.userId } });
      expect(transfer.status).toBe(403);
      expect(transfer.body.error.message).toMatch(/dashboard sign-in/);
      expect((await call(app, 'POST', team('/api-keys'), { headers: bearer(adminKey.secret), body: { name: 'successor' } })).status).toBe(403);
      // A member may not put the admin scope on a key at all.
      expect((await call(app, 'POST', team('/api-keys'), { token: member.token, body: { name: 'x', scopes: ['admin'] } })).status).toBe(403);
    });
  });

  describe('the floor no policy, key or role can lower', () => {
    it('refuses credential models, access rules and code-running methods even to an owner with every scope and an allow-list naming them', async () => {
      await setPolicy({ allowedModels: ['res.partner', 'res.users.apikeys', 'ir.rule', 'ir.cron', 'ir.actions.server'] });
      try {
        const client = await connect((await key(owner, 'everything', ODOO_SCOPES)).secret);
        const refusals = [
          ['search_records', { model: 'res.users.apikeys' }, 'MODEL_NOT_ALLOWED'],
          ['count_records', { model: 'ir.rule' }, 'MODEL_NOT_ALLOWED'],
          ['create_record', { model: 'ir.cron', values: { name: 'exfiltrate' } }, 'MODEL_NOT_ALLOWED'],
          ['call_method', { model: 'ir.actions.server', method: 'action_foo', args: [[1]] }, 'MODEL_NOT_ALLOWED'],
          ['call_method', { model: 'res.partner', method: 'sudo', args: [] }, 'METHOD_NOT_ALLOWED'],
          ['call_method', { model: 'res.partner', method: '_compute_display_name', args: [[1]] }, 'METHOD_NOT_ALLOWED'],
          ['call_method', { model: 'res.partner', method: 'write', args: [[1], { name: 'x' }] }, 'METHOD_NOT_ALLOWED'],
        ] as const;
        odoo.resetCalls();
        for (const [name, args, code] of refusals) {
          const result = await tool(client, name, args);
          expect(result.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
          expect(result.structuredContent.error.code, `${name} ${JSON.stringify(args)}`).toBe(code);
        }
        expect(odoo.calls.filter((entry) => entry.service === 'object')).toEqual([]);
        // Reading a write-protected model is not below the floor: the call reaches Odoo (which has no such model here).
        const read = await tool(client, 'count_records', { model: 'ir.cron' });
        expect(read.structuredContent.error?.code).not.toBe('MODEL_NOT_ALLOWED');
      } finally {
        await setPolicy({});
      }
    });
  });

  describe('tool and model lists per key', () => {
    it("tools/list shows exactly what authorize() allows, and a narrowed key's other tools and models are refused", async () => {
      const reporting = await key(owner, 'reporting bot', ODOO_SCOPES, { tools: ['search_records', 'aggregate_records'], models: ['sale.order'] });
      const client = await connect(reporting.secret);
      expect((await client.listTools()).tools.map((entry) => entry.name).sort()).toEqual(['aggregate_records', 'search_records']);
      expect((await tool(client, 'search_records', { model: 'sale.order', fields: ['name'] })).isError).toBeFalsy();
      const otherModel = await tool(client, 'search_records', { model: 'res.partner' });
      expect(otherModel.structuredContent.error.code).toBe('MODEL_NOT_ALLOWED');
      const otherTool = await tool(client, 'delete_record', { model: 'sale.order', id: 1 });
      expect(otherTool.structuredContent.error.code).toBe('TOOL_NOT_ALLOWED');

      // An admin widens the model list later; the narrowing still never adds a tool the scopes lack.
      const narrowed = await call(app, 'PATCH', team(`/api-keys/${reporting.id}`), { token: owner.token, body: { models: null, tools: ['search_records'] } });
      expect(narrowed.status).toBe(200);
      expect(narrowed.body).toMatchObject({ tools: ['search_records'], models: null });
      const again = await connect(reporting.secret);
      expect((await again.listTools()).tools.map((entry) => entry.name)).toEqual(['search_records']);
      expect((await tool(again, 'search_records', { model: 'res.partner', fields: ['name'] })).isError).toBeFalsy();
      const queryOnly = await key(owner, 'narrow query', ['query'], { tools: ['search_records', 'delete_record'] });
      expect((await (await connect(queryOnly.secret)).listTools()).tools.map((entry) => entry.name)).toEqual(['search_records']);
      // Only those who manage keys narrow them.
      expect((await call(app, 'PATCH', team(`/api-keys/${reporting.id}`), { token: member.token, body: { tools: null } })).status).toBe(403);
    });

    it("the team's read-only switch takes the write tools out of tools/list and refuses them by their declared effect", async () => {
      const client = await connect((await key(owner, 'writer', ODOO_SCOPES)).secret);
      await setPolicy({ readOnly: true });
      try {
        const fresh = await connect((await key(owner, 'writer 2', ODOO_SCOPES)).secret);
        const names = (await fresh.listTools()).tools.map((entry) => entry.name);
        expect(names.sort()).toEqual(['aggregate_records', 'count_records', 'get_fields', 'get_record', 'list_models', 'search_records']);
        const write = await tool(client, 'update_record', { model: 'res.partner', id: 1, values: { name: 'x' } });
        expect(write.structuredContent.error.code).toBe('READ_ONLY');
      } finally {
        await setPolicy({});
      }
    });
  });

  describe('the auditor role', () => {
    it('reads the whole team’s audit log, administers nothing, and reaches no Odoo data', async () => {
      const memberKey = await key(member, 'member work', ['query']);
      expect((await tool(await connect(memberKey.secret), 'count_records', { model: 'res.partner' })).isError).toBeFalsy();
      await app.nest.get(AuditService).flush();
      const logs = await call(app, 'GET', team('/audit-logs'), { token: auditor.token });
      expect(logs.status).toBe(200);
      expect(logs.body.items.map((record: { user: { id: string } }) => record.user.id)).toContain(member.userId);
      for (const [method, path, body] of [
        ['POST', team('/invitations'), { email: 'x@example.com' }],
        ['PATCH', team(), { name: 'Audited' }],
        ['PUT', team('/odoo-connection'), { name: 'x', url: 'https://odoo.example.com', database: 'x', login: 'x', secret: 'x' }],
        ['GET', team('/workspaces'), undefined],
      ] as const) {
        expect((await call(app, method, path, { token: auditor.token, body })).status, `${method} ${path}`).toBe(403);
      }
      expect((await call(app, 'POST', team('/api-keys'), { token: auditor.token, body: { name: 'x', scopes: ['query'] } })).status).toBe(403);
      const siem = await key(auditor, 'SIEM export', ['audit']);
      expect((await call(app, 'GET', team('/audit-logs/export?format=json'), { headers: bearer(siem.secret) })).status).toBe(200);
      expect((await (await connect(siem.secret)).listTools()).tools).toEqual([]);
    });
  });

  describe('what can this do?', () => {
    it('answers for a member, a key and from the same decisions the requests meet', async () => {
      const own = await call(app, 'GET', team(`/members/${member.userId}/permissions`), { token: member.token });
      expect(own.status).toBe(200);
      const report = effectivePermissionsSchema.parse(own.body);
      expect(report.subject).toMatchObject({ kind: 'member', role: 'member', scopes: null });
      const decided = (permission: string) => report.rest.find((entry) => entry.permission === permission)!;
      expect(decided('members.invite')).toMatchObject({ outcome: 'deny', reason: expect.stringMatching(/role \(member\)/) });
      expect(decided('workspaces.use').outcome).toBe('allow');
      expect(report.tools.find((entry) => entry.name === 'delete_record')!.outcome).toBe('deny');
      expect(report.models.denied).toEqual(expect.arrayContaining(['res.users.apikeys', 'ir.rule']));

      // Someone else's needs permissions.read: a member is refused, an auditor is not.
      expect((await call(app, 'GET', team(`/members/${owner.userId}/permissions`), { token: member.token })).status).toBe(403);
      expect((await call(app, 'GET', team(`/members/${member.userId}/permissions`), { token: auditor.token })).status).toBe(200);

      const reporting = await key(owner, 'reporting', ODOO_SCOPES, { tools: ['search_records', 'aggregate_records'], models: ['sale.order'] });
      const keyReport = effectivePermissionsSchema.parse((await call(app, 'GET', team(`/api-keys/${reporting.id}/permissions`), { token: owner.token })).body);
      const listed = (await (await connect(reporting.secret)).listTools()).tools.map((entry) => entry.name).sort();
      expect(
        keyReport.tools
          .filter((entry) => entry.outcome !== 'deny')
          .map((entry) => entry.name)
          .sort(),
      ).toEqual(listed);
      expect(keyReport.models.allowed).toEqual(['sale.order']);
      expect(keyReport.rest.every((entry) => entry.outcome === 'deny')).toBe(true);
      expect((await call(app, 'GET', team(`/api-keys/${reporting.id}/permissions`), { token: member.token })).status).toBe(403);
    });
  });
});
