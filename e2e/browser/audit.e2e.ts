import { readFile } from 'node:fs/promises';
import type { AuditRecord } from '@gantry/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAdminAndMember } from './support/browser';
import { callMcpTool, connectOdoo, createApiKey, createTeamScenario, waitForAuditRecords, type TeamScenario } from './support/scenario';

describe('audit log', () => {
  let browser: Browser;
  let scenario: TeamScenario;
  let admin: Page;
  let member: Page;
  let adminKey: string;

  beforeAll(async () => {
    scenario = await createTeamScenario('Audit Team');
    const teamId = scenario.team.id;
    await connectOdoo(scenario.admin, teamId);
    adminKey = (await createApiKey(scenario.admin, teamId, 'Admin key')).secret;
    const memberKey = (await createApiKey(scenario.member, teamId, 'Member key', ['query', 'read'])).secret;

    // Real MCP calls through the web origin, as a client makes them; each one is audited.
    expect((await callMcpTool(adminKey, 'count_records', { model: 'res.partner' })).isError).toBeFalsy();
    expect((await callMcpTool(adminKey, 'search_records', { model: 'res.country', fields: ['name'], limit: 2 })).isError).toBeFalsy();
    expect((await callMcpTool(memberKey, 'count_records', { model: 'res.partner' })).isError).toBeFalsy();
    expect((await callMcpTool(memberKey, 'get_record', { model: 'res.partner', id: 99999 })).isError).toBe(true);
    await waitForAuditRecords(scenario.admin, teamId, 4);

    ({ browser, admin, member } = await signInAdminAndMember(scenario));
  });

  afterAll(async () => {
    await browser?.close();
  });

  const auditUrl = () => `/teams/${scenario.team.id}/audit`;
  const rows = (page: Page) => page.getByRole('table', { name: 'Audit log' }).locator('tbody tr');

  async function chooseOption(page: Page, label: string, option: string) {
    await page.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  const applyFilters = (page: Page) => page.getByRole('button', { name: 'Apply filters' }).click();

  it('shows an admin every call of the team, newest first, and filters by user and status', async () => {
    await admin.goto(auditUrl());
    await rows(admin).first().waitFor();
    expect(await rows(admin).count()).toBe(4);
    expect(await admin.getByRole('columnheader').allTextContents()).toEqual(['Time', 'Tool', 'Model', 'Status', 'User', 'Credential', 'Duration', 'Details']);
    expect(await rows(admin).first().textContent()).toContain('get_record');

    await chooseOption(admin, 'User', 'Mel Member');
    await applyFilters(admin);
    await expect.poll(() => rows(admin).count()).toBe(2);
    for (const text of await rows(admin).allTextContents()) expect(text).toContain('Mel Member');

    await chooseOption(admin, 'Status', 'Error');
    await applyFilters(admin);
    await expect.poll(() => rows(admin).count()).toBe(1);
    expect(await rows(admin).first().textContent()).toContain('get_record');

    await admin.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => rows(admin).count()).toBe(4);

    await admin.getByLabel('Model').fill('country');
    await applyFilters(admin);
    await expect.poll(() => rows(admin).count()).toBe(1);
    expect(await rows(admin).first().textContent()).toContain('search_records');
    await admin.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => rows(admin).count()).toBe(4);
    expect(await admin.getByLabel('Model').inputValue()).toBe('');
  });

  it('opens a call in a side sheet with its parameters, result, error, duration and credential', async () => {
    await admin.getByRole('button', { name: /^Details of the get_record call at / }).click();
    const sheet = admin.getByRole('dialog');
    await sheet.getByText('ODOO_MISSING_RECORD').waitFor();
    const text = await sheet.textContent();
    expect(text).toContain('Mel Member');
    expect(text).toContain('API key “Member key”');
    expect(text).toMatch(/Duration\d+ ms/);
    expect(await sheet.getByLabel('parameters', { exact: true }).textContent()).toContain('"id": 99999');
    await admin.keyboard.press('Escape');
    await sheet.waitFor({ state: 'detached' });

    await admin.getByRole('button', { name: /^Details of the search_records call at / }).click();
    const result = admin.getByRole('dialog').getByLabel('result', { exact: true });
    await result.waitFor();
    expect(await result.textContent()).toContain('"model": "res.country"');
    await admin.keyboard.press('Escape');
  });

  it('exports the filtered log as CSV and JSON with the bearer token', async () => {
    const [csv] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(csv.suggestedFilename()).toMatch(/^gantry-audit-audit-team-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile(await csv.path(), 'utf8')).split('\n');
    expect(lines[0]).toBe('time,tool,model,status,durationMs,userEmail,credentialType,credentialId,errorCode,errorMessage');
    // One line per call; a quoted error message may span lines of its own.
    expect(lines.filter((line) => /^\d{4}-\d{2}-\d{2}T/.test(line))).toHaveLength(4);

    await chooseOption(admin, 'User', 'Mel Member');
    await applyFilters(admin);
    await expect.poll(() => rows(admin).count()).toBe(2);
    const [json] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Export JSON' }).click()]);
    const records = JSON.parse(await readFile(await json.path(), 'utf8')) as AuditRecord[];
    expect(records.map((record) => record.user.email)).toEqual([scenario.member.email, scenario.member.email]);
  });

  it('shows a member only their own calls, without the user column or filter', async () => {
    await member.goto(auditUrl());
    await rows(member).first().waitFor();
    expect(await rows(member).count()).toBe(2);
    expect(await member.getByRole('columnheader', { name: 'User' }).count()).toBe(0);
    expect(await member.getByRole('combobox', { name: 'User' }).count()).toBe(0);
    expect((await rows(member).allTextContents()).join()).not.toContain('Admin key');
  });

  it('pages through older calls with Load more', async () => {
    for (let batch = 0; batch < 5; batch++) {
      await Promise.all(Array.from({ length: 10 }, () => callMcpTool(adminKey, 'count_records', { model: 'res.country' })));
    }
    await waitForAuditRecords(scenario.admin, scenario.team.id, 54);
    await admin.goto(auditUrl());
    await rows(admin).first().waitFor();
    expect(await rows(admin).count()).toBe(50);
    await admin.getByText('50 calls shown, older ones on the next page').waitFor();
    await admin.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows(admin).count()).toBe(54);
    expect(await admin.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    // The oldest call is last.
    expect(await rows(admin).last().textContent()).toContain('count_records');
  });

  it('live tail: a call made while watching appears at the top without reloading', async () => {
    await admin.goto(auditUrl());
    await rows(admin).first().waitFor();
    const before = await rows(admin).count();
    await admin.getByRole('switch', { name: 'Live tail' }).click();
    await admin.getByTestId('live-status').getByText('live', { exact: true }).waitFor();
    expect((await callMcpTool(adminKey, 'list_models', { query: 'partner' })).isError).toBeFalsy();
    await admin.waitForFunction(
      ([selector, count]) => document.querySelectorAll(selector as string).length > (count as number),
      ['table[aria-label="Audit log"] tbody tr', before] as const,
      { timeout: 15_000 },
    );
    expect(await rows(admin).first().textContent()).toContain('list_models');
    await admin.getByRole('switch', { name: 'Live tail' }).click();
    expect(await admin.getByTestId('live-status').count()).toBe(0);
  });
});
