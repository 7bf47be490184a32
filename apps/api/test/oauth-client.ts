import { OAuthUserAgent, pkcePair } from './oauth-user-agent';
import { SignedInUser, TestApp } from './test-app';

/** A dynamic registration's answer (RFC 7591), with the RFC 7592 management fields. */
export interface RegisteredClient {
  client_id: string;
  client_secret?: string;
  client_name?: string;
  redirect_uris: string[];
  registration_client_uri?: string;
  registration_access_token?: string;
  [field: string]: unknown;
}

export interface IssuedTokens {
  access_token: string;
  refresh_token: string;
}

/** POST /oauth/register, as an MCP client does it. */
export async function registerClient(app: TestApp, metadata: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const response = await fetch(`${app.baseUrl}/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(metadata),
  });
  return { status: response.status, body: await response.json() };
}

/** A public native client (no secret), the shape Claude Code and VS Code register. */
export async function registerPublicClient(app: TestApp, name: string, redirectUris: string[], extra: Record<string, unknown> = {}): Promise<RegisteredClient> {
  const registered = await registerClient(app, {
    client_name: name,
    redirect_uris: redirectUris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    ...extra,
  });
  if (registered.status !== 201) throw new Error(`registration failed: ${registered.status} ${JSON.stringify(registered.body)}`);
  return registered.body;
}

/**
 * The browser leg for `user`: authorization with PKCE, consent for `teamId` and `scopes`; returns
 * the code (not yet exchanged) and its verifier.
 */
export async function authorizeClient(
  app: TestApp,
  user: SignedInUser,
  client: Pick<RegisteredClient, 'client_id' | 'redirect_uris'>,
  choice: { teamId: string; scopes?: string[] },
): Promise<{ code: string; verifier: string }> {
  const scopes = choice.scopes ?? ['query', 'read', 'schema'];
  const { verifier, challenge } = pkcePair();
  const url = new URL(`${app.baseUrl}/oauth/authorize`);
  for (const [key, value] of Object.entries({
    client_id: client.client_id,
    response_type: 'code',
    redirect_uri: client.redirect_uris[0]!,
    scope: scopes.join(' '),
    state: 'st4te',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }))
    url.searchParams.set(key, value);
  const back = await new OAuthUserAgent(app, user.token).authorize(url, { teamId: choice.teamId, scopes });
  const code = back.searchParams.get('code');
  if (!code) throw new Error(`no code: ${back.href}`);
  return { code, verifier };
}

/** POST /oauth/token with a form, optionally with client_secret_basic. */
export async function tokenRequest(app: TestApp, form: Record<string, string>, basic?: { id: string; secret: string }): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (basic) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(basic.id)}:${encodeURIComponent(basic.secret)}`).toString('base64')}`;
  const response = await fetch(`${app.baseUrl}/oauth/token`, { method: 'POST', headers, body: new URLSearchParams(form) });
  return { status: response.status, body: await response.json() };
}

/** Exchanges a public client's code for tokens; throws unless the token endpoint answers 200. */
export async function exchangeCode(
  app: TestApp,
  client: Pick<RegisteredClient, 'client_id' | 'redirect_uris'>,
  code: string,
  verifier: string,
): Promise<IssuedTokens> {
  const issued = await tokenRequest(app, {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: client.redirect_uris[0]!,
    client_id: client.client_id,
  });
  if (issued.status !== 200) throw new Error(`code exchange failed: ${issued.status} ${JSON.stringify(issued.body)}`);
  return issued.body;
}

/** Authorization, consent and code exchange for a public client: a complete connection. */
export async function connectClient(
  app: TestApp,
  user: SignedInUser,
  client: Pick<RegisteredClient, 'client_id' | 'redirect_uris'>,
  choice: { teamId: string; scopes?: string[] },
): Promise<IssuedTokens> {
  const { code, verifier } = await authorizeClient(app, user, client, choice);
  return exchangeCode(app, client, code, verifier);
}

/** The status /mcp answers a tools/list with this bearer token: 200 or 401. */
export async function mcpStatus(app: TestApp, accessToken: string): Promise<number> {
  const response = await fetch(`${app.baseUrl}/mcp`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  await response.text();
  return response.status;
}
