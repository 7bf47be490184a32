import { randomBytes } from 'node:crypto';
import { MCP_SCOPES, mcpScopesAllowedFor, Permission, PERMISSIONS, Role, ROLE_SCOPES, ROLES, Scope } from '@gantry/contracts';
import { OdooXmlRpcTestDouble, SEED_API_KEYS } from '@gantry/testing';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MatrixCredential, permissionsNamedIn, predictRest, predictTool, TeamContext } from '../../test/attack-oracle';
import { connectClient, registerPublicClient } from '../../test/oauth-client';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';
import { ALL_TOOLS } from '../mcp/tools';
import { RouteEntry, RouteTable } from './route-table';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const basic = (email: string, key: string) => ({ authorization: `Basic ${Buffer.from(`${email}:${key}`).toString('base64')}` });
/** Ids of nothing: an allowed request reaches its handler and finds nothing, so no state is needed per route. */
const ABSENT: Record<string, string> = {
  name: 'matrix-absent',
  token: 'x'.repeat(43),
  uid: 'no-such-interaction',
  clientId: 'no-such-client',
  grantId: 'no-such-grant',
};
const absentId = () => new mongoose.Types.ObjectId().toString();
const MARKER = 'Zeta Confidential Holdings';

/** Runs `jobs` with at most `limit` at once. */
async function inParallel<T>(items: readonly T[], limit: number, job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await job(items[next++]!);
    }),
  );
}

/**
 * The attack matrix, generated from the running app's route table and the MCP tool registry:
 * every credential kind × role × scope set × route or tool × own team / other team / no team.
 * The expected decision comes from the data tables alone (attack-oracle.ts); a new route or tool
 * is covered without editing this file. It also proves that nothing of the other team is read
 * or changed, and that no refusal is a 5xx.
 */
