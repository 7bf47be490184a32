import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_PATH, SCREENSHOT_DIR } from './paths';

export const stack = inject('stack');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh browser profile: its own cookies, so it is a different person at the same origin. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: stack.webUrl, viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The whole page by default; `fullPage: false` for overlays (sheets, dialogs) fixed to the viewport. */
export async function screenshot(page: Page, name: string, { fullPage = true }: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

export const MEMBERS_URL = /\/teams\/[a-f0-9]{24}\/members$/;

export function teamIdFromUrl(page: Page): string {
  const match = /\/teams\/([a-f0-9]{24})\//.exec(page.url());
  if (!match) throw new Error(`not on a team page: ${page.url()}`);
  return match[1];
}

/** One browser with an admin and a member signed in on pages of their own (landing on the members page). */
export async function signInAdminAndMember(users: {
  admin: { email: string; password: string };
  member: { email: string; password: string };
}): Promise<{ browser: Browser; admin: Page; member: Page }> {
  const browser = await launchBrowser();
  const [admin, member] = [await newPage(browser), await newPage(browser)];
  await signIn(admin, users.admin.email, users.admin.password);
  await signIn(member, users.member.email, users.member.password);
  await admin.waitForURL(MEMBERS_URL);
  await member.waitForURL(MEMBERS_URL);
  return { browser, admin, member };
}
