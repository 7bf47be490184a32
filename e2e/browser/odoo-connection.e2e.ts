import type { OdooConnection } from '@gantry/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall } from './support/api';
import { signInAdminAndMember, stack } from './support/browser';
import { createTeamScenario, type TeamScenario } from './support/scenario';

describe('Odoo connection', () => {
  let browser: Browser;
  let scenario: TeamScenario;
  let admin: Page;
  let member: Page;

  beforeAll(async () => {
    scenario = await createTeamScenario('Odoo Team');
    ({ browser, admin, member } = await signInAdminAndMember(scenario));
  });

  afterAll(async () => {
    await browser?.close();
  });

  const odooUrl = () => `/teams/${scenario.team.id}/odoo`;
  const statusCard = (page: Page) => page.getByLabel('Connection status');

  it('tells a member there is no connection yet, without a way to add one', async () => {
    await member.goto(odooUrl());
    await member.getByRole('heading', { name: 'No Odoo connected yet' }).waitFor();
    expect(await member.getByRole('button', { name: 'Connect your Odoo' }).count()).toBe(0);
  });

  it('lets an admin connect Odoo: the first save needs every field, and a draft test tells what is wrong', async () => {
    await admin.goto(odooUrl());
    await admin.getByRole('heading', { name: 'No Odoo connected yet' }).waitFor();
    await admin.getByRole('button', { name: 'Connect your Odoo' }).click();

    await admin.getByRole('button', { name: 'Save connection' }).click();
    await admin.getByText('Name is required', { exact: true }).waitFor();
    await admin.getByText('Secret is required', { exact: true }).waitFor();

    await admin.getByLabel('Name').fill('Demo Odoo');
    await admin.getByLabel('URL').fill(stack.odoo.url);
    await admin.getByLabel('Database').fill(stack.odoo.database);
    await admin.getByLabel('Login').fill(stack.odoo.login);
    await admin.getByLabel('Secret').fill('not-the-password');
    await admin.getByRole('button', { name: 'Test these settings' }).click();
    const refused = admin.getByRole('alert').filter({ hasText: 'Odoo refused the login and secret' });
    await refused.waitFor();
    expect(await refused.textContent()).toContain('ODOO_ACCESS_DENIED');

    await admin.getByLabel('Secret').fill(stack.odoo.password);
    await admin.getByRole('button', { name: 'Test these settings' }).click();
    await admin.getByText('Connected to Odoo 18.0').waitFor();

    await admin.getByRole('button', { name: 'Save connection' }).click();
    await admin.getByText('Odoo connection saved', { exact: true }).waitFor();
    await statusCard(admin).getByText('Not tested').waitFor();
  });

  it('tests the saved connection and shows server version, Odoo user and companies', async () => {
    await statusCard(admin).getByRole('button', { name: 'Test connection' }).click();
    await statusCard(admin).getByText('Connected', { exact: true }).waitFor();
    const card = statusCard(admin);
    await card.getByText('Connected to Odoo 18.0').waitFor();
    expect(await card.textContent()).toContain(`${stack.odoo.userName} (uid 2)`);
    expect(await card.textContent()).toContain(stack.odoo.companies.join(', '));
    expect(await card.textContent()).toMatch(/last checked \d{1,2} \w{3} \d{4}, \d{2}:\d{2}:\d{2} UTC/);
  });

  it('keeps the stored secret when the secret field is left empty', async () => {
    const secret = admin.getByLabel('Secret');
    expect(await secret.inputValue()).toBe('');
    expect(await secret.getAttribute('placeholder')).toBe('Keep the stored secret');
    await admin.getByLabel('Name').fill('Production Odoo');
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await admin.getByText('Odoo connection updated', { exact: true }).waitFor();
    await statusCard(admin).getByText('Production Odoo').waitFor();

    // Only the name changed, so the status stands; a new test still signs in with the stored secret.
    await statusCard(admin).getByText('Connected', { exact: true }).waitFor();
    await statusCard(admin).getByRole('button', { name: 'Test connection' }).click();
    await statusCard(admin).getByText('Connected to Odoo 18.0').waitFor();
    const saved = await apiCall<OdooConnection>(scenario.admin.token, 'GET', `/api/teams/${scenario.team.id}/odoo-connection`);
    expect(saved).toMatchObject({ name: 'Production Odoo', status: 'ok' });
  });

  it('shows a member the name, host and status only', async () => {
    await member.reload();
    const card = statusCard(member);
    await card.getByText('Production Odoo').waitFor();
    await card.getByText('Connected', { exact: true }).waitFor();
    expect(await card.textContent()).toContain(new URL(stack.odoo.url).host);
    expect(await member.getByRole('button', { name: 'Test connection' }).count()).toBe(0);
    expect(await member.getByRole('textbox').count()).toBe(0);
    expect(await member.getByText('Connection settings').count()).toBe(0);
    expect(await member.content()).not.toContain(stack.odoo.userName);
  });

  it('says in words when the saved server cannot be reached', async () => {
    await admin.getByLabel('URL').fill('http://127.0.0.1:9');
    await admin.getByRole('button', { name: 'Save changes' }).click();
    // Another URL needs the secret again: the stored one only goes to the server it was entered for.
    await admin.getByText('Secret is required when the URL changes', { exact: true }).waitFor();
    await admin.getByLabel('Secret').fill(stack.odoo.password);
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await statusCard(admin).getByText('Not tested').waitFor();
    await statusCard(admin).getByRole('button', { name: 'Test connection' }).click();
    await statusCard(admin).getByText('Failing', { exact: true }).waitFor();
    await statusCard(admin).getByText('The Odoo server could not be reached').waitFor();
  });
});
