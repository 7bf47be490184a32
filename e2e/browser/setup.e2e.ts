import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer } from './support/api-server';
import { launchBrowser, MEMBERS_URL, screenshot, stack } from './support/browser';
import { freePort } from './support/processes';
import { startWebServer } from './support/web-server';

/** A second, empty installation: no GANTRY_ADMIN_*, so the first visitor must set Gantry up. */
describe('first run', () => {
  let api: Awaited<ReturnType<typeof startApiServer>>;
  let web: Awaited<ReturnType<typeof startWebServer>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const webPort = await freePort();
    api = await startApiServer({
      port: await freePort(),
      mongoUri: `${stack.mongoUri}gantry-browser-e2e-first-run`,
      publicUrl: `http://127.0.0.1:${webPort}`,
      // Access tokens that expire almost at once, to watch the dashboard renew them.
      env: { ACCESS_TOKEN_TTL_SECONDS: '2' },
      logName: 'api-first-run',
    });
    web = await startWebServer(api.url, 'web-first-run', webPort);
    browser = await launchBrowser();
    const context = await browser.newContext({ baseURL: web.url });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.stop();
    await api?.stop();
  });

  it('sends the first visitor to /setup, creates the owner and team, and signs them in', async () => {
    await page.goto('/');
    await page.waitForURL(/\/setup$/);
    await page.getByRole('button', { name: 'Create owner and team' }).click();
    await page.getByText('Your name is required', { exact: true }).waitFor();
    await page.getByText('Password must be at least 10 characters', { exact: true }).waitFor();
    await screenshot(page, 'setup-page-errors');

    await page.getByLabel('Your name').fill('Fiona First');
    await page.getByLabel('Email').fill('fiona@gantry.test');
    await page.getByLabel('Password').fill('fiona-password-1');
    await page.getByLabel('Team name').fill('First Team');
    await page.getByRole('button', { name: 'Create owner and team' }).click();

    await page.waitForURL(MEMBERS_URL);
    await page.getByRole('button', { name: 'Switch team, current: First Team' }).waitFor();
    await page.getByRole('cell', { name: 'fiona@gantry.test', exact: true }).waitFor();

    const again = await fetch(`${web.url}/setup`, { redirect: 'manual' });
    expect(again.status).toBe(307);
    expect(again.headers.get('location')).toMatch(/\/login$/);
  });

  it('renews an expired access token with the refresh cookie and retries the call', async () => {
    const calls: string[] = [];
    page.on('response', (response) => {
      const { pathname } = new URL(response.url());
      if (pathname === '/api/teams' || pathname === '/api/auth/refresh') {
        calls.push(`${response.request().method()} ${pathname} ${response.status()}`);
      }
    });
    await page.waitForTimeout(2_500); // the 2 s access token is now expired

    await page.getByRole('button', { name: /^Switch team/ }).click();
    await page.getByRole('menuitem', { name: 'Create team' }).click();
    await page.getByRole('dialog', { name: 'Create a team' }).getByLabel('Team name').fill('Renewed Team');
    await page.getByRole('button', { name: 'Create team' }).click();

    await page.getByRole('button', { name: 'Switch team, current: Renewed Team' }).waitFor();
    expect(page.url()).toMatch(MEMBERS_URL);
    const created = calls.indexOf('POST /api/teams 201');
    expect(calls.slice(0, created + 1)).toEqual(['POST /api/teams 401', 'POST /api/auth/refresh 200', 'POST /api/teams 201']);
  });
});
