import { webcrypto } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';
import { OAuthUserAgent, pkcePair } from '../../test/oauth-user-agent';
import { OAuthProviderService } from './oauth-provider.service';

interface RegisteredClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  application_type: string;
  token_endpoint_auth_method: string;
}

/**
 * What the authorization server and the /mcp verifier refuse, each case asserted on the wire:
 * PKCE, redirect URIs, codes, audiences, expiry, signatures, issuers, refresh-token reuse, and
 * membership. Then registration with the exact redirect URIs real MCP clients use.
 */
describe('OAuth: negative suite and client registration', () => {
  let app: TestApp;
  let owner: SignedInUser;
  let teamId: string;
  const REDIRECT = 'http://127.0.0.1:33418/callback';

  async function register(metadata: Record<string, unknown>): Promise<{ status: number; body: any }> {
    const response = await fetch(`${app.baseUrl}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(metadata),
    });
    return { status: response.status, body: await response.json() };
  }

  async function publicClient(name = 'Test client', redirect = REDIRECT): Promise<RegisteredClient> {
    const registered = await register({
      client_name: name,
      redirect_uris: [redirect],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    return registered.body;
  }

  function authorizationUrl(client: RegisteredClient, params: Record<string, string | undefined>): string {
    const url = new URL(`${app.baseUrl}/oauth/authorize`);
    const all: Record<string, string | undefined> = {
      client_id: client.client_id,
      response_type: 'code',
      redirect_uri: client.redirect_uris[0],
      scope: 'query read schema',
      state: 'st4te',
      ...params,
    };
    for (const [key, value] of Object.entries(all)) if (value !== undefined) url.searchParams.set(key, value);
    return url.href;
  }

  /** Runs the browser leg with consent for `teamId` and returns the code and the verifier. */
  async function authorize(
    client: RegisteredClient,
    user: SignedInUser = owner,
    scopes = ['query', 'read', 'schema'],
  ): Promise<{ code: string; verifier: string }> {
    const { verifier, challenge } = pkcePair();
    const back = await new OAuthUserAgent(app, user.token).authorize(
      authorizationUrl(client, { scope: scopes.join(' '), code_challenge: challenge, code_challenge_method: 'S256' }),
      { teamId, scopes },
    );
    const code = back.searchParams.get('code');
    if (!code) throw new Error(`no code: ${back.href}`);
    return { code, verifier };
  }

  async function token(form: Record<string, string>, basic?: { id: string; secret: string }): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (basic) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(basic.id)}:${encodeURIComponent(basic.secret)}`).toString('base64')}`;
    const response = await fetch(`${app.baseUrl}/oauth/token`, { method: 'POST', headers, body: new URLSearchParams(form) });
    return { status: response.status, body: await response.json() };
  }

  const exchange = (client: RegisteredClient, code: string, verifier: string) =>
    token({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: client.redirect_uris[0]!, client_id: client.client_id });

  async function mcpStatus(accessToken: string): Promise<number> {
    const response = await fetch(`${app.baseUrl}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    await response.text();
    return response.status;
  }

  /** A token with the shape ours have, signed by `key`: for cases the authorization server would never issue. */
  async function forge(claims: Record<string, unknown>, options: { key?: webcrypto.CryptoKey | Uint8Array; kid?: string } = {}): Promise<string> {
    const oauth = app.nest.get(OAuthProviderService);
    const base = {
      iss: app.baseUrl,
      aud: `${app.baseUrl}/mcp`,
      sub: owner.userId,
      client_id: 'forged',
      scope: 'query read schema',
      gantry_team: teamId,
      gantry_grant: 'none',
    };
    const { key } = options.key
      ? { key: options.key }
      : { key: (oauth as unknown as { signingKey: { privateJwk: webcrypto.JsonWebKey } }).signingKey.privateJwk };
    const signingKey =
      options.key ?? (await crypto.subtle.importKey('jwk', key as webcrypto.JsonWebKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']));
    return new SignJWT({ ...base, ...claims })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', ...(options.kid ? { kid: options.kid } : {}) })
      .setIssuedAt()
      .setExpirationTime((claims.exp as number | undefined) ?? '1h')
      .setJti(crypto.randomUUID())
      .sign(signingKey);
  }

  beforeAll(async () => {
    app = await startTestApp({ OAUTH_REFRESH_REUSE_GRACE_SECONDS: '1' }, { publicUrlIsSelf: true });
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('authorization requests', () => {
    it('refuses a request without PKCE', async () => {
      const client = await publicClient();
      const back = await new OAuthUserAgent(app, owner.token).follow(authorizationUrl(client, {}));
      expect(back.leftTo?.searchParams.get('error')).toBe('invalid_request');
      expect(back.leftTo?.searchParams.get('error_description')).toMatch(/PKCE/i);
    });

    it('refuses plain PKCE', async () => {
      const client = await publicClient();
      const { verifier } = pkcePair();
      const back = await new OAuthUserAgent(app, owner.token).follow(authorizationUrl(client, { code_challenge: verifier, code_challenge_method: 'plain' }));
      expect(back.leftTo?.searchParams.get('error')).toBe('invalid_request');
      expect(back.leftTo?.searchParams.get('error_description')).toMatch(/code_challenge_method/);
    });

    it('refuses a redirect URI the client did not register, without redirecting to it', async () => {
      const client = await publicClient();
      const { challenge } = pkcePair();
      const back = await new OAuthUserAgent(app, owner.token).follow(
        authorizationUrl(client, { code_challenge: challenge, code_challenge_method: 'S256', redirect_uri: 'https://attacker.example/cb' }),
      );
      expect(back.leftTo).toBeUndefined();
      expect(back.response?.status).toBe(400);
      const page = await back.response!.text();
      expect(page).toContain('redirect_uri');
      expect(page).not.toMatch(/at .*\.js:\d+/);
    });

    it('refuses a resource other than the MCP endpoint, and accepts its trailing-slash form', async () => {
      const client = await publicClient();
      const { challenge } = pkcePair();
      const other = await new OAuthUserAgent(app, owner.token).follow(
        authorizationUrl(client, { code_challenge: challenge, code_challenge_method: 'S256', resource: 'https://api.other.example/' }),
      );
      expect(other.leftTo?.searchParams.get('error')).toBe('invalid_target');
      const slash = await new OAuthUserAgent(app, owner.token).follow(
        authorizationUrl(client, { code_challenge: challenge, code_challenge_method: 'S256', resource: `${app.baseUrl}/mcp/` }),
      );
      expect(slash.leftTo).toBeUndefined();
      expect(slash.response).toBeUndefined(); // reached the consent page
    });

    it('sends access_denied back to the client when the user declines', async () => {
      const client = await publicClient();
      const { challenge } = pkcePair();
      const back = await new OAuthUserAgent(app, owner.token).authorize(
        authorizationUrl(client, { code_challenge: challenge, code_challenge_method: 'S256' }),
        'deny',
      );
      expect(back.searchParams.get('error')).toBe('access_denied');
      expect(back.searchParams.get('state')).toBe('st4te');
    });

    it('consent is refused for a team the user is not in, for scopes the role may not grant, and with an API key', async () => {
      const member = await addMember(app, owner, teamId, { email: 'consent-member@example.com', name: 'Casey', password: 'casey-password-1' }, 'member');
      const client = await publicClient();
      const { challenge } = pkcePair();
      const agent = new OAuthUserAgent(app, member.token);
      await agent.follow(authorizationUrl(client, { code_challenge: challenge, code_challenge_method: 'S256', scope: 'query read delete execute' }));
      const path = `/api/oauth/interaction/${agent.interactionUid}`;
      const details = (await (await agent.request('GET', `${path}/details`, { bearer: true })).json()) as any;
      expect(details.teams).toEqual([
        { id: teamId, name: 'Acme', role: 'member', allowedScopes: ['query', 'read', 'create', 'write', 'schema', 'workspaces'] },
      ]);
      expect(details.requestedScopes).toEqual(['query', 'read', 'delete', 'execute']);

      const otherTeam = (await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Not yours' } })).body.id;
      const foreign = await agent.request('POST', `${path}/consent`, { bearer: true, body: { teamId: otherTeam, scopes: ['query'] } });
      expect(foreign.status).toBe(403);
      const tooMuch = await agent.request('POST', `${path}/consent`, { bearer: true, body: { teamId, scopes: ['query', 'delete'] } });
      expect(tooMuch.status).toBe(403);
      expect(((await tooMuch.json()) as any).error.message).toContain('delete');
      const notAsked = await agent.request('POST', `${path}/consent`, { bearer: true, body: { teamId, scopes: ['write'] } });
      expect(notAsked.status).toBe(400);
      const invalid = await agent.request('POST', `${path}/consent`, { bearer: true, body: { teamId, scopes: [] } });
      expect(invalid.status).toBe(400);

      const key = await call(app, 'POST', `/api/teams/${teamId}/api-keys`, { token: member.token, body: { name: 'k' } });
      const withKey = await fetch(`${app.baseUrl}${path}/consent`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.body.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ teamId, scopes: ['query'] }),
      });
      expect(withKey.status).toBe(403);

      // Without the interaction cookie (another browser) the interaction is not found.
      const elsewhere = await call(app, 'POST', `${path}/consent`, { token: member.token, body: { teamId, scopes: ['query'] } });
      expect(elsewhere.status).toBe(410);
      expect(elsewhere.body.error.code).toBe('OAUTH_INTERACTION_EXPIRED');
    });
  });

  describe('codes and tokens', () => {
    it('refuses a wrong PKCE verifier', async () => {
      const client = await publicClient();
      const { code } = await authorize(client);
      const refused = await exchange(client, code, pkcePair().verifier);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBe('invalid_grant');
    });

    it('refuses a code used twice, and revokes what the first use issued', async () => {
      const client = await publicClient();
      const { code, verifier } = await authorize(client);
      const first = await exchange(client, code, verifier);
      expect(first.status).toBe(200);
      expect(await mcpStatus(first.body.access_token)).toBe(200);
      const second = await exchange(client, code, verifier);
      expect(second.status).toBe(400);
      expect(second.body.error).toBe('invalid_grant');
      expect(await mcpStatus(first.body.access_token)).toBe(401);
      expect((await token({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token, client_id: client.client_id })).body.error).toBe(
        'invalid_grant',
      );
    });

    it('refuses a code presented by another client', async () => {
      const victim = await publicClient('Victim');
      const attacker = await publicClient('Attacker');
      const { code, verifier } = await authorize(victim);
      const stolen = await token({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT, client_id: attacker.client_id });
      expect(stolen.status).toBe(400);
      expect(stolen.body.error).toBe('invalid_grant');
    });

    it('issues short-lived ES256 JWTs for the MCP audience, and the verifier checks audience, expiry, signature and issuer', async () => {
      const client = await publicClient();
      const { code, verifier } = await authorize(client);
      const issued = await exchange(client, code, verifier);
      expect(issued.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'query read schema' });
      const good = issued.body.access_token as string;
      expect(await mcpStatus(good)).toBe(200);

      const [header, payload, signature] = good.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });

      // Token for another resource/audience, signed by our own key: refused.
      expect(await mcpStatus(await forge({ ...claims, aud: 'https://api.other.example/' }))).toBe(401);
      // The same claims re-signed by us are accepted (the forging helper is honest)...
      expect(await mcpStatus(await forge(claims))).toBe(200);
      // ...but expired ones are not.
      expect(await mcpStatus(await forge({ ...claims, exp: Math.floor(Date.now() / 1000) - 5 }))).toBe(401);
      // Tampered: the scope widened in the payload, signature kept.
      const widened = Buffer.from(JSON.stringify({ ...claims, scope: 'query read schema delete execute' })).toString('base64url');
      expect(await mcpStatus(`${header}.${widened}.${signature}`)).toBe(401);
      // Another issuer with its own key, and our issuer name with a foreign key.
      const { privateKey } = await generateKeyPair('ES256', { extractable: true });
      expect(await mcpStatus(await forge({ ...claims, iss: 'https://evil.example' }, { key: privateKey }))).toBe(401);
      expect(await mcpStatus(await forge(claims, { key: privateKey, kid: (await exportJWK(privateKey)).x }))).toBe(401);
      expect(await mcpStatus(await forge({ ...claims, iss: 'https://evil.example' }))).toBe(401);
      // alg "none" is never accepted.
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${payload}.`;
      expect(await mcpStatus(none)).toBe(401);
    });

    it('rotates refresh tokens; reuse after the grace period revokes the grant, parallel use within it does not', async () => {
      const client = await publicClient();
      const { code, verifier } = await authorize(client);
      const issued = (await exchange(client, code, verifier)).body;
      const refresh = (value: string) => token({ grant_type: 'refresh_token', refresh_token: value, client_id: client.client_id });

      // Two refreshes at once with the same token (a client racing itself): both succeed.
      const [a, b] = await Promise.all([refresh(issued.refresh_token), refresh(issued.refresh_token)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.body.refresh_token).not.toBe(issued.refresh_token);
      expect(await mcpStatus(a.body.access_token)).toBe(200);

      // After the grace period, the consumed token is a replay: the whole grant ends.
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      const replay = await refresh(issued.refresh_token);
      expect(replay.status).toBe(400);
      expect(replay.body.error).toBe('invalid_grant');
      expect(await mcpStatus(a.body.access_token)).toBe(401);
      expect((await refresh(a.body.refresh_token)).body.error).toBe('invalid_grant');
    });

    it('revocation endpoint (RFC 7009): revoking the refresh token ends the grant', async () => {
      const client = await publicClient();
      const { code, verifier } = await authorize(client);
      const issued = (await exchange(client, code, verifier)).body;
      const response = await fetch(`${app.baseUrl}/oauth/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: issued.refresh_token, token_type_hint: 'refresh_token', client_id: client.client_id }),
      });
      expect(response.status).toBe(200);
      expect(await mcpStatus(issued.access_token)).toBe(401);
    });

    it("stops a removed member's tokens, and narrows a demoted member's scopes", async () => {
      const admin = await addMember(app, owner, teamId, { email: 'oauth-admin@example.com', name: 'Avery', password: 'avery-password-1' }, 'admin');
      const client = await publicClient();
      const { code, verifier } = await authorize(client, admin, ['query', 'read', 'delete']);
      const issued = (await exchange(client, code, verifier)).body;
      const tools = async () => {
        const response = await fetch(`${app.baseUrl}/mcp`, {
          method: 'POST',
          headers: { authorization: `Bearer ${issued.access_token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
        });
        return response.status === 200 ? (((await response.json()) as any).result.tools as Array<{ name: string }>).map((tool) => tool.name) : response.status;
      };
      expect(await tools()).toContain('delete_record');
      expect((await call(app, 'PATCH', `/api/teams/${teamId}/members/${admin.userId}`, { token: owner.token, body: { role: 'member' } })).status).toBe(200);
      expect(await tools()).not.toContain('delete_record');
      expect((await call(app, 'DELETE', `/api/teams/${teamId}/members/${admin.userId}`, { token: owner.token })).status).toBe(204);
      expect(await tools()).toBe(401);
      expect((await token({ grant_type: 'refresh_token', refresh_token: issued.refresh_token, client_id: client.client_id })).body.error).toBe('invalid_grant');
    });
  });

  describe('registration', () => {
    const CLIENTS: Array<[string, string[], 'web' | 'native']> = [
      ['Claude.ai', ['https://claude.ai/api/mcp/auth_callback'], 'web'],
      ['Claude (claude.com)', ['https://claude.com/api/mcp/auth_callback'], 'web'],
      ['ChatGPT', ['https://chatgpt.com/connector_platform_oauth_redirect'], 'web'],
      ['Cursor', ['cursor://anysphere.cursor-mcp/oauth/callback'], 'native'],
      ['VS Code', ['http://127.0.0.1:33418', 'https://vscode.dev/redirect'], 'native'],
      ['Claude Code', ['http://localhost:61234/callback'], 'native'],
      ['MCP Inspector', ['http://localhost:6274/oauth/callback'], 'native'],
      ['Claude Desktop', ['claude://claude.ai/api/mcp/auth_callback'], 'native'],
    ];

    for (const [name, redirectUris, type] of CLIENTS) {
      it(`registers ${name} (${redirectUris.join(', ')}) as a ${type} client and sends its code to that exact URI`, async () => {
        const registered = await register({
          client_name: name,
          redirect_uris: redirectUris,
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
          token_endpoint_auth_method: type === 'web' ? 'client_secret_post' : 'none',
        });
        expect(registered.status, JSON.stringify(registered.body)).toBe(201);
        expect(registered.body).toMatchObject({ client_name: name, redirect_uris: redirectUris, application_type: type });
        expect(registered.body.client_secret === undefined).toBe(type === 'native');
        const { challenge } = pkcePair();
        const back = await new OAuthUserAgent(app, owner.token).authorize(
          authorizationUrl(registered.body, { redirect_uri: redirectUris[0], code_challenge: challenge, code_challenge_method: 'S256' }),
          { teamId, scopes: ['query'] },
        );
        expect(`${back.protocol}//${back.host}${back.pathname}`.replace(/\/$/, '')).toBe(redirectUris[0]!.replace(/\/$/, ''));
        expect(back.searchParams.get('code')).toBeTruthy();
      });
    }

    it('lets a native loopback client use another port at authorization time (RFC 8252)', async () => {
      const client = await publicClient('Claude Code', 'http://localhost:61234/callback');
      const { challenge } = pkcePair();
      const back = await new OAuthUserAgent(app, owner.token).authorize(
        authorizationUrl(client, { redirect_uri: 'http://localhost:40001/callback', code_challenge: challenge, code_challenge_method: 'S256' }),
        { teamId, scopes: ['query'] },
      );
      expect(back.host).toBe('localhost:40001');
    });

    it('refuses http redirect URIs to non-loopback hosts, script schemes, and reserved metadata', async () => {
      for (const uri of ['http://example.com/callback', 'http://192.168.1.10/cb', 'javascript:alert(1)']) {
        const refused = await register({ client_name: 'Bad', redirect_uris: [uri] });
        expect(refused.status, uri).toBe(400);
        expect(['invalid_redirect_uri', 'invalid_client_metadata'], uri).toContain(refused.body.error);
      }
      const teamBound = await register({ client_name: 'Sneaky', redirect_uris: ['https://app.example/cb'], gantry_team_id: teamId });
      expect(teamBound.status).toBe(400);
      expect(teamBound.body.error).toBe('invalid_client_metadata');
    });

    it('refuses client ID metadata documents on loopback or private addresses (SSRF)', async () => {
      const { challenge } = pkcePair();
      for (const clientId of [
        'https://127.0.0.1/client.json',
        'https://169.254.169.254/latest/meta-data',
        'https://10.0.0.5/client.json',
        'https://localhost:1/c',
      ]) {
        const url = authorizationUrl({ client_id: clientId, redirect_uris: ['https://app.example/cb'] } as RegisteredClient, {
          code_challenge: challenge,
          code_challenge_method: 'S256',
        });
        const back = await new OAuthUserAgent(app, owner.token).follow(url);
        expect(back.leftTo, clientId).toBeUndefined();
        expect(back.response?.status, clientId).toBe(400);
        expect(await back.response!.text()).toContain('invalid_client');
      }
    });

    it('pre-registered team clients: secret shown once and stored encrypted, usable with client_secret_basic, bound to their team, deletable', async () => {
      const created = await call(app, 'POST', `/api/teams/${teamId}/oauth/clients`, {
        token: owner.token,
        body: { name: 'Internal agent', redirectUris: ['https://agent.example.com/callback'] },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const { clientId, clientSecret } = created.body;
      expect(clientId).toMatch(/^gnt_client_/);
      expect(clientSecret.length).toBeGreaterThanOrEqual(40);
      const listed = await call(app, 'GET', `/api/teams/${teamId}/oauth/clients`, { token: owner.token });
      expect(listed.body).toEqual([
        { clientId, name: 'Internal agent', redirectUris: ['https://agent.example.com/callback'], applicationType: 'web', createdAt: expect.any(String) },
      ]);
      expect(JSON.stringify(listed.body)).not.toContain(clientSecret);
      const stored = await app.db.collection('oauth_client').findOne({ _id: clientId as never });
      expect(JSON.stringify(stored)).not.toContain(clientSecret);

      const client = { client_id: clientId, redirect_uris: ['https://agent.example.com/callback'] } as RegisteredClient;
      const { verifier, challenge } = pkcePair();
      const agent = new OAuthUserAgent(app, owner.token);
      await agent.follow(authorizationUrl(client, { code_challenge: challenge, code_challenge_method: 'S256' }));
      const details = (await (await agent.request('GET', `/api/oauth/interaction/${agent.interactionUid}/details`, { bearer: true })).json()) as any;
      expect(details.client).toMatchObject({ kind: 'team', teamId, name: 'Internal agent', redirectHost: 'agent.example.com' });
      expect(details.teams.map((team: { id: string }) => team.id)).toEqual([teamId]);
      const consent = await agent.request('POST', `/api/oauth/interaction/${agent.interactionUid}/consent`, {
        bearer: true,
        body: { teamId, scopes: ['query'] },
      });
      const back = await agent.follow(((await consent.json()) as { redirectTo: string }).redirectTo);
      const code = back.leftTo!.searchParams.get('code')!;
      const form = { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: 'https://agent.example.com/callback' };
      expect((await token(form, { id: clientId, secret: 'wrong-secret' })).body.error).toBe('invalid_client');
      const issued = await token(form, { id: clientId, secret: clientSecret });
      expect(issued.status).toBe(200);
      expect(await mcpStatus(issued.body.access_token)).toBe(200);

      const member = await login(app, 'consent-member@example.com', 'casey-password-1');
      expect(
        (await call(app, 'POST', `/api/teams/${teamId}/oauth/clients`, { token: member.token, body: { name: 'x', redirectUris: ['https://x.example/cb'] } }))
          .status,
      ).toBe(403);
      expect(
        (await call(app, 'POST', `/api/teams/${teamId}/oauth/clients`, { token: owner.token, body: { name: 'x', redirectUris: ['http://x.example/cb'] } }))
          .status,
      ).toBe(400);

      expect((await call(app, 'DELETE', `/api/teams/${teamId}/oauth/clients/${clientId}`, { token: owner.token })).status).toBe(204);
      expect(await mcpStatus(issued.body.access_token)).toBe(401);
      expect((await token({ grant_type: 'refresh_token', refresh_token: issued.body.refresh_token }, { id: clientId, secret: clientSecret })).body.error).toBe(
        'invalid_client',
      );
    });

    it('stores refresh tokens and codes hashed: no issued token is found verbatim in the database', async () => {
      const client = await publicClient();
      const { code, verifier } = await authorize(client);
      const issued = (await exchange(client, code, verifier)).body;
      for (const collection of ['oauth_refresh_token', 'oauth_authorization_code', 'oauth_session']) {
        const documents = await app.db.collection(collection).find({}).toArray();
        const dump = JSON.stringify(documents);
        expect(dump).not.toContain(issued.refresh_token);
        expect(dump).not.toContain(code);
      }
      expect(await app.db.collection('oauth_refresh_token').countDocuments({ _id: issued.refresh_token })).toBe(0);
    });
  });
});

describe('OAuth deployment switches and storage upkeep', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ OAUTH_DYNAMIC_REGISTRATION: 'false', OAUTH_CLIENT_ID_METADATA_DOCUMENTS: 'false' }, { publicUrlIsSelf: true });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('with dynamic registration and metadata documents disabled, neither is offered nor accepted', async () => {
    const metadata = (await (await fetch(`${app.baseUrl}/.well-known/oauth-authorization-server`)).json()) as Record<string, unknown>;
    expect(metadata.registration_endpoint).toBeUndefined();
    expect(metadata.client_id_metadata_document_supported).toBeUndefined();
    const response = await fetch(`${app.baseUrl}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'x', redirect_uris: ['https://claude.ai/api/mcp/auth_callback'] }),
    });
    expect(response.status).toBe(404);
  });

  it('the purge job deletes expired OAuth records and keeps live ones', async () => {
    const sessions = app.db.collection('oauth_session');
    const past = new Date(Date.now() - 60_000);
    const future = new Date(Date.now() + 3_600_000);
    await sessions.insertMany([
      { _id: 'expired-session' as never, payload: {}, expiresAt: past },
      { _id: 'live-session' as never, payload: {}, expiresAt: future },
    ]);
    await app.db.collection('oauth_grant').insertOne({ _id: 'expired-grant' as never, payload: {}, expiresAt: past });
    const removed = await app.nest.get(OAuthProviderService).purge();
    expect(removed).toBeGreaterThanOrEqual(2);
    expect(await sessions.countDocuments({ _id: 'expired-session' as never })).toBe(0);
    expect(await sessions.countDocuments({ _id: 'live-session' as never })).toBe(1);
    expect(await app.db.collection('oauth_grant').countDocuments({ _id: 'expired-grant' as never })).toBe(0);
  });
});
