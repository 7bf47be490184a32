import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeClient, connectClient, exchangeCode, mcpStatus, RegisteredClient, registerPublicClient, tokenRequest } from '../../test/oauth-client';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';
import { purgeUnusedClients } from './oauth-client-hygiene';
import { OAuthProviderService } from './oauth-provider.service';

const HOUR = 3_600_000;

/**
 * Dynamic registrations kept tidy: each answers its registration_client_uri (RFC 7592 read), those
 * never used are purged after OAUTH_UNUSED_CLIENT_TTL_HOURS, and a user's reconnection of the same
 * client software replaces their earlier connection to that team — and nothing of anyone else's.
 */
describe('OAuth client registrations: RFC 7592 read, purge of unused ones, one connection per app', () => {
  let app: TestApp;
  let owner: SignedInUser;
  let member: SignedInUser;
  let teamId: string;
  let otherTeamId: string;

  const readRegistration = (client: RegisteredClient, token = client.registration_access_token!) =>
    fetch(client.registration_client_uri!, { headers: { authorization: `Bearer ${token}` } });
  const storedClient = (clientId: string) => app.db.collection('oauth_client').findOne({ _id: clientId as never });
  /** The grants Connected apps lists for `user` in `team`, by client id. */
  async function connectedApps(user: SignedInUser, team = teamId): Promise<string[]> {
    const listed = await call(app, 'GET', `/api/teams/${team}/oauth/grants`, { token: user.token });
    expect(listed.status).toBe(200);
    return (listed.body as Array<{ client: { id: string }; user: { id: string } }>)
      .filter((grant) => grant.user.id === user.userId)
      .map((grant) => grant.client.id);
  }

  beforeAll(async () => {
    app = await startTestApp({}, { publicUrlIsSelf: true });
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    otherTeamId = (await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Second team' } })).body.id;
    member = await addMember(app, owner, teamId, { email: 'hygiene-member@example.com', name: 'Morgan', password: 'morgan-password-1' }, 'member');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('a registration answers registration_client_uri and registration_access_token, which read the client (RFC 7592); update and delete answer 405', async () => {
    const client = await registerPublicClient(app, 'Registration reader', ['http://127.0.0.1:47001/callback'], { software_id: 'reader-1' });
    expect(client.registration_client_uri).toBe(`${app.baseUrl}/oauth/register/${client.client_id}`);
    expect(client.registration_access_token).toEqual(expect.any(String));

    const read = await readRegistration(client);
    expect(read.status).toBe(200);
    expect(read.headers.get('cache-control')).toBe('no-store');
    expect(await read.json()).toMatchObject({
      client_id: client.client_id,
      client_name: 'Registration reader',
      redirect_uris: ['http://127.0.0.1:47001/callback'],
      software_id: 'reader-1',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      registration_client_uri: client.registration_client_uri,
      registration_access_token: client.registration_access_token,
    });

    const anonymous = await fetch(client.registration_client_uri!);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: string }).error).toBe('invalid_token');
    expect((await readRegistration(client, 'not-the-token')).status).toBe(401);

    // The token is a bearer secret: stored only as its hash.
    const stored = await app.db.collection('oauth_registration_access_token').find({ 'payload.clientId': client.client_id }).toArray();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(client.registration_access_token);

    for (const method of ['PUT', 'DELETE']) {
      const refused = await fetch(client.registration_client_uri!, {
        method,
        headers: { authorization: `Bearer ${client.registration_access_token}`, 'content-type': 'application/json' },
        body: method === 'PUT' ? JSON.stringify({ client_id: client.client_id, redirect_uris: ['https://attacker.example/cb'] }) : undefined,
      });
      expect(refused.status, method).toBe(405);
      expect(refused.headers.get('allow')).toBe('GET');
      expect(((await refused.json()) as { error: string }).error).toBe('invalid_request');
    }
    expect(await (await readRegistration(client)).json()).toMatchObject({ redirect_uris: ['http://127.0.0.1:47001/callback'] });

    // Another client's token does not read this one (and oidc-provider burns a token tried on the wrong client).
    const other = await registerPublicClient(app, 'Registration reader', ['http://127.0.0.1:47001/callback']);
    expect((await readRegistration(client, other.registration_access_token)).status).toBe(401);
    expect((await readRegistration(other)).status).toBe(401);
  });

  it('purges dynamic clients that never completed a grant after OAUTH_UNUSED_CLIENT_TTL_HOURS (24 h), and keeps used, consented and pre-registered ones', async () => {
    const unused = await registerPublicClient(app, 'Abandoned halfway', ['http://127.0.0.1:47002/callback']);
    const used = await registerPublicClient(app, 'Used app', ['http://127.0.0.1:47003/callback']);
    const usedTokens = await connectClient(app, owner, used, { teamId });
    const consented = await registerPublicClient(app, 'Consented, code never exchanged', ['http://127.0.0.1:47004/callback']);
    await authorizeClient(app, owner, consented, { teamId });
    const team = await call(app, 'POST', `/api/teams/${teamId}/oauth/clients`, {
      token: owner.token,
      body: { name: 'Team agent, never used', redirectUris: ['https://agent.example.com/callback'] },
    });
    expect(team.status).toBe(201);
    const everyone = [unused.client_id, used.client_id, consented.client_id, team.body.clientId as string];
    expect((await storedClient(used.client_id))?.firstGrantAt).toBeInstanceOf(Date);
    expect((await storedClient(unused.client_id))?.firstGrantAt).toBeUndefined();

    const oauth = app.nest.get(OAuthProviderService);
    await oauth.purge(new Date(Date.now() + 23 * HOUR));
    for (const clientId of everyone) expect(await storedClient(clientId), clientId).not.toBeNull();

    await oauth.purge(new Date(Date.now() + 25 * HOUR));
    expect(await storedClient(unused.client_id)).toBeNull();
    expect(await app.db.collection('oauth_registration_access_token').countDocuments({ 'payload.clientId': unused.client_id })).toBe(0);
    expect((await readRegistration(unused)).status).toBe(401);
    for (const clientId of everyone.slice(1)) expect(await storedClient(clientId), clientId).not.toBeNull();
    expect(await mcpStatus(app, usedTokens.access_token)).toBe(200);

    // 0 turns the purge off.
    const alsoUnused = await registerPublicClient(app, 'Abandoned too', ['http://127.0.0.1:47005/callback']);
    expect(await purgeUnusedClients(app.db, 0, new Date(Date.now() + 1000 * HOUR))).toBe(0);
    expect(await storedClient(alsoUnused.client_id)).not.toBeNull();
  });

  it('a second registration of the same software by the same user replaces the first once it gets tokens: one client, one grant, and the new token works', async () => {
    // Claude Code's shape: a new registration on every reconnect, on another loopback port.
    const first = await registerPublicClient(app, 'Claude Code (hygiene)', ['http://localhost:61001/callback']);
    const firstTokens = await connectClient(app, owner, first, { teamId });
    expect(await connectedApps(owner)).toContain(first.client_id);

    const second = await registerPublicClient(app, 'Claude Code (hygiene)', ['http://localhost:61002/callback']);
    const { code, verifier } = await authorizeClient(app, owner, second, { teamId });
    // Until the new connection has tokens, the old one keeps working.
    expect(await mcpStatus(app, firstTokens.access_token)).toBe(200);
    const secondTokens = await exchangeCode(app, second, code, verifier);

    expect(await mcpStatus(app, secondTokens.access_token)).toBe(200);
    expect(await mcpStatus(app, firstTokens.access_token)).toBe(401);
    const refresh = await tokenRequest(app, { grant_type: 'refresh_token', refresh_token: firstTokens.refresh_token, client_id: first.client_id });
    expect(refresh.body.error).toBe('invalid_client');
    expect(await storedClient(first.client_id)).toBeNull();
    expect((await readRegistration(first)).status).toBe(401);
    const listed = await connectedApps(owner);
    expect(listed).toContain(second.client_id);
    expect(listed).not.toContain(first.client_id);
    expect(listed.filter((clientId) => clientId === second.client_id)).toHaveLength(1);

    // The same client authorized again (a client that kept its registration) also leaves one grant.
    const again = await connectClient(app, owner, second, { teamId });
    expect(await mcpStatus(app, secondTokens.access_token)).toBe(401);
    expect(await mcpStatus(app, again.access_token)).toBe(200);
    expect((await connectedApps(owner)).filter((clientId) => clientId === second.client_id)).toHaveLength(1);
  });

  it("leaves another user's identical registration, other software, another team's connection and pre-registered clients alone", async () => {
    const software = ['VS Code (hygiene)', ['http://127.0.0.1:33418', 'https://vscode.dev/redirect']] as const;
    const theirs = await registerPublicClient(app, software[0], [...software[1]]);
    const theirTokens = await connectClient(app, member, theirs, { teamId, scopes: ['query'] });
    const inOtherTeam = await registerPublicClient(app, software[0], [...software[1]]);
    const otherTeamTokens = await connectClient(app, owner, inOtherTeam, { teamId: otherTeamId });
    const otherSoftware = await registerPublicClient(app, 'Cursor (hygiene)', ['cursor://anysphere.cursor-mcp/oauth/callback']);
    const otherSoftwareTokens = await connectClient(app, owner, otherSoftware, { teamId });
    const withSoftwareId = await registerPublicClient(app, software[0], [...software[1]], { software_id: 'vscode-insiders' });
    const withSoftwareIdTokens = await connectClient(app, owner, withSoftwareId, { teamId });

    // A pre-registered client with the very same name and redirect URIs, connected by the owner.
    const team = await call(app, 'POST', `/api/teams/${teamId}/oauth/clients`, {
      token: owner.token,
      body: { name: software[0], redirectUris: [...software[1]] },
    });
    const teamClient = { client_id: team.body.clientId as string, redirect_uris: [...software[1]] };
    const teamCode = await authorizeClient(app, owner, teamClient, { teamId });
    const teamTokens = await tokenRequest(
      app,
      { grant_type: 'authorization_code', code: teamCode.code, code_verifier: teamCode.verifier, redirect_uri: software[1][0] },
      { id: teamClient.client_id, secret: team.body.clientSecret },
    );
    expect(teamTokens.status).toBe(200);

    // Now the owner connects that software to this team by dynamic registration.
    const mine = await registerPublicClient(app, software[0], [...software[1]]);
    const myTokens = await connectClient(app, owner, mine, { teamId });

    expect(await mcpStatus(app, myTokens.access_token)).toBe(200);
    expect(await mcpStatus(app, theirTokens.access_token)).toBe(200);
    expect(await mcpStatus(app, otherTeamTokens.access_token)).toBe(200);
    expect(await mcpStatus(app, otherSoftwareTokens.access_token)).toBe(200);
    expect(await mcpStatus(app, withSoftwareIdTokens.access_token)).toBe(200);
    expect(await mcpStatus(app, teamTokens.body.access_token)).toBe(200);
    for (const client of [theirs, inOtherTeam, otherSoftware, withSoftwareId, teamClient])
      expect(await storedClient(client.client_id), client.client_id).not.toBeNull();
    expect(await connectedApps(member)).toEqual([theirs.client_id]);
    expect(await connectedApps(owner, otherTeamId)).toEqual([inOtherTeam.client_id]);
  });
});
