import { OdooXmlRpcTestDouble, SEED_API_KEYS } from '@gantry/testing';
import { OAuthClientProvider, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { decodeJwt } from 'jose';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthUserAgent } from '../../test/oauth-user-agent';
import { HttpsTestServer, privateCaCertificates, startHttpsTestServer } from '../../test/private-ca';
import { call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';

/** Claude.ai's way in: no registration, an https client_id whose document the SDK never sends itself. */
class MetadataDocumentClient implements OAuthClientProvider {
  client?: OAuthClientInformationMixed;
  stored?: OAuthTokens;
  verifier = '';
  authorizationUrl?: URL;
  readonly redirectUrl = 'https://claude.ai/api/mcp/auth_callback';

  constructor(readonly clientMetadataUrl: string) {}

  get clientMetadata(): OAuthClientMetadata {
    return { client_name: 'Claude (e2e)', redirect_uris: [this.redirectUrl], token_endpoint_auth_method: 'none' };
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
 * Client ID Metadata Documents end to end: the MCP SDK's own client uses an https URL as its
 * client_id (no registration), Gantry fetches that document over verified TLS from a host the
 * administrator allowed (OAUTH_ALLOWED_FETCH_HOSTS) and trusts through OUTBOUND_EXTRA_CA_CERTS,
 * the user consents, and the token calls a tool on /mcp.
 */
describe('OAuth with a client ID metadata document (the MCP SDK client, over https)', () => {
  let app: TestApp;
  let odoo: OdooXmlRpcTestDouble;
  let owner: SignedInUser;
  let teamId: string;
  let caDirectory: string;
  let trustedHost: HttpsTestServer;
  let untrustedHost: HttpsTestServer;
  const transports: StreamableHTTPClientTransport[] = [];
  const claudeDocument = (origin: string) => ({
    '/oauth/claude.json': {
      client_id: `${origin}/oauth/claude.json`,
      client_name: 'Claude (e2e)',
      client_uri: 'https://claude.ai',
      redirect_uris: ['https://claude.ai/api/mcp/auth_callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
  });

  async function connect(provider: MetadataDocumentClient): Promise<Client> {
    const transport = new StreamableHTTPClientTransport(new URL(`${app.baseUrl}/mcp`), { authProvider: provider });
    transports.push(transport);
    const client = new Client({ name: 'gantry-cimd-e2e', version: '1.0.0' });
    await client.connect(transport);
    return client;
  }

  /** From the SDK's 401 to tokens: the browser leg with consent for the team, then the SDK's code exchange. */
  async function authorize(provider: MetadataDocumentClient): Promise<OAuthTokens> {
    await expect(connect(provider)).rejects.toBeInstanceOf(UnauthorizedError);
    const back = await new OAuthUserAgent(app, owner.token).authorize(provider.authorizationUrl!, { teamId, scopes: ['query', 'read', 'schema'] });
    expect(back.origin + back.pathname).toBe('https://claude.ai/api/mcp/auth_callback');
    await transports.at(-1)!.finishAuth(back.searchParams.get('code')!);
    return provider.tokens()!;
  }

  beforeAll(async () => {
    const pems = await privateCaCertificates();
    caDirectory = mkdtempSync(join(tmpdir(), 'gantry-extra-ca-'));
    writeFileSync(join(caDirectory, 'private-ca.pem'), pems.ca);
    [trustedHost, untrustedHost] = await Promise.all([
      startHttpsTestServer(pems.trusted, claudeDocument),
      startHttpsTestServer(pems.untrusted, claudeDocument),
    ]);

    odoo = new OdooXmlRpcTestDouble({ serverVersion: '18.0', database: 'cimd-db' });
    const started = await odoo.start();
    app = await startTestApp(
      { OAUTH_ALLOWED_FETCH_HOSTS: 'localhost', OUTBOUND_EXTRA_CA_CERTS: join(caDirectory, 'private-ca.pem') },
      { publicUrlIsSelf: true },
    );
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    const connection = await call(app, 'PUT', `/api/teams/${teamId}/odoo-connection`, {
      token: owner.token,
      body: { name: 'A', url: started.url, database: 'cimd-db', login: 'admin', secret: SEED_API_KEYS.admin },
    });
    expect(connection.status, JSON.stringify(connection.body)).toBe(200);
  });

  afterAll(async () => {
    await Promise.all(transports.map((transport) => transport.close().catch(() => undefined)));
    await app?.close();
    await odoo?.stop();
    await Promise.all([trustedHost?.stop(), untrustedHost?.stop()]);
    if (caDirectory) rmSync(caDirectory, { recursive: true, force: true });
  });

  it('connects without registering: Gantry fetches the document over TLS trusted via OUTBOUND_EXTRA_CA_CERTS, the user consents, and a tool call succeeds', async () => {
    const clientId = `${trustedHost.origin}/oauth/claude.json`;
    const provider = new MetadataDocumentClient(clientId);
    await expect(connect(provider)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.client?.client_id).toBe(clientId);
    expect(await app.db.collection('oauth_client').countDocuments({})).toBe(0);
    expect(provider.authorizationUrl!.searchParams.get('client_id')).toBe(clientId);

    const agent = new OAuthUserAgent(app, owner.token);
    await agent.follow(provider.authorizationUrl!.href);
    expect(trustedHost.fetched).toContain('/oauth/claude.json');
    const details = (await (await agent.request('GET', `/api/oauth/interaction/${agent.interactionUid}/details`, { bearer: true })).json()) as any;
    expect(details.client).toMatchObject({ id: clientId, name: 'Claude (e2e)', kind: 'metadata_document', redirectHost: 'claude.ai', teamId: null });
    const consent = await agent.request('POST', `/api/oauth/interaction/${agent.interactionUid}/consent`, {
      bearer: true,
      body: { teamId, scopes: ['query', 'read', 'schema'] },
    });
    expect(consent.status).toBe(200);
    const back = await agent.follow(((await consent.json()) as { redirectTo: string }).redirectTo);
    expect(back.leftTo!.origin + back.leftTo!.pathname).toBe('https://claude.ai/api/mcp/auth_callback');
    await transports.at(-1)!.finishAuth(back.leftTo!.searchParams.get('code')!);

    const tokens = provider.tokens()!;
    expect(decodeJwt(tokens.access_token)).toMatchObject({ client_id: clientId, aud: `${app.baseUrl}/mcp`, gantry_team: teamId, scope: 'query read schema' });
    const client = await connect(provider);
    const result = (await client.callTool({ name: 'count_records', arguments: { model: 'res.partner', domain: [] } })) as {
      isError?: boolean;
      structuredContent?: { count: number };
    };
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.count).toBeGreaterThan(0);
    // A metadata-document client is not stored: nothing to register, nothing to purge.
    expect(await app.db.collection('oauth_client').countDocuments({})).toBe(0);
  });

  it('reconnecting with the same document replaces the earlier grant, so Connected apps lists it once', async () => {
    const clientId = `${trustedHost.origin}/oauth/claude.json`;
    const before = (await call(app, 'GET', `/api/teams/${teamId}/oauth/grants`, { token: owner.token })).body as Array<{ client: { id: string } }>;
    expect(before.filter((grant) => grant.client.id === clientId)).toHaveLength(1);
    const earlier = new MetadataDocumentClient(clientId);
    const earlierTokens = await authorize(earlier);
    const later = await authorize(new MetadataDocumentClient(clientId));

    const grants = (await call(app, 'GET', `/api/teams/${teamId}/oauth/grants`, { token: owner.token })).body as Array<{
      client: { id: string; name: string };
    }>;
    expect(grants.filter((grant) => grant.client.id === clientId)).toHaveLength(1);
    const mcp = (token: string) =>
      fetch(`${app.baseUrl}/mcp`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      }).then((response) => response.status);
    expect(await mcp(earlierTokens.access_token)).toBe(401);
    expect(await mcp(later.access_token)).toBe(200);
  });

  it('refuses a document served with a certificate no trusted CA signed, without redirecting anywhere', async () => {
    const clientId = `${untrustedHost.origin}/oauth/claude.json`;
    const url = new URL(`${app.baseUrl}/oauth/authorize`);
    for (const [key, value] of Object.entries({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: 'https://claude.ai/api/mcp/auth_callback',
      scope: 'query',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }))
      url.searchParams.set(key, value);
    const back = await new OAuthUserAgent(app, owner.token).follow(url.href);
    expect(back.leftTo).toBeUndefined();
    expect(back.response?.status).toBe(400);
    const page = await back.response!.text();
    expect(page).toContain('invalid_client');
    expect(page).not.toMatch(/at .*\.js:\d+/);
    // The TLS handshake failed before any request reached the server.
    expect(untrustedHost.fetched).toEqual([]);
  });
});
