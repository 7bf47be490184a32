import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, MEMBERS_URL, newPage, screenshot, signIn, stack } from './support/browser';

describe('signing in and out', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('checks the form with the shared schema before calling the API', async () => {
    const page = await newPage(browser);
    await signIn(page, 'not-an-email', '');
    await expect(textOf(page, 'Email must be a valid email address')).resolves.toBe(true);
    await expect(textOf(page, 'Password is required')).resolves.toBe(true);
    expect(page.url()).toMatch(/\/login$/);
    await page.context().close();
  });

  it('shows the API message when the password is wrong', async () => {
    const page = await newPage(browser);
    await signIn(page, stack.admin.email, 'wrong-password-123');
    const alert = page.getByRole('alert').filter({ hasText: 'Email or password is incorrect' });
    await alert.waitFor();
    await screenshot(page, 'login-error');
    expect(page.url()).toMatch(/\/login$/);
    await page.context().close();
  });

  it('tells how long to wait when sign-ins are rate limited', async () => {
    const page = await newPage(browser);
    await page.goto('/login');
    // The API allows 3 failures per account in this run (LOGIN_MAX_FAILURES_PER_ACCOUNT).
    for (let attempt = 1; attempt <= 4; attempt++) {
      await page.getByLabel('Email').fill('nobody@gantry.test');
      await page.getByLabel('Password').fill(`wrong-${attempt}`);
      await Promise.all([
        page.waitForResponse((response) => response.url().endsWith('/api/auth/login')),
        page.getByRole('button', { name: 'Sign in' }).click(),
      ]);
    }
    const alert = page.getByRole('alert').filter({ hasText: 'Too many attempts' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Too many attempts, try again in \d+ s$/);
    await page.context().close();
  });

  it('lands the owner on the members page, keeps the session across a reload, and logs out for good', async () => {
    const page = await newPage(browser);
    await signIn(page, stack.admin.email, stack.admin.password);
    await page.waitForURL(MEMBERS_URL);
    await page.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
    await page.getByRole('cell', { name: stack.admin.email, exact: true }).waitFor();
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).not.toMatch(/ey[A-Za-z0-9_-]{10,}\./);

    // The access token is only in memory: a reload restores it from the httpOnly refresh cookie.
    const membersUrl = page.url();
    await page.reload();
    await page.getByRole('cell', { name: stack.admin.email, exact: true }).waitFor();
    expect(page.url()).toBe(membersUrl);
    expect(await page.evaluate(() => document.cookie)).not.toContain('gantry_refresh');

    await page.getByRole('button', { name: /^User menu/ }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);

    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(page.url()).toMatch(/\/login$/);

    // The dashboard itself sends a signed-out visitor back to sign in.
    await page.goto(membersUrl);
    await page.waitForURL(/\/login\?next=/);
    await page.context().close();
  });
});

async function textOf(page: Page, text: string): Promise<boolean> {
  await page.getByText(text, { exact: true }).waitFor();
  return true;
}
