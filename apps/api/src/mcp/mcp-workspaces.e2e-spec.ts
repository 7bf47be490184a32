import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureOdooRpcImage, ensureTestEngine, removeTeamObjects, workspaceEnv } from '../../test/container-engine';
import { call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';
import { AuditService } from '../audit/audit.service';
import { dockerOptions } from '../workspaces/workspace-engine';
import { WorkspacesService } from '../workspaces/workspaces.service';

type ToolResult = { isError?: boolean; structuredContent?: any };

/**
 * Workspace tools over MCP, with the SDK client, against Podman's Docker API and the locally built
 * images: a team key with the `workspaces` scope drives a workspace; the workspace's own token on
 * /mcp/workspaces/<id> reaches that workspace and nothing else.
 */
describe('MCP workspace tools (real engine)', () => {
  let app: TestApp;
  let docker: Docker;
  let owner: SignedInUser;
  let teamA: string;
  let teamB: string;
  const clients: Client[] = [];
  // The admin password of the workspace's Odoo, random per run, given to Gantry's config and to the container.
  const odooAdminPassword = randomBytes(18).toString('base64url');

  async function connect(path: string, token: string): Promise<Client> {
    const client = new Client({ name: 'gantry-workspaces-e2e', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${app.baseUrl}${path}`), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
    );
    clients.push(client);
    return client;
  }

  const tool = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args }, undefined, { timeout: 120_000 })) as ToolResult;

  async function key(teamId: string, scopes: string[]): Promise<string> {
    const created = await call(app, 'POST', `/api/teams/${teamId}/api-keys`, { token: owner.token, body: { name: `k-${scopes.join('-')}`, scopes } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.secret;
  }

  const rawStatus = async (path: string, token: string) => {
    const response = await fetch(`${app.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    await response.text();
    return response.status;
  };

  beforeAll(async () => {
    const engine = await ensureTestEngine();
    docker = new Docker(dockerOptions(engine.dockerHost));
    app = await startTestApp(
      workspaceEnv(engine, 23000, { WORKSPACE_IDLE_STOP_HOURS: '8', WORKSPACE_IDLE_DELETE_HOURS: '48', WORKSPACE_ODOO_ADMIN_PASSWORD: odooAdminPassword }),
    );
    owner = await login(app, OWNER.email, OWNER.password);
    teamA = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    teamB = (await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: `B${Date.now().toString(36)}` } })).body.id;
  }, 300_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
    await app?.close();
    if (docker) await removeTeamObjects(docker, [teamA, teamB].filter(Boolean));
  });

  it('drives a workspace with the team key, then its own token reaches only that workspace', async () => {
    const teamKey = await key(teamA, ['workspaces']);
    const client = await connect('/mcp', teamKey);
    const names = (await client.listTools()).tools.map((entry) => entry.name);
    expect(names).toEqual(expect.arrayContaining(['create_workspace', 'delete_workspace', 'workspace_exec', 'pull_and_apply']));
    expect(names).not.toContain('search_records');

    const created = await tool(client, 'create_workspace', { name: 'agent' });
    expect(created.isError, JSON.stringify(created.structuredContent)).toBeFalsy();
    expect(created.structuredContent.workspace).toMatchObject({ name: 'agent', status: 'running' });
    expect(created.structuredContent.done).toBe(true);
    const url = created.structuredContent.workspace.url as string;
    // The stand-in Odoo needs a moment after its container starts before it answers HTTP.
    let status = 0;
    for (let attempt = 0; attempt < 40 && status === 0; attempt += 1) {
      status = await fetch(`${url}/web/login`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(200);

    const exec = await tool(client, 'workspace_exec', { name: 'agent', command: ['echo', 'hello from the workspace'] });
    expect(exec.structuredContent).toMatchObject({ exitCode: 0 });
    expect(exec.structuredContent.output).toContain('hello from the workspace');
    const logs = await tool(client, 'workspace_logs', { name: 'agent', tail: 50 });
    expect(logs.structuredContent.lines.length).toBeGreaterThan(0);
    expect(((await tool(client, 'list_workspaces')).structuredContent.workspaces as Array<{ name: string }>).map((entry) => entry.name)).toEqual(['agent']);
    const missingName = await tool(client, 'get_workspace', {});
    expect(missingName.isError).toBe(true);

    // The workspace's own endpoint and token.
    const issued = await call(app, 'POST', `/api/teams/${teamA}/workspaces/agent/mcp-token`, { token: owner.token });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    const { token, path } = issued.body as { token: string; path: string };
    expect(path).toBe(`/mcp/workspaces/${created.structuredContent.workspace.id}`);
    const scoped = await connect(path, token);
    const scopedNames = (await scoped.listTools()).tools.map((entry) => entry.name).sort();
    expect(scopedNames).not.toContain('create_workspace');
    expect(scopedNames).not.toContain('delete_workspace');
    expect(scopedNames).toContain('search_records');
    expect(scopedNames).toContain('workspace_exec');
    const info = await tool(scoped, 'get_workspace');
    expect(info.structuredContent.workspace).toMatchObject({ name: 'agent', status: 'running' });
    const shell = await tool(scoped, 'workspace_exec', { command: ['echo', 'scoped'] });
    expect(shell.structuredContent.output).toContain('scoped');
    const elsewhere = await tool(scoped, 'get_workspace', { name: 'other' });
    expect(elsewhere.isError).toBe(true);
    expect(elsewhere.structuredContent.error.code).toBe('FORBIDDEN');
    const notOffered = await tool(scoped, 'delete_workspace', { name: 'agent' });
    expect(notOffered.structuredContent.error.code).toBe('UNKNOWN_TOOL');

    // Wrong tokens: garbage, a team API key, and the token on another workspace id.
    expect(await rawStatus(path, 'gws_not-the-token')).toBe(401);
    expect(await rawStatus(path, teamKey)).toBe(401);
    expect(await rawStatus('/mcp/workspaces/0123456789abcdef01234567', token)).toBe(401);
    expect(await rawStatus('/mcp', token)).toBe(401);

    // Team B's key (with the scope) never sees team A's workspace.
    const teamBClient = await connect('/mcp', await key(teamB, ['workspaces']));
    expect((await tool(teamBClient, 'list_workspaces')).structuredContent.workspaces).toEqual([]);
    const foreign = await tool(teamBClient, 'get_workspace', { name: 'agent' });
    expect(foreign.structuredContent.error.code).toBe('NOT_FOUND');
    expect((await tool(teamBClient, 'delete_workspace', { name: 'agent' })).structuredContent.error.code).toBe('NOT_FOUND');

    // A key without the scope gets the OAuth-style challenge.
    const readOnly = await key(teamA, ['query', 'read']);
    const refused = await fetch(`${app.baseUrl}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readOnly}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'create_workspace', arguments: { name: 'nope' } } }),
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain('scope="workspaces"');

    // Revoking the token cuts the scoped client off; deleting through the team key removes the workspace.
    expect((await call(app, 'DELETE', `/api/teams/${teamA}/workspaces/agent/mcp-token`, { token: owner.token })).status).toBe(204);
    expect(await rawStatus(path, token)).toBe(401);
    const deleted = await tool(client, 'delete_workspace', { name: 'agent' });
    expect(deleted.structuredContent).toEqual({ deleted: 'agent' });
    expect((await docker.listContainers({ all: true, filters: { label: [`gantry.team-id=${teamA}`] } })).length).toBe(0);

    // Every call is on the record, with the workspace token as the credential of the scoped ones.
    await app.nest.get(AuditService).flush();
    const audit = app.db.collection('audit_logs');
    expect(await audit.countDocuments({ tool: 'create_workspace', status: 'success' })).toBe(1);
    expect(await audit.countDocuments({ tool: 'workspace_exec', 'credential.type': 'workspace_token' })).toBe(1);
  }, 300_000);

  it("the workspace endpoint's Odoo tools work in the workspace's own Odoo, never the team's", async () => {
    const rpcImage = ensureOdooRpcImage();
    const teamKey = await key(teamA, ['workspaces', 'query', 'read', 'schema']);
    const client = await connect('/mcp', teamKey);
    const created = await tool(client, 'create_workspace', { name: 'rpc', image: rpcImage, env: { GANTRY_TEST_ODOO_ADMIN_PASSWORD: odooAdminPassword } });
    expect(created.isError, JSON.stringify(created.structuredContent)).toBeFalsy();
    const workspace = created.structuredContent.workspace as { id: string; database: string; url: string };

    // The team has no Odoo connection: its own key's Odoo tools say so.
    expect((await tool(client, 'count_records', { model: 'res.partner' })).structuredContent.error.code).toBe('NO_ODOO_CONNECTION');

    const issued = await call(app, 'POST', `/api/teams/${teamA}/workspaces/rpc/mcp-token`, { token: owner.token });
    const scoped = await connect(issued.body.path, issued.body.token);
    // The workspace's web process needs a moment after its container starts.
    let counted: ToolResult = { isError: true };
    for (let attempt = 0; attempt < 40 && counted.isError; attempt += 1) {
      counted = await tool(scoped, 'count_records', { model: 'res.partner' });
      if (counted.isError) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(counted.isError, JSON.stringify(counted.structuredContent)).toBeFalsy();
    expect(counted.structuredContent.count).toBeGreaterThan(0);
    const found = await tool(scoped, 'search_records', { model: 'res.partner', fields: ['name'], limit: 2 });
    expect(found.structuredContent.records).toHaveLength(2);
    const resource = await scoped.readResource({ uri: 'odoo://res.partner/fields' });
    expect((resource.contents[0] as { text: string }).text).toContain('email');

    // The calls reached that workspace's Odoo, on its own database.
    const logs = await tool(scoped, 'workspace_logs', { tail: 500 });
    expect((logs.structuredContent.lines as string[]).some((line) => line.includes(workspace.database) && line.includes('/xmlrpc/2/object'))).toBe(true);
    expect((await tool(client, 'delete_workspace', { name: 'rpc' })).structuredContent).toEqual({ deleted: 'rpc' });
  }, 300_000);

  it('the idle policy stops a workspace after WORKSPACE_IDLE_STOP_HOURS and deletes it after WORKSPACE_IDLE_DELETE_HOURS', async () => {
    const client = await connect('/mcp', await key(teamA, ['workspaces']));
    // Not waiting: the answer comes at once and the agent follows the creation with get_workspace.
    const created = await tool(client, 'create_workspace', { name: 'idle', wait: 0 });
    expect(created.isError, JSON.stringify(created.structuredContent)).toBeFalsy();
    expect(created.structuredContent).toMatchObject({
      done: false,
      workspace: { name: 'idle', status: 'creating' },
      next: expect.stringContaining('get_workspace'),
    });
    let current = created.structuredContent.workspace as { status: string };
    for (let attempt = 0; attempt < 200 && current.status === 'creating'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      current = (await tool(client, 'get_workspace', { name: 'idle' })).structuredContent.workspace;
    }
    expect(current.status).toBe('running');
    const { containerName, database } = (await tool(client, 'get_workspace', { name: 'idle' })).structuredContent.workspace as {
      containerName: string;
      database: string;
    };
    const service = app.nest.get(WorkspacesService);
    expect(await service.enforceIdlePolicy(new Date())).toEqual({ stopped: [], deleted: [] });
    const afterNine = await service.enforceIdlePolicy(new Date(Date.now() + 9 * 3_600_000));
    expect(afterNine.stopped).toEqual([containerName]);
    expect((await tool(client, 'get_workspace', { name: 'idle' })).structuredContent.workspace.status).toBe('stopped');
    const afterTwoDays = await service.enforceIdlePolicy(new Date(Date.now() + 49 * 3_600_000));
    expect(afterTwoDays.deleted).toEqual([containerName]);
    await expect(docker.getContainer(containerName).inspect()).rejects.toMatchObject({ statusCode: 404 });
    expect((await tool(client, 'get_workspace', { name: 'idle' })).structuredContent.error.code).toBe('NOT_FOUND');
    expect(database).toMatch(/idle/);
  }, 300_000);
});
