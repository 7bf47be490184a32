import { randomBytes, randomUUID } from 'node:crypto';
import { OdooXmlRpcTestDouble, SEED_API_KEYS } from '@gantry/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequest, ElicitRequestSchema, ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';
import { AuditService } from '../audit/audit.service';
import { CONFIRMATION_ID_PREFIX } from './mcp-confirmations.service';

const ALL_SCOPES = ['query', 'read', 'create', 'write', 'delete', 'execute', 'schema'];
type ToolResult = { isError?: boolean; structuredContent?: any; content: Array<{ type: string; text: string }> };

/**
 * Destructive calls confirmed by the user through MCP elicitation, on a stateless server: the real
 * SDK Client (its own elicitation support), the real API, and a second API process on the same
 * database that receives the answer to a question the first one asked.
 */
describe('MCP confirmation of destructive calls (elicitation)', () => {
  let app: TestApp;
  let replica: TestApp;
  let odoo: OdooXmlRpcTestDouble;
  let owner: SignedInUser;
  const keys: Record<'off' | 'whenSupported' | 'required' | 'other', string> = { off: '', whenSupported: '', required: '', other: '' };
  const clients: Client[] = [];

  async function team(name: string, mode?: string): Promise<string> {
    const created = await call(app, 'POST', '/api/teams', { token: owner.token, body: { name } });
    const id = created.body.id as string;
    const url = odoo.url;
    await call(app, 'PUT', `/api/teams/${id}/odoo-connection`, {
      token: owner.token,
      body: { name, url, database: 'confirm-db', login: 'admin', secret: SEED_API_KEYS.admin },
    });
    if (mode) {
      const patched = await call(app, 'PATCH', `/api/teams/${id}`, {
        token: owner.token,
        body: { settings: { mcpPolicy: { destructiveConfirmation: mode } } },
      });
      expect(patched.status, JSON.stringify(patched.body)).toBe(200);
      expect(patched.body.settings.mcpPolicy.destructiveConfirmation).toBe(mode);
    }
    return id;
  }

  async function key(teamId: string, name: string): Promise<string> {
    const response = await call(app, 'POST', `/api/teams/${teamId}/api-keys`, { token: owner.token, body: { name, scopes: ALL_SCOPES } });
    expect(response.status).toBe(201);
    return response.body.secret;
  }

  /** The SDK Client; with `answer`, it declares elicitation and answers each question with it. */
  async function connect(secret: string, answer?: (request: ElicitRequest, requestId: string | number) => Promise<ElicitResult>): Promise<Client> {
    const client = new Client({ name: 'confirm-e2e', version: '1.0.0' }, answer ? { capabilities: { elicitation: { form: {} } } } : {});
    if (answer) client.setRequestHandler(ElicitRequestSchema, (request, extra) => answer(request, extra.requestId));
    await client.connect(new StreamableHTTPClientTransport(new URL(`${app.baseUrl}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${secret}` } } }));
    clients.push(client);
    return client;
  }

  const tool = async (client: Client, name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as ToolResult;
  const partner = async (client: Client, name: string) =>
    (await tool(client, 'create_record', { model: 'res.partner', values: { name } })).structuredContent.id as number;
  let reader: Client;
  /** Read through a team whose confirmation is off (every team here uses the same Odoo). */
  const exists = async (id: number) => (await tool(reader, 'count_records', { model: 'res.partner', domain: [['id', '=', id]] })).structuredContent.count === 1;
  const accept: ElicitResult = { action: 'accept', content: { confirm: true } };

  async function auditOf(requestTool: string, status?: string) {
    await app.nest.get(AuditService).flush();
    return app.db
      .collection('audit_logs')
      .find({ tool: requestTool, ...(status ? { status } : {}) })
      .sort({ time: 1 })
      .toArray();
  }

  beforeAll(async () => {
    odoo = new OdooXmlRpcTestDouble({ serverVersion: '18.0', database: 'confirm-db' });
    await odoo.start();
    const secrets = {
      JWT_SECRET: randomBytes(32).toString('hex'),
      COOKIE_SECRET: randomBytes(32).toString('hex'),
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    };
    app = await startTestApp({ ...secrets, MCP_CONFIRMATION_TIMEOUT_SECONDS: '2' }, { keepDatabase: true });
    replica = await startTestApp(secrets, { database: app.database });
    owner = await login(app, OWNER.email, OWNER.password);
    keys.off = await key(await team('Confirm off'), 'off');
    keys.whenSupported = await key(await team('Confirm when supported', 'when_supported'), 'when supported');
    const required = await team('Confirm required', 'required');
    keys.required = await key(required, 'required');
    keys.other = await key(required, 'another key of the same team');
    reader = await connect(keys.off);
  });
  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => undefined);
    await replica?.close();
    await app?.close();
    await odoo?.stop();
  });

  it('asks before delete_record; on accept the record is deleted and the call audited as a success', async () => {
    const questions: ElicitRequest[] = [];
    const client = await connect(keys.required, async (request) => {
      questions.push(request);
      return accept;
    });
    const id = await partner(client, 'Delete me');
    expect(questions).toEqual([]); // creating is not destructive

    const deleted = await tool(client, 'delete_record', { model: 'res.partner', id });

    expect(deleted.isError, JSON.stringify(deleted)).toBeFalsy();
    expect(deleted.structuredContent.deleted).toBe(true);
    expect(await exists(id)).toBe(false);
    expect(questions).toHaveLength(1);
    const params = questions[0]!.params as { message: string; requestedSchema: { properties: Record<string, { type: string }> } };
    expect(params.message).toContain('delete_record');
    expect(params.message).toContain(`"id":${id}`);
    expect(params.message).toContain('"model":"res.partner"');
    expect(params.requestedSchema.properties.confirm).toMatchObject({ type: 'boolean' });
    expect((await auditOf('delete_record', 'success')).some((entry) => entry.params.id === id)).toBe(true);
  });

  it('declined, cancelled or not ticked: nothing is done and the refusal is audited', async () => {
    for (const [answer, label] of [
      [{ action: 'decline' }, 'decline'],
      [{ action: 'cancel' }, 'cancel'],
      [{ action: 'accept', content: { confirm: false } }, 'unticked'],
    ] as const) {
      const client = await connect(keys.required, async () => answer as ElicitResult);
      const id = await partner(client, `Keep me (${label})`);
      const unlinks = odoo.callCount('res.partner.unlink');
      const refused = await tool(client, 'delete_record', { model: 'res.partner', id });
      expect(refused.isError, label).toBe(true);
      expect(refused.structuredContent.error.code, label).toBe('CONFIRMATION_DECLINED');
      expect(refused.content[0]!.text).toMatch(/Nothing was done/);
      expect(odoo.callCount('res.partner.unlink'), label).toBe(unlinks);
      expect(await exists(id), label).toBe(true);
    }
    const refusals = await auditOf('delete_record', 'error');
    expect(refusals.filter((entry) => entry.error.code === 'CONFIRMATION_DECLINED')).toHaveLength(3);
  });

  it('call_method asks too; a question not answered in time is a timeout, and the late answer changes nothing', async () => {
    const client = await connect(keys.required, async () => {
      await new Promise((resolve) => setTimeout(resolve, 2_500)); // MCP_CONFIRMATION_TIMEOUT_SECONDS is 2
      return accept;
    });
    const calls = odoo.callCount('sale.order.action_confirm');
    const started = Date.now();
    const result = await tool(client, 'call_method', { model: 'sale.order', method: 'action_confirm', args: [[1]] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(result.structuredContent.error.code).toBe('CONFIRMATION_TIMEOUT');
    expect(odoo.callCount('sale.order.action_confirm')).toBe(calls);
    const [entry] = await auditOf('call_method', 'timeout');
    expect(entry).toMatchObject({ error: { code: 'CONFIRMATION_TIMEOUT' } });
    // The client answers "accept" half a second after the timeout: the question is gone by then.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(odoo.callCount('sale.order.action_confirm')).toBe(calls);
    expect(await auditOf('call_method', 'success')).toEqual([]);
    expect(await app.db.collection('mcp_confirmations').countDocuments()).toBe(0);
  });

  it('an answer from another credential, or to an unknown question, is refused and does not count', async () => {
    let forged: Response | undefined;
    let unknown: Response | undefined;
    const client = await connect(keys.required, async (_request, requestId) => {
      const post = (secret: string, id: string | number) =>
        fetch(`${app.baseUrl}/mcp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${secret}` },
          body: JSON.stringify({ jsonrpc: '2.0', id, result: accept }),
        });
      forged = await post(keys.other, requestId);
      unknown = await post(keys.required, `${CONFIRMATION_ID_PREFIX}${randomUUID()}`);
      return { action: 'decline' };
    });
    const id = await partner(client, 'Forged answers');
    const refused = await tool(client, 'delete_record', { model: 'res.partner', id });
    expect(forged?.status).toBe(404);
    expect(unknown?.status).toBe(404);
    expect(((await forged!.json()) as { error: { data: { code: string } } }).error.data.code).toBe('NOT_FOUND');
    expect(refused.structuredContent.error.code).toBe('CONFIRMATION_DECLINED');
    expect(await exists(id)).toBe(true);
  });

  it('required: a client that declared no elicitation cannot run destructive tools; other tools work', async () => {
    const client = await connect(keys.required);
    const id = await partner(client, 'Cannot be asked');
    const refused = await tool(client, 'delete_record', { model: 'res.partner', id });
    expect(refused.structuredContent.error.code).toBe('CONFIRMATION_UNAVAILABLE');
    expect(await exists(id)).toBe(true);
    expect((await tool(client, 'get_record', { model: 'res.partner', id })).structuredContent.record.name).toBe('Cannot be asked');
  });

  it('when_supported asks a client that can be asked and lets one that cannot through; off never asks', async () => {
    let asked = 0;
    const capable = await connect(keys.whenSupported, async () => {
      asked += 1;
      return { action: 'decline' };
    });
    const first = await partner(capable, 'When supported');
    expect((await tool(capable, 'delete_record', { model: 'res.partner', id: first })).structuredContent.error.code).toBe('CONFIRMATION_DECLINED');
    expect(asked).toBe(1);

    // The same key, now used by a client without elicitation (its initialize is what counts).
    const plain = await connect(keys.whenSupported);
    expect((await tool(plain, 'delete_record', { model: 'res.partner', id: first })).structuredContent.deleted).toBe(true);

    const neverAsked = await connect(keys.off, async () => {
      throw new Error('a team with confirmation off must not ask');
    });
    const second = await partner(neverAsked, 'Off');
    expect((await tool(neverAsked, 'delete_record', { model: 'res.partner', id: second })).structuredContent.deleted).toBe(true);
  });

  it('stateless across replicas: the answer may reach another API process than the one that asked', async () => {
    // initialize through the SDK (the replica that asks learns the client can be asked)…
    await connect(keys.required, async () => accept);
    const id = await partner(await connect(keys.required, async () => accept), 'Across replicas');
    // …then the call by hand: the question arrives on the first process's SSE stream…
    const response = await fetch(`${app.baseUrl}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${keys.required}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'delete_record', arguments: { model: 'res.partner', id } } }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    const nextMessage = async () => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (data) return JSON.parse(data.slice(6));
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += value;
      }
    };
    const question = await nextMessage();
    expect(question).toMatchObject({ jsonrpc: '2.0', method: 'elicitation/create', params: { mode: 'form' } });
    // …and the answer goes to the other process.
    const answered = await fetch(`${replica.baseUrl}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${keys.required}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: question.id, result: accept }),
    });
    expect(answered.status).toBe(202);
    const final = await nextMessage();
    expect(final).toMatchObject({ jsonrpc: '2.0', id: 7, result: { structuredContent: { deleted: true } } });
    expect(await exists(id)).toBe(false);
  });
});
