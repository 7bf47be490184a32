import type { Team } from '@gantry/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall } from './support/api';
import { launchBrowser, MEMBERS_URL, newPage, signIn } from './support/browser';
import { createTeamScenario, type TeamScenario } from './support/scenario';

describe('team settings', () => {
  let browser: Browser;
  let scenario: TeamScenario;
  let owner: Page;

  beforeAll(async () => {
    scenario = await createTeamScenario('Settings Team');
    browser = await launchBrowser();
    owner = await newPage(browser);
    await signIn(owner, scenario.owner.email, scenario.owner.password);
    await owner.waitForURL(MEMBERS_URL);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const settingsUrl = () => `/teams/${scenario.team.id}/settings`;

  async function addTag(page: Page, label: string, tag: string) {
    const input = page.getByLabel(label, { exact: true });
    await input.fill(tag);
    await input.press('Enter');
  }

  it('checks the values with the shared schema before saving', async () => {
    await owner.goto(settingsUrl());
    await owner.getByLabel('Audit retention (days)').fill('0');
    await addTag(owner, 'Allowed models', 'Not A Model');
    await owner.getByText('“Not” must be an Odoo model name such as res.partner').waitFor();
    await owner.getByRole('button', { name: 'Save settings' }).click();
    await owner.getByText('Audit retention (days) must be at least 1 day').waitFor();
    await owner.getByRole('button', { name: 'Discard changes' }).click();
    expect(await owner.getByLabel('Audit retention (days)').inputValue()).toBe('90');
  });

  it('lets the owner change the name, audit retention and MCP policy', async () => {
    await owner.reload();
    await owner.getByLabel('Team name').fill('Settings Team Renamed');
    await owner.getByLabel('Audit retention (days)').fill('30');
    await owner.getByRole('switch', { name: 'Read-only' }).click();
    await addTag(owner, 'Allowed models', 'res.partner');
    await addTag(owner, 'Allowed models', 'sale.order');
    await addTag(owner, 'Denied models', 'hr.employee');
    await addTag(owner, 'Denied fields', 'res.partner.vat');
    await owner.getByRole('button', { name: 'Remove sale.order' }).click();
    await owner.getByLabel('Calls per minute').fill('100');
    await owner.getByLabel('Writes per minute').fill('10');
    await owner.getByRole('combobox', { name: 'Confirm destructive calls' }).click();
    await owner.getByRole('option', { name: 'Always ask; refuse clients that cannot' }).click();
    await owner.getByRole('button', { name: 'Save settings' }).click();
    await owner.getByText('Team settings saved', { exact: true }).waitFor();

    const team = await apiCall<Team>(scenario.owner.token, 'GET', `/api/teams/${scenario.team.id}`);
    expect(team.name).toBe('Settings Team Renamed');
    expect(team.settings).toEqual({
      auditRetentionDays: 30,
      mcpPolicy: {
        readOnly: true,
        allowedModels: ['res.partner'],
        deniedModels: ['hr.employee'],
        deniedFields: ['res.partner.vat'],
        rateLimits: { callsPerMinute: 100, writesPerMinute: 10 },
        destructiveConfirmation: 'required',
        approvals: 'off',
      },
    });

    await owner.reload();
    await owner.getByRole('button', { name: 'Remove hr.employee' }).waitFor();
    expect(await owner.getByRole('switch', { name: 'Read-only' }).getAttribute('aria-checked')).toBe('true');
    expect(await owner.getByRole('combobox', { name: 'Confirm destructive calls' }).textContent()).toBe('Always ask; refuse clients that cannot');
    expect(await owner.getByRole('button', { name: /^Switch team, current:/ }).textContent()).toBe('Settings Team Renamed');
  });

  it('shows admins and members the settings read-only', async () => {
    for (const user of [scenario.admin, scenario.member]) {
      const page = await newPage(browser);
      await signIn(page, user.email, user.password);
      await page.waitForURL(MEMBERS_URL);
      await page.goto(settingsUrl());
      await page.getByText('Only the team’s owner can change these settings. You can read them.').waitFor();
      expect(await page.getByLabel('Team name').inputValue()).toBe('Settings Team Renamed');
      expect(await page.getByLabel('Team name').isDisabled()).toBe(true);
      expect(await page.getByRole('switch', { name: 'Read-only' }).isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Save settings' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: /^Remove / }).count()).toBe(0);
      await page.context().close();
    }
  });
});
