import { OdooXmlRpcTestDouble, SEED_API_KEYS } from '@gantry/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect } from 'vitest';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from './test-app';
import { AuditService } from '../src/audit/audit.service';

export const MCP_SCOPES = ['query', 'read', 'create', 'write', 'delete', 'execute', 'schema'];
export type ToolResult = { isError?: boolean; structuredContent?: any; content: Array<{ type: string; text: string }> };

/**
 * What the approvals suites share: the real API over a fresh database, the Odoo XML-RPC test
 * double (which counts the calls it receives), a team whose policy holds destructive calls, its
 * owner, an admin and a member signed in, and MCP clients made with the SDK's own Client.
 */
export class ApprovalsWorld {
  app!: TestApp;
  odoo!: OdooXmlRpcTestDouble;
  owner!: SignedInUser;
  admin!: SignedInUser;
  member!: SignedInUser;
  teamId!: string;
  private readonly clients: Client[] = [];
  private people = 0;

  async start(env: Record<string, string> = {}): Promise<void> {
    this.odoo = new OdooXmlRpcTestDouble({ serverVersion: '18.0', database: 'approvals-db' });
    await this.odoo.start();
    this.app = await startTestApp(env);
    this.owner = await login(this.app, OWNER.email, OWNER.password);
    this.teamId = (await call(this.app, 'GET', '/api/teams', { token: this.owner.token })).body[0].id;
    await this.connectOdoo(this.teamId);
    await this.setPolicy(this.teamId, { approvals: 'destructive' });
    this.admin = await this.person('admin');
    this.member = await this.person('member');
  }

  async stop(): Promise<void> {
    for (const client of this.clients) await client.close().catch(() => undefined);
    await this.app?.close();
    await this.odoo?.stop();
  }

  async connectOdoo(teamId: string): Promise<void> {
    const connection = { name: 'Odoo', url: this.odoo.url, database: 'approvals-db', login: 'admin', secret: SEED_API_KEYS.admin };
    expect((await call(this.app, 'PUT', `/api/teams/${teamId}/odoo-connection`, { token: this.owner.token, body: connection })).status).toBe(200);
  }

  async setPolicy(teamId: string, mcpPolicy: Record<string, unknown>): Promise<void> {
    const patched = await call(this.app, 'PATCH', `/api/teams/${teamId}`, { token: this.owner.token, body: { settings: { mcpPolicy } } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  }

  /** A new member of the team with `role`, signed in. */
  async person(role: 'admin' | 'member'): Promise<SignedInUser> {
    this.people += 1;
    const who = { email: `${role}${this.people}@example.com`, name: `${role} ${this.people}`, password: `${role}-password-${this.people}` };
    return addMember(this.app, this.owner, this.teamId, who, role);
  }

  async key(user: SignedInUser, name: string, scopes = MCP_SCOPES, teamId = this.teamId): Promise<{ id: string; secret: string }> {
    const response = await call(this.app, 'POST', `/api/teams/${teamId}/api-keys`, { token: user.token, body: { name, scopes } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return { id: response.body.id, secret: response.body.secret };
  }

  async connect(secret: string, capabilities: Record<string, unknown> = {}): Promise<Client> {
    const client = new Client({ name: 'approvals-e2e', version: '1.0.0' }, { capabilities });
    const transport = new StreamableHTTPClientTransport(new URL(`${this.app.baseUrl}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${secret}` } },
    });
    await client.connect(transport);
    this.clients.push(client);
    return client;
  }

  async tool(client: Client, name: string, args: Record<string, unknown>): Promise<ToolResult> {
    return (await client.callTool({ name, arguments: args })) as ToolResult;
  }

  async partner(client: Client, name: string): Promise<number> {
    const created = await this.tool(client, 'create_record', { model: 'res.partner', values: { name } });
    expect(created.isError, JSON.stringify(created)).toBeFalsy();
    return created.structuredContent.id as number;
  }

  /** Read through the client of an owner's key: counting records does not go through any approval. */
  async exists(client: Client, id: number): Promise<boolean> {
    return (await this.tool(client, 'count_records', { model: 'res.partner', domain: [['id', '=', id]] })).structuredContent.count === 1;
  }

  /** delete_record of a new partner, held: the approval id. */
  async heldDelete(client: Client, name: string): Promise<{ approvalId: string; recordId: number; answer: ToolResult }> {
    const recordId = await this.partner(client, name);
    const answer = await this.tool(client, 'delete_record', { model: 'res.partner', id: recordId });
    expect(answer.structuredContent?.code, JSON.stringify(answer)).toBe('APPROVAL_PENDING');
    return { approvalId: answer.structuredContent.approval.id as string, recordId, answer };
  }

  decide(user: SignedInUser | string, approvalId: string, decision: 'approve' | 'deny', body: Record<string, unknown> = {}, teamId = this.teamId) {
    const token = typeof user === 'string' ? user : user.token;
    return call(this.app, 'POST', `/api/teams/${teamId}/approvals/${approvalId}/${decision}`, { token, body });
  }

  get unlinks(): number {
    return this.odoo.callCount('res.partner.unlink');
  }

  async audit(filter: Record<string, unknown>) {
    await this.app.nest.get(AuditService).flush();
    return this.app.db.collection('audit_logs').find(filter).sort({ time: 1 }).toArray();
  }
}
