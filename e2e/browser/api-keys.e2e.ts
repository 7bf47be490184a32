import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stack, signInAdminAndMember } from './support/browser';
import { callMcpTool, createApiKey, createTeamScenario, type TeamScenario } from './support/scenario';

describe('API keys', () => {
  let browser: Browser;
  let scenario: TeamScenario;
  let member: Page;
  let admin: Page;
  let memberSecret: string;

  beforeAll(async () => {
    scenario = await createTeamScenario('Keys Team');
    ({ browser, admin, member } = await signInAdminAndMember(scenario));
  });

  afterAll(async () => {
    await browser?.close();
  });

  const keysUrl = () => `/teams/${scenario.team.id}/api-keys`;
  const keysTable = (page: Page) => page.getByRole('table', { name: `API keys of ${scenario.team.name}` });

  it('checks the form with the shared schema', async () => {
    await member.goto(keysUrl());
    await member.getByRole('heading', { name: 'No API keys yet' }).waitFor();
    await member.getByRole('button', { name: 'Create API key' }).first().click();
    const dialog = member.getByRole('dialog', { name: 'Create an API key' });
    for (const scope of ['query', 'read', 'schema']) await dialog.getByRole('checkbox', { name: new RegExp(`^${scope}`) }).click();
    await dialog.getByRole('button', { name: 'Create key' }).click();
    await dialog.getByText('Name is required', { exact: true }).waitFor();
    await dialog.getByText('Choose at least one scope', { exact: true }).waitFor();
    await member.keyboard.press('Escape');
  });

  it('lets a member create a key and shows its secret once, with a copy button and a warning', async () => {
    await member.reload();
    await member.getByRole('button', { name: 'Create API key' }).first().click();
    const dialog = member.getByRole('dialog', { name: 'Create an API key' });
    await dialog.getByLabel('Name').fill('Member laptop');
    // The defaults come from DEFAULT_API_KEY_SCOPES.
    const checked = await Promise.all(
      ['query', 'read', 'create', 'write', 'delete', 'execute', 'schema', 'workspaces'].map((scope) =>
        dialog.getByRole('checkbox', { name: new RegExp(`^${scope}`) }).getAttribute('aria-checked'),
      ),
    );
    expect(checked).toEqual(['true', 'true', 'false', 'false', 'false', 'false', 'true', 'false']);
    // A member's role cannot give delete or execute (ROLE_SCOPES); the API refuses them too.
    expect(await dialog.getByRole('checkbox', { name: /^delete/ }).isDisabled()).toBe(true);
    expect(await dialog.getByRole('checkbox', { name: /^execute/ }).isDisabled()).toBe(true);
    expect(await dialog.getByRole('checkbox', { name: /^write/ }).isDisabled()).toBe(false);
    await dialog.getByRole('checkbox', { name: /^write/ }).click();
    await dialog.getByRole('button', { name: 'Create key' }).click();

    const created = member.getByRole('dialog', { name: 'API key created' });
    const secretField = created.getByLabel('API key', { exact: true });
    await secretField.waitFor();
    memberSecret = await secretField.inputValue();
    expect(memberSecret).toMatch(/^gnt_live_[A-Za-z0-9_-]{20,}$/);
    await created.getByText('Copy the key now: it is shown only once').waitFor();
    await created.getByRole('button', { name: 'Copy key' }).waitFor();
    await created.getByRole('button', { name: 'Done' }).click();

    const row = keysTable(member).getByRole('row', { name: /Member laptop/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(`${memberSecret.slice(0, 17)}…`);
    expect(await row.textContent()).toContain('Mel Member(you)');
    expect(await row.locator('[data-slot=badge]').allTextContents()).toEqual(['query', 'read', 'write', 'schema']);
    // Shown once: nothing on the page holds the secret any more.
    expect(await member.content()).not.toContain(memberSecret);
    expect((await callMcpTool(memberSecret, 'count_records', { model: 'res.partner' })).isError).toBe(true); // no Odoo yet, but the key is accepted
  });

  it('shows members only their own keys and admins the whole team’s', async () => {
    await createApiKey(scenario.admin, scenario.team.id, 'Admin script');

    await member.reload();
    await keysTable(member)
      .getByRole('row', { name: /Member laptop/ })
      .waitFor();
    expect(
      await keysTable(member)
        .getByRole('row', { name: /Admin script/ })
        .count(),
    ).toBe(0);
    expect(await member.getByRole('button', { name: /^Revoke / }).count()).toBe(1);

    await admin.goto(keysUrl());
    await keysTable(admin)
      .getByRole('row', { name: /Admin script/ })
      .waitFor();
    await keysTable(admin)
      .getByRole('row', { name: /Member laptop/ })
      .waitFor();
    await admin.getByRole('button', { name: 'Revoke Member laptop' }).waitFor();
    await admin.getByRole('button', { name: 'Revoke Admin script' }).waitFor();
  });

  it('lets an admin revoke a member’s key after confirming, which stops it at once', async () => {
    await admin.getByRole('button', { name: 'Revoke Member laptop' }).click();
    const confirm = admin.getByRole('alertdialog', { name: 'Revoke “Member laptop”?' });
    expect(await confirm.textContent()).toContain('Mel Member’s key');
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await admin.getByText('API key “Member laptop” revoked', { exact: true }).waitFor();
    await keysTable(admin)
      .getByRole('row', { name: /Member laptop/ })
      .waitFor({ state: 'detached' });

    const refused = await fetch(`${stack.webUrl}/mcp`, {
      method: 'POST',
      headers: { authorization: `Bearer ${memberSecret}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(refused.status).toBe(401);

    await admin.getByRole('switch', { name: 'Show revoked keys' }).click();
    const revoked = keysTable(admin).getByRole('row', { name: /Member laptop/ });
    await revoked.getByText(/^Revoked /).waitFor();
    expect(await revoked.getByRole('button').count()).toBe(0);
  });
});
