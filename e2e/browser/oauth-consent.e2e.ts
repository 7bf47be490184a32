import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, MEMBERS_URL, newPage, screenshot, signIn, stack } from './support/browser';
import { connectOdoo, createTeamScenario, type TeamScenario } from './support/scenario';

/**
 * The OAuth authorization as a person sees it, in Chromium, through the public origin (Next's
 * proxy): a client registers, the browser lands on Gantry's sign-in, then the consent page; Allow
 * sends the code to the client's loopback callback (a real HTTP server here), which exchanges it
 * and calls /mcp. The grant is then listed on the Connectors page and disconnected from there.
 */
describe('OAuth consent in the dashboard', () => {
  let browser: Browser;
  let page: Page;
  let scenario: TeamScenario;
  let callbackServer: Server;
  let callbackUrl: string;
  const received: URL[] = [];

  async function registerClient(name: string): Promise<string> {
    const response = await fetch(`${stack.webUrl}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: name,
        redirect_uris: [callbackUrl],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { client_id: string }).client_id;
  }

  function authorizationUrl(clientId: string, scope: string) {
    const verifier = randomBytes(32).toString('base64url');
    const url = new URL(`${stack.webUrl}/oauth/authorize`);
    url.search = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: callbackUrl,
      scope,
      state: 'browser-state',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
      resource: `${stack.webUrl}/mcp`,
    }).toString();
    return { url: url.href, verifier };
  }

  async function nextCallback(): Promise<URL> {
    const deadline = Date.now() + 10_000;
    while (received.length === 0) {
      if (Date.now() > deadline) throw new Error('the client callback was not reached');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return received.shift()!;
  }

  beforeAll(async () => {
    scenario = await createTeamScenario('OAuth Team');
    await connectOdoo(scenario.admin, scenario.team.id);
    callbackServer = createServer((request, response) => {
      const url = new URL(request.url ?? '/', callbackUrl);
      // Browsers also ask the callback's host for /favicon.ico.
      if (url.pathname === '/callback') received.push(url);
      response.writeHead(200, { 'content-type': 'text/html' }).end('<p>You can close this window.</p>');
    });
    await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
    callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/callback`;
    browser = await launchBrowser();
    page = await newPage(browser);
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => callbackServer?.close(resolve));
  });

  it('signs in, shows who asks and where the answer goes, limits scopes by role, and sends the code to the client', async () => {
    const clientId = await registerClient('Claude Code (browser e2e)');
    const { url, verifier } = authorizationUrl(clientId, 'query read delete');
    await page.goto(url);
    await page.waitForURL(/\/login\?next=%2Fauthorize%2F/);
    await page.getByLabel('Email').fill(scenario.member.email);
    await page.getByLabel('Password').fill(scenario.member.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByRole('heading', { name: 'Connect Claude Code (browser e2e)' }).waitFor();
    expect(await page.getByTestId('redirect-host').textContent()).toBe(new URL(callbackUrl).host);
    await page.getByText('Self-registered').waitFor();
    expect(await page.getByRole('combobox', { name: 'Team' }).textContent()).toContain('OAuth Team (member)');
    expect(await page.getByRole('checkbox', { name: /query/ }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: /read/ }).isChecked()).toBe(true);
    const deleteScope = page.getByRole('checkbox', { name: /delete/ });
    expect(await deleteScope.isDisabled()).toBe(true);
    await page.getByText('Your role in this team cannot grant this.').waitFor();
    await screenshot(page, 'oauth-consent');

    await page.getByRole('checkbox', { name: /read/ }).click();
    await page.getByRole('button', { name: 'Allow' }).click();
    const callback = await nextCallback();
    expect(callback.searchParams.get('state')).toBe('browser-state');
    expect(callback.searchParams.get('iss')).toBe(stack.webUrl);
    const code = callback.searchParams.get('code')!;
    expect(code).toBeTruthy();

    const tokenResponse = await fetch(`${stack.webUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: callbackUrl, client_id: clientId }),
    });
    expect(tokenResponse.status).toBe(200);
    const tokens = (await tokenResponse.json()) as { access_token: string; scope: string };
    expect(tokens.scope).toBe('query');
    const mcp = await fetch(`${stack.webUrl}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'count_records', arguments: { model: 'res.partner' } } }),
    });
    expect(mcp.status).toBe(200);
    expect(((await mcp.json()) as { result: { isError?: boolean } }).result.isError).toBeFalsy();

    // The connection is listed on the Connectors page and can be disconnected there.
    await page.goto(`/teams/${scenario.team.id}/connectors`);
    const row = page.getByRole('table', { name: 'Connected apps' }).getByRole('row', { name: /Claude Code \(browser e2e\)/ });
    await row.waitFor();
    await row.getByRole('button', { name: 'Disconnect Claude Code (browser e2e)' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Disconnect' }).click();
    await page.getByText('No connected apps').waitFor();
    const after = await fetch(`${stack.webUrl}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(after.status).toBe(401);
  });

  it('Deny sends access_denied to the client', async () => {
    const clientId = await registerClient('Unwanted client');
    await page.goto(authorizationUrl(clientId, 'query').url);
    await page.getByRole('heading', { name: 'Connect Unwanted client' }).waitFor();
    await page.getByRole('button', { name: 'Deny' }).click();
    const callback = await nextCallback();
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('code')).toBeNull();
  });

  it('an admin creates a pre-registered client (secret shown once), and deletes it', async () => {
    const adminPage = await newPage(browser);
    await signIn(adminPage, scenario.admin.email, scenario.admin.password);
    await adminPage.waitForURL(MEMBERS_URL);
    await adminPage.goto(`/teams/${scenario.team.id}/connectors`);
    await adminPage.getByRole('button', { name: 'New OAuth client' }).click();
    const dialog = adminPage.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Support agent');
    await dialog.getByLabel('Redirect URIs').fill('https://agent.example.com/callback\nhttp://127.0.0.1:8765/cb');
    await dialog.getByRole('button', { name: 'Create client' }).click();
    await dialog.getByText('OAuth client created').waitFor();
    const clientId = await dialog.getByLabel('Client ID').inputValue();
    const secret = await dialog.getByLabel('Client secret').inputValue();
    expect(clientId).toMatch(/^gnt_client_/);
    expect(secret.length).toBeGreaterThanOrEqual(40);
    await dialog.getByRole('button', { name: 'Done' }).click();
    const row = adminPage.getByRole('table', { name: 'Pre-registered OAuth clients' }).getByRole('row', { name: /Support agent/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('https://agent.example.com/callback, http://127.0.0.1:8765/cb');
    expect(await adminPage.content()).not.toContain(secret);
    await row.getByRole('button', { name: 'Delete Support agent' }).click();
    await adminPage.getByRole('alertdialog').getByRole('button', { name: 'Delete client' }).click();
    await adminPage.getByText('No pre-registered clients').waitFor();
    await adminPage.close();
  });

  it('the consent page cannot be framed by another site (clickjacking)', async () => {
    const response = await fetch(`${stack.webUrl}/authorize/some-interaction`);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    await response.body?.cancel();
  });

  it('explains an expired or foreign request instead of failing silently', async () => {
    await page.goto('/authorize/not-a-real-interaction');
    await page.getByText('The request has expired').waitFor();
  });
});
