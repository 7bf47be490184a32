import { createHash, randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { apiCall } from './support/api';
import { launchBrowser, MEMBERS_URL, newPage, screenshot, signIn, stack } from './support/browser';
import { callMcpTool, createApiKey, createTeamScenario, waitForAuditRecords, type TeamScenario } from './support/scenario';

/**
 * Not a test: seeds a team with keys, an Odoo connection, MCP calls and a policy, then writes a
 * PNG of every dashboard page (as the owner, and as a member where the page differs) to
 * screenshots/. Run with `npm run screenshots` (nx run browser-e2e:screenshots).
 */
describe('dashboard screenshots', () => {
  let browser: Browser;
  let scenario: TeamScenario;
  let owner: Page;
  let member: Page;
  const url = (page: string) => `/teams/${scenario.team.id}/${page}`;

  beforeAll(async () => {
    scenario = await createTeamScenario('Northwind Ops');
    browser = await launchBrowser();
    owner = await newPage(browser);
    member = await newPage(browser);
    await signIn(owner, scenario.owner.email, scenario.owner.password);
    await signIn(member, scenario.member.email, scenario.member.password);
    await owner.waitForURL(MEMBERS_URL);
    await member.waitForURL(MEMBERS_URL);
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Waits for the page's own content (not the spinners), closes toasts, and lets animations settle. */
  async function capture(page: Page, name: string, ready: () => Promise<unknown>, options?: { fullPage?: boolean }) {
    await ready();
    for (const dismiss of await page.getByRole('button', { name: 'Dismiss' }).all()) await dismiss.click();
    await page.waitForTimeout(300);
    await screenshot(page, name, options);
  }

  it('captures the Odoo connection before and while connecting', async () => {
    await owner.goto(url('odoo'));
    await capture(owner, 'odoo-empty', () => owner.getByRole('heading', { name: 'No Odoo connected yet' }).waitFor());
    await member.goto(url('odoo'));
    await capture(member, 'odoo-empty-as-member', () => member.getByRole('heading', { name: 'No Odoo connected yet' }).waitFor());

    await owner.getByRole('button', { name: 'Connect your Odoo' }).click();
    await owner.getByLabel('Name').fill('Northwind production');
    await owner.getByLabel('URL').fill(stack.odoo.url);
    await owner.getByLabel('Database').fill(stack.odoo.database);
    await owner.getByLabel('Login').fill(stack.odoo.login);
    await owner.getByLabel('Secret').fill('wrong-secret');
    await owner.getByRole('button', { name: 'Test these settings' }).click();
    await capture(owner, 'odoo-connect-form-test-failed', () => owner.getByText('Odoo refused the login and secret').waitFor());
    await owner.getByLabel('Secret').fill(stack.odoo.password);
    await owner.getByRole('button', { name: 'Save connection' }).click();
    await owner.getByLabel('Connection status').getByRole('button', { name: 'Test connection' }).click();
    await capture(owner, 'odoo-connected', () => owner.getByText('Connected to Odoo 18.0').waitFor());
    await member.reload();
    await capture(member, 'odoo-as-member', () => member.getByText('Connected', { exact: true }).waitFor());
  });

  it('captures API keys: the list, the create dialog and the secret shown once', async () => {
    const adminKey = await createApiKey(scenario.admin, scenario.team.id, 'Reporting script', ['query', 'read']);
    await createApiKey(scenario.member, scenario.team.id, 'Cursor on my laptop', ['query', 'read', 'schema', 'create', 'write']);
    const old = await createApiKey(scenario.member, scenario.team.id, 'Old experiment');
    await apiCall(scenario.member.token, 'DELETE', `/api/teams/${scenario.team.id}/api-keys/${old.id}`);
    await callMcpTool(adminKey.secret, 'count_records', { model: 'res.partner' });

    await owner.goto(url('api-keys'));
    await owner.getByRole('button', { name: 'Create API key' }).first().click();
    const dialog = owner.getByRole('dialog', { name: 'Create an API key' });
    await dialog.getByLabel('Name').fill('Claude Code');
    await dialog.getByRole('checkbox', { name: /^write/ }).click();
    await capture(owner, 'api-keys-create-dialog', () => dialog.getByRole('button', { name: 'Create key' }).waitFor());
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await capture(owner, 'api-keys-created-secret', () => owner.getByRole('dialog', { name: 'API key created' }).waitFor());
    await owner.getByRole('button', { name: 'Done' }).click();
    await capture(owner, 'api-keys', () => owner.getByRole('row', { name: /Reporting script/ }).waitFor());
    await owner.getByRole('switch', { name: 'Show revoked keys' }).click();
    await capture(owner, 'api-keys-with-revoked', () => owner.getByRole('row', { name: /Old experiment/ }).waitFor());
    await member.goto(url('api-keys'));
    await capture(member, 'api-keys-as-member', () => member.getByRole('row', { name: /Cursor on my laptop/ }).waitFor());
  });

  it('captures the audit log, a call in detail, and the member’s view', async () => {
    const key = await createApiKey(scenario.owner, scenario.team.id, 'Audit demo', ['query', 'read', 'schema']);
    const memberKey = await createApiKey(scenario.member, scenario.team.id, 'Member demo', ['query', 'read']);
    await callMcpTool(key.secret, 'list_models', {});
    await callMcpTool(key.secret, 'get_fields', { model: 'res.partner' });
    await callMcpTool(key.secret, 'search_records', { model: 'res.partner', domain: [['is_company', '=', true]], fields: ['name', 'city'], limit: 5 });
    await callMcpTool(key.secret, 'aggregate_records', { model: 'sale.order', groupby: ['state'], aggregates: ['amount_total:sum'] });
    await callMcpTool(memberKey.secret, 'count_records', { model: 'sale.order' });
    await callMcpTool(memberKey.secret, 'get_record', { model: 'res.partner', id: 4242 });
    await waitForAuditRecords(scenario.owner, scenario.team.id, 7);

    await owner.goto(url('audit'));
    await capture(owner, 'audit-log', () => owner.getByRole('table', { name: 'Audit log' }).waitFor());
    await owner.getByRole('button', { name: /^Details of the search_records call/ }).click();
    await capture(owner, 'audit-log-detail', () => owner.getByRole('dialog').getByText('"city"').first().waitFor(), { fullPage: false });
    await owner.keyboard.press('Escape');
    await owner.getByRole('button', { name: /^Details of the get_record call/ }).click();
    await capture(owner, 'audit-log-detail-error', () => owner.getByRole('dialog').getByText('ODOO_MISSING_RECORD').waitFor(), {
      fullPage: false,
    });
    await owner.keyboard.press('Escape');
    await member.goto(url('audit'));
    await capture(member, 'audit-log-as-member', () => member.getByRole('table', { name: 'Audit log' }).waitFor());
  });

  it('captures the overview and usage analytics', async () => {
    await owner.goto(url('overview'));
    await capture(owner, 'overview', () => owner.getByRole('table', { name: 'Recent errors' }).waitFor());
    await member.goto(url('overview'));
    await capture(member, 'overview-as-member', () => member.getByLabel('Calls today', { exact: true }).waitFor());
    await owner.goto(url('usage'));
    await capture(owner, 'usage', () => owner.getByRole('figure', { name: 'Calls per day by tool' }).locator('svg .recharts-bar-rectangle').first().waitFor());
  });

  it('captures team settings as the owner and read-only as a member', async () => {
    await apiCall(scenario.owner.token, 'PATCH', `/api/teams/${scenario.team.id}`, {
      settings: {
        auditRetentionDays: 180,
        mcpPolicy: {
          readOnly: false,
          allowedModels: ['res.partner', 'sale.order', 'product.product'],
          deniedModels: ['hr.employee'],
          deniedFields: ['res.partner.vat', '*.iban'],
          rateLimits: { callsPerMinute: 300, writesPerMinute: 30 },
        },
      },
    });
    await owner.goto(url('settings'));
    await capture(owner, 'team-settings', () => owner.getByRole('button', { name: 'Remove hr.employee' }).waitFor());
    await member.goto(url('settings'));
    await capture(member, 'team-settings-as-member', () => member.getByText('Only the team’s owner can change').waitFor());
  });

  it('captures members, connectors and sessions', async () => {
    await owner.goto(url('members'));
    await capture(owner, 'members', () => owner.getByRole('cell', { name: scenario.member.email }).waitFor());
    await owner.goto(url('connectors'));
    await capture(owner, 'connectors', () => owner.getByLabel('Claude Code command', { exact: true }).waitFor());
    await owner.getByRole('tab', { name: 'Scripts' }).click();
    await capture(owner, 'connectors-scripts', () => owner.getByLabel('curl MCP call', { exact: true }).waitFor());
    await owner.goto('/account/sessions');
    await capture(owner, 'sessions', () => owner.getByText('This browser').waitFor());
  });

  it('captures the OAuth consent page and a pre-registered client', async () => {
    const registration = await fetch(`${stack.webUrl}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Claude',
        redirect_uris: ['https://claude.ai/api/mcp/auth_callback'],
        token_endpoint_auth_method: 'client_secret_basic',
      }),
    });
    const { client_id: clientId } = (await registration.json()) as { client_id: string };
    const authorize = new URL(`${stack.webUrl}/oauth/authorize`);
    authorize.search = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: 'https://claude.ai/api/mcp/auth_callback',
      scope: 'query read create write delete execute schema',
      code_challenge: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    await owner.goto(authorize.href);
    await capture(owner, 'oauth-consent-owner', () => owner.getByRole('button', { name: 'Allow' }).waitFor());
    await owner.goto(url('connectors'));
    await owner.getByRole('button', { name: 'New OAuth client' }).click();
    await owner.getByRole('dialog').getByLabel('Name').fill('Support agent');
    await owner.getByRole('dialog').getByLabel('Redirect URIs').fill('https://agent.example.com/callback');
    await owner.getByRole('dialog').getByRole('button', { name: 'Create client' }).click();
    await capture(owner, 'oauth-client-created', () => owner.getByRole('dialog').getByText('OAuth client created').waitFor(), { fullPage: false });
    await owner.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    await capture(owner, 'connectors-oauth', () => owner.getByRole('table', { name: 'Pre-registered OAuth clients' }).waitFor());
  });

  it('captures the workspaces pages: empty, create dialog, one running workspace and its detail (deleted afterwards)', async () => {
    await owner.goto(url('workspaces'));
    await capture(owner, 'workspaces-empty', () => owner.getByRole('heading', { name: 'No workspaces yet' }).waitFor());
    await owner.getByRole('button', { name: 'Create workspace' }).first().click();
    await capture(owner, 'workspaces-create-dialog', () => owner.getByRole('dialog', { name: 'Create a workspace' }).waitFor(), { fullPage: false });
    await owner.keyboard.press('Escape');
    await owner.goto(url('workspaces?tab=git-credentials'));
    await capture(owner, 'workspaces-git-credentials', () => owner.getByRole('heading', { name: 'No git credentials' }).waitFor());
    await apiCall(scenario.owner.token, 'POST', `/api/teams/${scenario.team.id}/workspaces`, { name: 'demo', env: { FEATURE_FLAG: 'on' } });
    try {
      await owner.goto(url('workspaces'));
      await capture(owner, 'workspaces', () => owner.getByRole('link', { name: 'demo', exact: true }).waitFor());
      await owner.goto(url('workspaces/demo'));
      await capture(owner, 'workspace-detail', () => owner.getByText('Logs', { exact: true }).first().waitFor());
    } finally {
      await apiCall(scenario.owner.token, 'DELETE', `/api/teams/${scenario.team.id}/workspaces/demo`);
    }
  });

  it('captures a few pages in dark mode', async () => {
    await owner.emulateMedia({ colorScheme: 'dark' });
    for (const page of ['audit', 'odoo', 'api-keys']) {
      await owner.goto(url(page));
      await capture(owner, `${page}-dark`, () => owner.waitForLoadState('networkidle'));
    }
    await owner.emulateMedia({ colorScheme: 'light' });
  });

  it('captures pages on a phone-sized screen', async () => {
    await owner.setViewportSize({ width: 390, height: 844 });
    for (const page of ['api-keys', 'audit', 'connectors']) {
      await owner.goto(url(page));
      await capture(owner, `${page}-phone`, () => owner.waitForLoadState('networkidle'));
    }
    await owner.setViewportSize({ width: 1280, height: 860 });
  });
});
