import type { OdooIdentity } from '@gantry/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall } from './support/api';
import { signInAdminAndMember, stack } from './support/browser';
import { callMcpTool, connectOdoo, createApiKey, createTeamScenario, waitForAuditRecords, type TeamScenario } from './support/scenario';
import { SEED_API_KEYS } from '@gantry/testing';

/** The Odoo test double's second user, who signs in with an API key of their own. */
const DEMO_LOGIN = 'demo';
const DEMO_API_KEY = SEED_API_KEYS.demo;

describe('overview, usage and the own Odoo login', () => {
  let browser: Browser;
  let scenario: TeamScenario;
  let admin: Page;
  let member: Page;

  beforeAll(async () => {
    scenario = await createTeamScenario('Insights Team');
    const teamId = scenario.team.id;
    await connectOdoo(scenario.admin, teamId);
    const key = (await createApiKey(scenario.admin, teamId, 'Insights key')).secret;
    expect((await callMcpTool(key, 'count_records', { model: 'res.partner' })).isError).toBeFalsy();
    expect((await callMcpTool(key, 'count_records', { model: 'res.country' })).isError).toBeFalsy();
    await waitForAuditRecords(scenario.admin, teamId, 2);

    ({ browser, admin, member } = await signInAdminAndMember(scenario));
  });

  afterAll(async () => {
    await browser?.close();
  });

  const teamUrl = (page = '') => `/teams/${scenario.team.id}${page ? `/${page}` : ''}`;

  it('opens a team on its overview, the first sidebar entry, with today’s calls and the connection', async () => {
    await admin.goto(teamUrl());
    await admin.waitForURL(/\/teams\/[a-f0-9]{24}\/overview$/);
    const nav = admin.getByRole('navigation', { name: 'Team' });
    expect(await nav.getByRole('link').first().textContent()).toBe('Overview');
    expect(await nav.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBe('page');

    const calls = admin.getByLabel('Calls today', { exact: true });
    await calls.getByText('2', { exact: true }).waitFor();
    expect(await admin.getByLabel('Error rate today', { exact: true }).textContent()).toContain('0%');
    expect(await admin.getByLabel('Active API keys', { exact: true }).textContent()).toContain('1');
    const connection = admin.getByLabel('Odoo connection', { exact: true });
    expect(await connection.textContent()).toContain(new URL(stack.odoo.url).host);
    await connection.getByText('Not tested').waitFor();
    await admin.getByText('No failed calls.').waitFor();

    await connection.getByRole('link', { name: 'View the Odoo connection' }).click();
    await admin.waitForURL(/\/odoo$/);
  });

  it('charts usage per day and tool and lists the tools', async () => {
    await admin.goto(teamUrl('usage'));
    const chart = admin.getByRole('figure', { name: 'Calls per day by tool' });
    await chart.locator('svg .recharts-bar-rectangle').first().waitFor();
    expect(await chart.locator('svg').count()).toBeGreaterThan(0);

    const tools = admin.getByRole('table', { name: 'Tools' });
    const row = tools.getByRole('row', { name: /count_records/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('count_records2');
    expect(await admin.getByLabel('Error rate', { exact: true }).textContent()).toContain('0%');

    await admin.getByRole('button', { name: '7 days' }).click();
    expect(await admin.getByRole('button', { name: '7 days' }).getAttribute('aria-pressed')).toBe('true');
    await tools.getByRole('row', { name: /count_records/ }).waitFor();
  });

  it('shows a member without calls the empty usage state', async () => {
    await member.goto(teamUrl('usage'));
    await member.getByRole('heading', { name: 'No calls in the last 30 days' }).waitFor();
  });

  it('lets a member link their own Odoo login, refuses a wrong key with the API’s message, and unlinks it', async () => {
    await member.goto(teamUrl('odoo'));
    const card = member.getByLabel('My Odoo login', { exact: true });
    await card.getByText('Not linked', { exact: true }).waitFor();
    expect(await card.textContent()).toContain('your AI calls in this team run as that Odoo user');

    await card.getByRole('button', { name: 'Link my Odoo login' }).click();
    await card.getByLabel('Your Odoo login', { exact: true }).fill(DEMO_LOGIN);
    await card.getByLabel('Odoo API key', { exact: true }).fill('not-the-key');
    await card.getByRole('button', { name: 'Link login' }).click();
    const refused = card.getByRole('alert').filter({ hasText: 'Odoo did not accept this login' });
    await refused.waitFor();

    await card.getByLabel('Odoo API key', { exact: true }).fill(DEMO_API_KEY);
    await card.getByRole('button', { name: 'Link login' }).click();
    await card.getByText('Linked', { exact: true }).waitFor();
    expect(await card.textContent()).toContain('(uid 6)');
    expect(await card.textContent()).not.toContain(DEMO_API_KEY);
    const linked = await apiCall<OdooIdentity>(scenario.member.token, 'GET', `/api/teams/${scenario.team.id}/odoo-identity`);
    expect(linked).toMatchObject({ linked: true, login: DEMO_LOGIN });

    await member.reload();
    await card.getByText('Linked', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Unlink', exact: true }).click();
    const dialog = member.getByRole('alertdialog', { name: 'Unlink your Odoo login?' });
    await dialog.getByRole('button', { name: 'Unlink login' }).click();
    await card.getByText('Not linked', { exact: true }).waitFor();
    const unlinked = await apiCall<OdooIdentity>(scenario.member.token, 'GET', `/api/teams/${scenario.team.id}/odoo-identity`);
    expect(unlinked.linked).toBe(false);
  });
});