describe('attack matrix (generated from the route table and the tool registry)', () => {
  let app: TestApp;
  let odooA: OdooXmlRpcTestDouble;
  let odooB: OdooXmlRpcTestDouble;
  let teamA: string;
  let teamB: { id: string; slug: string };
  const credentials: MatrixCredential[] = [];
  const leaks: string[] = [];
  let attempts = 0;
  let teamBSecrets: string[] = [];

  const teamBDocuments = async () => {
    const id = new mongoose.Types.ObjectId(teamB.id);
    const dump: Record<string, unknown[]> = {};
    for (const [collection, filter] of [
      ['teams', { _id: id }],
      ['memberships', { teamId: id }],
      ['api_keys', { teamId: id }],
      ['invitations', { teamId: id }],
      ['odoo_connections', { teamId: id }],
      ['audit_logs', { teamId: id }],
      ['oauth_grant', { 'gantry.teamId': teamB.id }],
    ] as const)
      dump[collection] = await app.db.collection(collection).find(filter).toArray();
    return JSON.stringify(dump);
  };

  const ownerSession = () => credentials.find((credential) => credential.label === 'owner session')!.headers;
  const leaked = (where: string, text: string) => {
    for (const secret of teamBSecrets) if (text.includes(secret)) leaks.push(`${where}: ${secret}`);
  };

  beforeAll(async () => {
    odooA = new OdooXmlRpcTestDouble({ serverVersion: '18.0', database: 'matrix-a' });
    odooB = new OdooXmlRpcTestDouble({ serverVersion: '18.0', database: 'matrix-b' });
    const [a, b] = [await odooA.start(), await odooB.start()];
    app = await startTestApp({ DOCKER_HOST: 'unix:///nonexistent/gantry-matrix.sock', LOGIN_MAX_ATTEMPTS_PER_IP: '100000' }, { publicUrlIsSelf: true });
    const owner = await login(app, OWNER.email, OWNER.password);
    teamA = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    const users: Record<Role, SignedInUser> = { owner } as Record<Role, SignedInUser>;
    for (const role of ['admin', 'member', 'auditor'] as const) {
      users[role] = await addMember(app, owner, teamA, { email: `${role}@matrix.example.com`, name: `Matrix ${role}`, password: `${role}-password-1` }, role);
    }
    await call(app, 'PUT', `/api/teams/${teamA}/odoo-connection`, {
      token: owner.token,
      body: { name: 'A', url: a.url, database: 'matrix-a', login: 'admin', secret: SEED_API_KEYS.admin },
    });

    // Team B belongs to someone else; everything of it is a secret the matrix must never see.
    const founder = await addMember(app, owner, teamA, { email: 'founder@zeta.example.com', name: 'Zeta Founder', password: 'founder-password' }, 'member');
    const created = (await call(app, 'POST', '/api/teams', { token: founder.token, body: { name: MARKER } })).body;
    teamB = { id: created.id, slug: created.slug };
    expect((await call(app, 'DELETE', `/api/teams/${teamA}/members/${founder.userId}`, { token: owner.token })).status).toBe(204);
    await call(app, 'PUT', `/api/teams/${teamB.id}/odoo-connection`, {
      token: founder.token,
      body: { name: 'B', url: b.url, database: 'matrix-b', login: 'demo', secret: SEED_API_KEYS.demo },
    });
    const keyB = (await call(app, 'POST', `/api/teams/${teamB.id}/api-keys`, { token: founder.token, body: { name: 'zeta key', scopes: ['query'] } })).body;
    await call(app, 'POST', `/api/teams/${teamB.id}/invitations`, { token: founder.token, body: { email: 'zeta-invitee@example.com' } });
    // Not team B's id (the matrix itself sends it, and team A's trail rightly records its own credentials trying it),
    // nor its founder's email (they were a member of team A, whose trail remembers that).
    teamBSecrets = [teamB.slug, MARKER, 'zeta-invitee@example.com', keyB.prefix, keyB.id, b.url, 'matrix-b'];

    // Every credential of team A: a session per role, an API key per role × scope set (Bearer; Basic for
    // the widest set), an OAuth token per role, and a workspace token.
    for (const role of ROLES) {
      const user = users[role];
      credentials.push({ label: `${role} session`, kind: 'session', role, scopes: null, headers: bearer(user.token) });
      const allowed = ROLE_SCOPES[role];
      const sets: Scope[][] = [...allowed.map((scope) => [scope]), ...(allowed.length > 1 ? [[...allowed]] : [])];
      for (const scopes of sets) {
        const key = (await call(app, 'POST', `/api/teams/${teamA}/api-keys`, { token: user.token, body: { name: `${role} ${scopes.join('+')}`, scopes } }))
          .body;
        credentials.push({ label: `${role} key [${scopes.join(' ')}]`, kind: 'api_key', role, scopes, headers: bearer(key.secret) });
        if (scopes.length === allowed.length) {
          credentials.push({
            label: `${role} key as Basic [${scopes.join(' ')}]`,
            kind: 'api_key_basic',
            role,
            scopes,
            headers: basic(user.email, key.secret),
          });
        }
      }
      const oauthScopes = mcpScopesAllowedFor(role, MCP_SCOPES);
      if (oauthScopes.length > 0) {
        const client = await registerPublicClient(app, `Matrix ${role}`, ['http://127.0.0.1:7777/callback']);
        const tokens = await connectClient(app, user, client, { teamId: teamA, scopes: oauthScopes });
        credentials.push({ label: `${role} OAuth [${oauthScopes.join(' ')}]`, kind: 'oauth', role, scopes: oauthScopes, headers: bearer(tokens.access_token) });
      }
    }
    const workspaceToken = `gws_${randomBytes(24).toString('base64url')}`;
    const workspaceId = new mongoose.Types.ObjectId();
    await app.db.collection('workspaces').insertOne({
      _id: workspaceId,
      teamId: new mongoose.Types.ObjectId(teamA),
      teamSlug: 'acme',
      name: 'matrix',
      mcpTokenHash: (await import('node:crypto')).createHash('sha256').update(workspaceToken).digest('hex'),
      mcpTokenIssuedBy: owner.userId,
    });
    credentials.push({
      label: 'owner workspace token',
      kind: 'workspace_token',
      role: 'owner',
      scopes: mcpScopesAllowedFor('owner', MCP_SCOPES),
      headers: bearer(workspaceToken),
    });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await odooA.stop();
    await odooB.stop();
  });

  it('every route declares a permission that fits it: no change under a read permission, team permissions exactly under :teamId', () => {
    const misfits = app.nest
      .get(RouteTable)
      .routes.filter((route) => route.permission !== 'public' && route.method !== 'ALL')
      .filter((route) => {
        const spec = PERMISSIONS[route.permission as Permission];
        // A GET may need a managing permission (seeing invitations needs members.invite); a change never needs only a read one.
        return (route.method !== 'GET' && spec.effect === 'read') || spec.teamScoped !== route.path.includes(':teamId');
      })
      .map((route) => `${route.method} ${route.path} declares ${route.permission}`);
    expect(misfits).toEqual([]);
  });

  for (const approvals of ['off', 'destructive'] as const) {
    it(`MCP (team policy approvals: ${approvals}): every tool × credential gets the predicted decision, and answers carry nothing of team B`, async () => {
      const started = Date.now();
      expect((await call(app, 'PATCH', `/api/teams/${teamA}`, { headers: ownerSession(), body: { settings: { mcpPolicy: { approvals } } } })).status).toBe(200);
      const cases = credentials
        .filter((credential) => credential.kind === 'api_key' || credential.kind === 'oauth')
        .flatMap((credential) => ALL_TOOLS.map((tool) => ({ credential, tool })));
      const wrong: string[] = [];
      await inParallel(cases, 8, async ({ credential, tool }) => {
        attempts += 1;
        const response = await fetch(`${app.baseUrl}/mcp`, {
          method: 'POST',
          headers: { ...credential.headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: tool.name, arguments: {} } }),
        });
        const text = await response.text();
        leaked(`${credential.label} ${tool.name}`, text);
        const code = response.status === 200 ? (JSON.parse(text).result?.structuredContent?.error?.code as string | undefined) : undefined;
        const expected = predictTool(credential, tool.permission, { approvals });
        const got =
          response.status === 403
            ? 'insufficient_scope'
            : code === 'FORBIDDEN'
              ? 'forbidden'
              : code === 'TOOL_NOT_ALLOWED'
                ? 'not_offered'
                : response.status === 200 && !REFUSALS.has(code ?? '')
                  ? 'allow'
                  : `HTTP ${response.status} ${code}`;
        if (got !== expected) wrong.push(`${credential.label} → ${tool.name}: expected ${expected}, got ${got}`);
      });
      expect(wrong).toEqual([]);
      console.log(`attack matrix (MCP, approvals ${approvals}): ${cases.length} tool calls in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
  }

  it('the workspace token reaches only its workspace endpoint, and /mcp and REST refuse it', async () => {
    const token = credentials.find((credential) => credential.kind === 'workspace_token')!;
    const list = (path: string) =>
      fetch(`${app.baseUrl}${path}`, {
        method: 'POST',
        headers: { ...token.headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
    const workspace = await app.db.collection('workspaces').findOne({ name: 'matrix' });
    expect((await list(`/mcp/workspaces/${workspace!._id.toString()}`)).status).toBe(200);
    expect((await list(`/mcp/workspaces/${absentId()}`)).status).toBe(401);
    expect((await list('/mcp')).status).toBe(401);
  });

  it('REST: every route × credential × team context gets the predicted decision; no 5xx; nothing of team B is read or changed', async () => {
    const started = Date.now();
    const before = await teamBDocuments();
    const routes = app.nest.get(RouteTable).routes.filter((route) => route.permission !== 'public' && route.method !== 'ALL');
    expect(routes.length).toBeGreaterThan(60);
    const cases = routes.flatMap((route) => {
      const contexts: TeamContext[] = route.path.includes(':teamId') ? ['own', 'other'] : ['none'];
      return contexts.flatMap((context) => credentials.map((credential) => ({ route, context, credential })));
    });
    const wrong: string[] = [];
    await inParallel(cases, 16, async ({ route, context, credential }) => {
      attempts += 1;
      const permission = route.permission as Permission;
      const response = await send(app.baseUrl, route.method, pathFor(route, context === 'other' ? teamB.id : teamA), credential.headers);
      const text = response.text;
      leaked(`${credential.label} ${route.method} ${route.path}`, text);
      const expected = predictRest(credential, permission, context);
      const where = `${credential.label} → ${route.method} ${route.path} (${permission}, ${context} team)`;
      // Never a 500; a 503 only for a call let through whose engine is unavailable (this app has no container engine).
      if (response.status === 500 || (response.status >= 500 && expected !== 'allow'))
        return void wrong.push(`${where}: ${response.status} ${text.slice(0, 200)}`);
      if (expected !== 'allow') {
        if (response.status !== expected) wrong.push(`${where}: expected ${expected}, got ${response.status} ${text.slice(0, 160)}`);
        return;
      }
      const teamRefused = response.status === 404 && response.body?.error?.message === 'Team not found';
      if (response.status === 401 || teamRefused) return void wrong.push(`${where}: expected it through, got ${response.status} ${text.slice(0, 160)}`);
      // A handler may ask a second, target-dependent permission (e.g. removing someone else needs members.manage):
      // a 403 is right only when it names a permission the tables deny this credential.
      if (response.status === 403) {
        const named = permissionsNamedIn(response.body?.error?.message ?? '');
        if (named.length === 0 || named.some((other) => predictRest(credential, other, context) === 'allow'))
          wrong.push(`${where}: unexpected 403 ${text.slice(0, 160)}`);
      }
    });
    expect(wrong.slice(0, 30)).toEqual([]);
    expect(await teamBDocuments()).toBe(before);
    console.log(
      `attack matrix (REST): ${cases.length} requests over ${routes.length} routes and ${credentials.length} credentials in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });

  it('prints its totals: attempts and leaks', () => {
    console.log(`attack matrix: ${attempts} attempts, ${leaks.length} leaks`);
    expect(attempts).toBeGreaterThan(5000);
    expect(leaks).toEqual([]);
  });
});

/** Codes that mean the decision point refused: an allowed call may fail for other reasons (bad arguments, no engine), never these. */
const REFUSALS = new Set(['FORBIDDEN', 'INSUFFICIENT_SCOPE', 'TOOL_NOT_ALLOWED', 'UNAUTHENTICATED']);

/**
 * One request as a client sends it; an empty JSON body for writes. Whatever the answer's type
 * (JSON, CSV, a server-sent event stream that stays open), its status and first bytes are read.
 */
async function send(baseUrl: string, method: string, path: string, headers: Record<string, string>) {
  const write = ['POST', 'PUT', 'PATCH'].includes(method);
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...headers, ...(write ? { 'content-type': 'application/json' } : {}) },
    body: write ? '{}' : undefined,
    signal: controller.signal,
  });
  let text = '';
  if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    const reader = response.body!.getReader();
    const first = await Promise.race([reader.read(), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 500))]);
    text = first?.value ? new TextDecoder().decode(first.value) : '';
    controller.abort();
  } else text = await response.text();
  let body: { error?: { message?: string } } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, text, body };
}

function pathFor(route: RouteEntry, teamId: string): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_match, name: string) => (name === 'teamId' ? teamId : (ABSENT[name] ?? absentId())));
}
