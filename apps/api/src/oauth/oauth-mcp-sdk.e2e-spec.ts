import { OdooXmlRpcTestDouble, SEED_API_KEYS } from '@gantry/testing';
import { OAuthClientProvider, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InvalidGrantError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';
import { OAuthUserAgent } from '../../test/oauth-user-agent';
import { AuditService } from '../audit/audit.service';

/** What an MCP client keeps between runs, as the SDK asks for it (Claude Code's shape: a loopback redirect, no secret). */
class RecordingOAuthProvider implements OAuthClientProvider {
  client?: OAuthClientInformationMixed;
  stored?: OAuthTokens;
  verifier = '';
  authorizationUrl?: URL;
  readonly tokenHistory: OAuthTokens[] = [];

  constructor(readonly redirectUrl: string) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'Claude Code (e2e)',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  clientInformation() {
    return this.client;
  }
  saveClientInformation(information: OAuthClientInformationMixed) {
    this.client = information;
  }
  tokens() {
    return this.stored;
  }
  saveTokens(tokens: OAuthTokens) {
    this.stored = tokens;
    this.tokenHistory.push(tokens);
  }
  redirectToAuthorization(url: URL) {
    this.authorizationUrl = url;
  }
  saveCodeVerifier(verifier: string) {
    this.verifier = verifier;
  }
  codeVerifier() {
    return this.verifier;
  }
}

/**
 * The evidence run for OAuth: the MCP SDK client's own OAuth support against the real API —
 * discovery from the 401, dynamic registration, authorization with PKCE through the consent step
 * (team picked), tokens, a tool call into the team's Odoo, refresh, revocation → 401.
 */
describe('OAuth 2.1 with the MCP SDK client', () => {
  let app: TestApp;
  let odoo: OdooXmlRpcTestDouble;
  let owner: SignedInUser;
  let teamA: string;
  let teamB: string;
  const provider = new RecordingOAuthProvider('http://localhost:53682/callback');
  const transports: StreamableHTTPClientTransport[] = [];

  async function connect(): Promise<Client> {
    const transport = new StreamableHTTPClientTransport(new URL(`${app.baseUrl}/mcp`), { authProvider: provider });
    transports.push(transport);
    const client = new Client({ name: 'gantry-oauth-e2e', version: '1.0.0' });
    await client.connect(transport);
    return client;
  }

  beforeAll(async () => {
    odoo = new OdooXmlRpcTestDouble({ serverVersion: '18.0', database: 'oauth-db' });
    const started = await odoo.start();
    app = await startTestApp({}, { publicUrlIsSelf: true });
    owner = await login(app, OWNER.email, OWNER.password);
    teamA = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    teamB = (await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Team B' } })).body.id;
    const connection = await call(app, 'PUT', `/api/teams/${teamA}/odoo-connection`, {
      token: owner.token,
      body: { name: 'A', url: started.url, database: 'oauth-db', login: 'admin', secret: SEED_API_KEYS.admin },
    });
    expect(connection.status, JSON.stringify(connection.body)).toBe(200);
  });

  afterAll(async () => {
    await Promise.all(transports.map((transport) => transport.close().catch(() => undefined)));
    await app?.close();
    await odoo?.stop();
  });

  it('discovers, registers, authorizes with PKCE for the picked team, calls a tool, refreshes, and is cut off by revocation', async () => {
    // 1. No token: the SDK gets the 401, reads the protected resource metadata, registers, and sends the user to authorize.
    await expect(connect()).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.client?.client_id).toBeTruthy();
    const authorizationUrl = provider.authorizationUrl!;
    expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(`${app.baseUrl}/oauth/authorize`);
    expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizationUrl.searchParams.get('resource')).toBe(`${app.baseUrl}/mcp`);

    // 2. The browser leg: consent for team A with read-only scopes.
    const agent = new OAuthUserAgent(app, owner.token);
    const details = await (async () => {
      await agent.follow(authorizationUrl.href);
      const response = await agent.request('GET', `/api/oauth/interaction/${agent.interactionUid}/details`, { bearer: true });
      return (await response.json()) as any;
    })();
    expect(details.client).toMatchObject({ name: 'Claude Code (e2e)', kind: 'dynamic', redirectHost: 'localhost:53682', teamId: null });
    expect(details.teams.map((team: { id: string }) => team.id).sort()).toEqual([teamA, teamB].sort());
    const consent = await agent.request('POST', `/api/oauth/interaction/${agent.interactionUid}/consent`, {
      bearer: true,
      body: { teamId: teamA, scopes: ['query', 'read', 'schema'] },
    });
    expect(consent.status).toBe(200);
    const back = await agent.follow(((await consent.json()) as { redirectTo: string }).redirectTo);
    expect(back.leftTo?.origin + back.leftTo!.pathname).toBe('http://localhost:53682/callback');
    const code = back.leftTo!.searchParams.get('code');
    expect(code).toBeTruthy();
    expect(back.leftTo!.searchParams.get('iss')).toBe(app.baseUrl);

    // 3. The SDK exchanges the code (with its PKCE verifier) and connects.
    await transports.at(-1)!.finishAuth(code!);
    const tokens = provider.tokens()!;
    expect(tokens.refresh_token).toBeTruthy();
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({ iss: app.baseUrl, aud: `${app.baseUrl}/mcp`, sub: owner.userId, gantry_team: teamA, scope: 'query read schema' });
    expect(claims.exp! - claims.iat!).toBe(3600);

    const client = await connect();
    const tools = (await client.listTools()).tools.map((tool) => tool.name).sort();
    expect(tools).toEqual(['aggregate_records', 'count_records', 'get_fields', 'get_record', 'list_models', 'search_records']);
    const result = (await client.callTool({ name: 'count_records', arguments: { model: 'res.partner', domain: [] } })) as {
      isError?: boolean;
      structuredContent?: { count: number };
    };
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.count).toBeGreaterThan(0);

    // The call is on the record as an OAuth call of the owner in team A.
    await app.nest.get(AuditService).flush();
    const audit = await call(app, 'GET', `/api/teams/${teamA}/audit-logs?tool=count_records`, { token: owner.token });
    expect(audit.status).toBe(200);
    expect(audit.body.items[0]).toMatchObject({ credential: { type: 'oauth', id: expect.any(String) }, status: 'success', user: { email: OWNER.email } });

    // 4. Refresh: a dead access token makes the SDK refresh (rotation: a new refresh token) and retry.
    const firstRefresh = tokens.refresh_token!;
    provider.saveTokens({ ...tokens, access_token: 'expired.access.token' });
    const again = (await client.callTool({ name: 'count_records', arguments: { model: 'res.partner', domain: [] } })) as { isError?: boolean };
    expect(again.isError).toBeFalsy();
    const refreshed = provider.tokens()!;
    expect(refreshed.access_token).not.toBe('expired.access.token');
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(firstRefresh);

    // 5. Revocation from the dashboard: the grant goes, and the next call is a 401.
    const grants = await call(app, 'GET', `/api/teams/${teamA}/oauth/grants`, { token: owner.token });
    expect(grants.body).toHaveLength(1);
    expect(grants.body[0]).toMatchObject({ client: { name: 'Claude Code (e2e)' }, scopes: ['query', 'read', 'schema'], user: { email: OWNER.email } });
    expect((await call(app, 'DELETE', `/api/teams/${teamA}/oauth/grants/${grants.body[0].id}`, { token: owner.token })).status).toBe(204);
    const raw = await fetch(`${app.baseUrl}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${refreshed.access_token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(raw.status).toBe(401);
    expect(raw.headers.get('www-authenticate')).toContain(`resource_metadata="${app.baseUrl}/.well-known/oauth-protected-resource/mcp"`);
    // The SDK's own recovery (refreshing with the revoked grant's refresh token) is refused by the token endpoint.
    const failure = await client.callTool({ name: 'count_records', arguments: { model: 'res.partner', domain: [] } }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InvalidGrantError);
  });

  it('publishes the discovery documents the MCP authorization spec asks for', async () => {
    const prm = (await (await fetch(`${app.baseUrl}/.well-known/oauth-protected-resource/mcp`)).json()) as any;
    expect(prm).toMatchObject({ resource: `${app.baseUrl}/mcp`, authorization_servers: [app.baseUrl], bearer_methods_supported: ['header'] });
    expect(prm.scopes_supported).toEqual(['query', 'read', 'create', 'write', 'delete', 'execute', 'schema', 'workspaces']);
    expect(await (await fetch(`${app.baseUrl}/.well-known/oauth-protected-resource`)).json()).toEqual(prm);

    for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
      const response = await fetch(`${app.baseUrl}${path}`, { headers: { origin: 'http://localhost:6274' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      const metadata = (await response.json()) as any;
      expect(metadata).toMatchObject({
        issuer: app.baseUrl,
        authorization_endpoint: `${app.baseUrl}/oauth/authorize`,
        token_endpoint: `${app.baseUrl}/oauth/token`,
        registration_endpoint: `${app.baseUrl}/oauth/register`,
        revocation_endpoint: `${app.baseUrl}/oauth/revoke`,
        jwks_uri: `${app.baseUrl}/oauth/jwks`,
        code_challenge_methods_supported: ['S256'],
        response_types_supported: ['code'],
        client_id_metadata_document_supported: true,
      });
      expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
      expect(metadata.grant_types_supported).not.toContain('implicit');
      expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['query', 'read', 'schema']));
    }
    const jwks = (await (await fetch(`${app.baseUrl}/oauth/jwks`)).json()) as any;
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    expect(jwks.keys[0].d).toBeUndefined();
  });

  it('answers CORS for browser-based clients on /mcp only for allowed origins, exposing WWW-Authenticate', async () => {
    const own = await fetch(`${app.baseUrl}/mcp`, {
      method: 'OPTIONS',
      headers: { origin: app.baseUrl, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(own.status).toBe(204);
    expect(own.headers.get('access-control-allow-origin')).toBe(app.baseUrl);
    expect(own.headers.get('access-control-allow-headers')).toContain('Authorization');
    const unauthenticated = await fetch(`${app.baseUrl}/mcp`, {
      method: 'POST',
      headers: { origin: app.baseUrl, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate');
    const foreign = await fetch(`${app.baseUrl}/mcp`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const register = await fetch(`${app.baseUrl}/oauth/register`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:6274', 'access-control-request-method': 'POST' },
    });
    expect(register.status).toBe(204);
    expect(register.headers.get('access-control-allow-origin')).toBe('*');
  });
});
