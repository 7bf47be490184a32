import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, MEMBERS_URL, newPage, signIn, stack } from './support/browser';
import { connectOdoo, createApiKey, createTeamScenario, type TeamScenario } from './support/scenario';

describe('connectors', () => {
  let browser: Browser;
  let scenario: TeamScenario;
  let page: Page;

  beforeAll(async () => {
    scenario = await createTeamScenario('Connectors Team');
    await connectOdoo(scenario.admin, scenario.team.id);
    browser = await launchBrowser();
    page = await newPage(browser);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await signIn(page, scenario.member.email, scenario.member.password);
    await page.waitForURL(MEMBERS_URL);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows this server’s MCP URL, the OAuth steps per client, and a link to create a key', async () => {
    await page.getByRole('link', { name: 'Connectors' }).click();
    await page.waitForURL(`**/teams/${scenario.team.id}/connectors`);
    expect(await page.getByLabel('MCP server URL').inputValue()).toBe(`${stack.webUrl}/mcp`);
    expect(await page.getByRole('link', { name: 'Create an API key' }).getAttribute('href')).toBe(`/teams/${scenario.team.id}/api-keys`);
    await page.getByText('Sign in with OAuth (recommended)').waitFor();
    const oauthTabs = page.getByRole('tablist', { name: 'OAuth clients' });
    for (const tab of ['Claude.ai', 'ChatGPT', 'Claude Code', 'Cursor', 'VS Code', 'MCP Inspector']) await oauthTabs.getByRole('tab', { name: tab }).waitFor();
    expect(await page.getByLabel('Claude.ai connector URL', { exact: true }).textContent()).toBe(`${stack.webUrl}/mcp`);
    await oauthTabs.getByRole('tab', { name: 'Cursor' }).click();
    const cursor = JSON.parse((await page.getByLabel('Cursor OAuth configuration', { exact: true }).textContent()) ?? '');
    expect(cursor).toEqual({ mcpServers: { gantry: { url: `${stack.webUrl}/mcp` } } });
    await oauthTabs.getByRole('tab', { name: 'Claude.ai' }).click();
    // A member manages their own connections; pre-registered clients are for owners and admins.
    await page.getByText('Connected apps', { exact: true }).waitFor();
    expect(await page.getByText('Pre-registered OAuth clients').count()).toBe(0);
  });

  it('gives each client a snippet with the URL and a key placeholder, and copies it', async () => {
    const claude = page.getByLabel('Claude Code command', { exact: true });
    expect(await claude.textContent()).toBe(`claude mcp add --transport http gantry ${stack.webUrl}/mcp \\\n  --header "Authorization: Bearer YOUR_API_KEY"`);
    await page.getByRole('button', { name: 'Copy Claude Code command' }).click();
    await page.getByRole('button', { name: 'Copy Claude Code command' }).getByText('Copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await claude.textContent());

    const keyTabs = page.getByRole('tablist', { name: 'API key clients' });
    for (const tab of ['Cursor', 'VS Code', 'MCP Inspector', 'Scripts']) {
      await keyTabs.getByRole('tab', { name: tab }).click();
      const panel = page.getByRole('tabpanel', { name: tab });
      expect(await panel.textContent()).toContain('YOUR_API_KEY');
    }
    expect(await page.getByLabel('curl REST call', { exact: true }).textContent()).toContain(`-u "${scenario.member.email}:YOUR_API_KEY"`);
  });

  it('has a Cursor configuration that works once the key is filled in', async () => {
    await page.getByRole('tablist', { name: 'API key clients' }).getByRole('tab', { name: 'Cursor' }).click();
    const config = JSON.parse((await page.getByLabel('Cursor configuration', { exact: true }).textContent()) ?? '') as {
      mcpServers: { gantry: { url: string; headers: Record<string, string> } };
    };
    const { secret } = await createApiKey(scenario.member, scenario.team.id, 'Cursor');
    const headers = Object.fromEntries(Object.entries(config.mcpServers.gantry.headers).map(([name, value]) => [name, value.replace('YOUR_API_KEY', secret)]));
    const response = await fetch(config.mcpServers.gantry.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'count_records', arguments: { model: 'res.partner' } } }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { isError?: boolean } };
    expect(body.result.isError).toBeFalsy();
  });
});
