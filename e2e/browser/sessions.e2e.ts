import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSignIn } from './support/api';
import { launchBrowser, MEMBERS_URL, newPage, signIn, stack } from './support/browser';
import { createTeamScenario, type TeamScenario } from './support/scenario';

describe('sessions', () => {
  let browser: Browser;
  let scenario: TeamScenario;
  let page: Page;
  let otherToken: string;

  beforeAll(async () => {
    scenario = await createTeamScenario('Sessions Team');
    // Besides the invitation's sign-in, one from a script and one in the browser.
    otherToken = await apiSignIn(scenario.member.email, scenario.member.password);
    browser = await launchBrowser();
    page = await newPage(browser);
    await signIn(page, scenario.member.email, scenario.member.password);
    await page.waitForURL(MEMBERS_URL);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const rows = () => page.getByRole('table', { name: 'Active sessions' }).locator('tbody tr');
  const me = (token: string) => fetch(`${stack.webUrl}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });

  it('lists the sessions from the user menu, with this browser marked and not revocable here', async () => {
    await page.getByRole('button', { name: /^User menu/ }).click();
    await page.getByRole('menuitem', { name: 'Sessions' }).click();
    await page.waitForURL('**/account/sessions');
    await rows().first().waitFor();
    expect(await rows().count()).toBe(3);
    const current = rows().filter({ hasText: 'This browser' });
    expect(await current.count()).toBe(1);
    expect(await current.textContent()).toContain('Headless Chrome on Linux');
    expect(await current.getByRole('button').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Revoke the session of / }).count()).toBe(2);
  });

  it('revokes the other sessions after confirming, which signs them out at once', async () => {
    expect((await me(otherToken)).status).toBe(200);
    for (const remaining of [2, 1]) {
      await page
        .getByRole('button', { name: /^Revoke the session of / })
        .first()
        .click();
      const confirm = page.getByRole('alertdialog', { name: 'Revoke this session?' });
      await confirm.getByRole('button', { name: 'Revoke session' }).click();
      await confirm.waitFor({ state: 'detached' });
      await expect.poll(() => rows().count()).toBe(remaining);
    }
    expect((await me(otherToken)).status).toBe(401);
    expect((await me(scenario.member.token)).status).toBe(401);
    await rows().filter({ hasText: 'This browser' }).waitFor();
  });
});
