import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, MEMBERS_URL, newPage, signIn } from './support/browser';
import { createApiKey, createTeamScenario, type TeamScenario } from './support/scenario';

/** The text of one column of the table's body rows, top to bottom. */
const columnTexts = (table: Locator, index: number) => table.locator(`tbody tr td:nth-child(${index})`).allTextContents();
const header = (table: Locator, name: string) => table.getByRole('columnheader', { name, exact: true });
const sortButton = (table: Locator, name: string) => table.getByRole('button', { name, exact: true });

describe('list tables: sorting and filtering', () => {
  let browser: Browser;
  let scenario: TeamScenario;
  let page: Page;

  beforeAll(async () => {
    scenario = await createTeamScenario('Tables Team');
    // One after another, so the creation order (newest first on the page) is known.
    await createApiKey(scenario.admin, scenario.team.id, 'bravo build');
    await createApiKey(scenario.admin, scenario.team.id, 'Alpha agent');
    await createApiKey(scenario.owner, scenario.team.id, 'charlie cron');
    await createApiKey(scenario.member, scenario.team.id, 'Delta desk');
    browser = await launchBrowser();
    page = await newPage(browser);
    await signIn(page, scenario.admin.email, scenario.admin.password);
    await page.waitForURL(MEMBERS_URL);
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe('API keys', () => {
    const keysTable = () => page.getByRole('table', { name: `API keys of ${scenario.team.name}` });
    const names = () => columnTexts(keysTable(), 1);

    it('lists the newest key first, sorted by Created', async () => {
      await page.goto(`/teams/${scenario.team.id}/api-keys`);
      await keysTable()
        .getByRole('row', { name: /bravo build/ })
        .waitFor();
      expect(await names()).toEqual(['Delta desk', 'charlie cron', 'Alpha agent', 'bravo build']);
      expect(await header(keysTable(), 'Created').getAttribute('aria-sort')).toBe('descending');
      expect(await header(keysTable(), 'Name').getAttribute('aria-sort')).toBe('none');
      // Columns that do not sort have no button and no aria-sort.
      expect(await header(keysTable(), 'Scopes').getAttribute('aria-sort')).toBeNull();
      expect(await keysTable().getByRole('button', { name: 'Scopes' }).count()).toBe(0);
    });

    it('sorts by name when its header is clicked, and flips the order on the next click', async () => {
      await sortButton(keysTable(), 'Name').click();
      await expect.poll(names).toEqual(['Alpha agent', 'bravo build', 'charlie cron', 'Delta desk']);
      expect(await header(keysTable(), 'Name').getAttribute('aria-sort')).toBe('ascending');
      expect(await header(keysTable(), 'Created').getAttribute('aria-sort')).toBe('none');

      await sortButton(keysTable(), 'Name').click();
      await expect.poll(names).toEqual(['Delta desk', 'charlie cron', 'bravo build', 'Alpha agent']);
      expect(await header(keysTable(), 'Name').getAttribute('aria-sort')).toBe('descending');
    });

    it('sorts from the keyboard too', async () => {
      await sortButton(keysTable(), 'Created').focus();
      await page.keyboard.press('Enter');
      // Dates start newest first.
      await expect.poll(() => header(keysTable(), 'Created').getAttribute('aria-sort')).toBe('descending');
      expect(await names()).toEqual(['Delta desk', 'charlie cron', 'Alpha agent', 'bravo build']);
      await page.keyboard.press('Space');
      await expect.poll(names).toEqual(['bravo build', 'Alpha agent', 'charlie cron', 'Delta desk']);
      expect(await header(keysTable(), 'Created').getAttribute('aria-sort')).toBe('ascending');
      expect(await header(keysTable(), 'Name').getAttribute('aria-sort')).toBe('none');
    });

    it('narrows the rows to those whose name or owner contains the filter text', async () => {
      const filter = page.getByRole('searchbox', { name: 'Filter keys', exact: true });
      await filter.fill('oona'); // the owner's name, any case
      await expect.poll(names).toEqual(['charlie cron']);
      await filter.fill('DESK');
      await expect.poll(names).toEqual(['Delta desk']);
      await filter.fill('a'); // the sort still applies to what is left
      await expect.poll(names).toEqual(['bravo build', 'Alpha agent', 'charlie cron', 'Delta desk']);
      await filter.fill('nothing like it');
      await keysTable().getByText('No keys match “nothing like it”.').waitFor();
      await filter.fill('');
      await expect.poll(names).toEqual(['bravo build', 'Alpha agent', 'charlie cron', 'Delta desk']);
    });
  });

  describe('members', () => {
    const membersTable = () => page.getByRole('table', { name: `Members of ${scenario.team.name}` });
    const emails = () => columnTexts(membersTable(), 2);

    it('lists the owner first, then admins and members, sorted by Role', async () => {
      await page.goto(`/teams/${scenario.team.id}/members`);
      await membersTable().getByRole('cell', { name: scenario.member.email, exact: true }).waitFor();
      expect(await emails()).toEqual([scenario.owner.email, scenario.admin.email, scenario.member.email]);
      expect(await header(membersTable(), 'Role').getAttribute('aria-sort')).toBe('ascending');
      expect(await header(membersTable(), 'Name').getAttribute('aria-sort')).toBe('none');
    });

    it('sorts by name and by email, each click flipping the order', async () => {
      await sortButton(membersTable(), 'Name').click();
      // Adam Admin, Mel Member, Oona Owner
      await expect.poll(emails).toEqual([scenario.admin.email, scenario.member.email, scenario.owner.email]);
      expect(await header(membersTable(), 'Name').getAttribute('aria-sort')).toBe('ascending');
      expect(await header(membersTable(), 'Role').getAttribute('aria-sort')).toBe('none');

      await sortButton(membersTable(), 'Name').click();
      await expect.poll(emails).toEqual([scenario.owner.email, scenario.member.email, scenario.admin.email]);
      expect(await header(membersTable(), 'Name').getAttribute('aria-sort')).toBe('descending');

      await sortButton(membersTable(), 'Email').click();
      await expect.poll(emails).toEqual([scenario.admin.email, scenario.member.email, scenario.owner.email]);
      expect(await header(membersTable(), 'Email').getAttribute('aria-sort')).toBe('ascending');
      expect(await header(membersTable(), 'Name').getAttribute('aria-sort')).toBe('none');

      await sortButton(membersTable(), 'Role').click();
      await expect.poll(emails).toEqual([scenario.owner.email, scenario.admin.email, scenario.member.email]);
      await sortButton(membersTable(), 'Role').click();
      await expect.poll(emails).toEqual([scenario.member.email, scenario.admin.email, scenario.owner.email]);
      expect(await header(membersTable(), 'Role').getAttribute('aria-sort')).toBe('descending');
    });

    it('narrows the rows to those whose name or email contains the filter text', async () => {
      const filter = page.getByRole('searchbox', { name: 'Filter members', exact: true });
      await filter.fill('mel member');
      await expect.poll(emails).toEqual([scenario.member.email]);
      await filter.fill(scenario.admin.email.toUpperCase());
      await expect.poll(emails).toEqual([scenario.admin.email]);
      await filter.fill('nobody here');
      await membersTable().getByText('No members match “nobody here”.').waitFor();
      expect(await membersTable().locator('tbody tr').count()).toBe(1);
      await filter.fill('');
      await expect.poll(emails).toEqual([scenario.member.email, scenario.admin.email, scenario.owner.email]);
    });
  });
});
