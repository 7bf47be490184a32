import type { CreatedInvitation, Team } from '@gantry/contracts';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, apiSignIn } from './support/api';
import { launchBrowser, MEMBERS_URL, newPage, screenshot, signIn, stack, teamIdFromUrl } from './support/browser';

const invitee = { email: 'mia.member@gantry.test', name: 'Mia Member', password: 'mia-password-42' };

describe('team members', () => {
  let browser: Browser;
  let owner: Page;
  let member: Page;
  let teamId: string;
  let acceptUrl: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await newPage(browser);
    await signIn(owner, stack.admin.email, stack.admin.password);
    await owner.waitForURL(MEMBERS_URL);
    teamId = teamIdFromUrl(owner);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lets the owner invite someone and shows the link to pass on', async () => {
    await owner.getByRole('button', { name: 'Invite member' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Invite a member' });
    await dialog.getByLabel('Email').fill(invitee.email);
    await dialog.getByLabel('Role').click();
    await owner.getByRole('option', { name: 'Member' }).click();
    await dialog.getByRole('button', { name: 'Create invitation' }).click();

    const link = owner.getByRole('dialog', { name: 'Invitation created' }).getByLabel('Invitation link');
    await link.waitFor();
    acceptUrl = await link.inputValue();
    await screenshot(owner, 'invite-dialog-link');
    expect(acceptUrl).toMatch(new RegExp(`^${stack.webUrl}/invitations/[^/]+$`));
    await owner.getByRole('button', { name: 'Copy link' }).waitFor();
    await owner.getByRole('button', { name: 'Done' }).click();

    const pending = owner.getByRole('table', { name: 'Pending invitations' });
    await pending.getByRole('cell', { name: invitee.email, exact: true }).waitFor();
  });

  it('lets the invitee create an account from the link and join as a member without management controls', async () => {
    member = await newPage(browser); // a fresh context: no cookies of the owner
    await member.goto(acceptUrl);
    await member.getByRole('heading', { name: `Join ${stack.admin.team}` }).waitFor();
    expect(await member.getByLabel('Email').inputValue()).toBe(invitee.email);
    await screenshot(member, 'invitation-accept-page');
    await member.getByLabel('Your name').fill(invitee.name);
    await member.getByLabel('Password').fill(invitee.password);
    await member.getByRole('button', { name: 'Create account and join' }).click();

    await member.waitForURL(`**/teams/${teamId}/members`);
    const table = member.getByRole('table', { name: `Members of ${stack.admin.team}` });
    await table.getByRole('cell', { name: stack.admin.email, exact: true }).waitFor();
    await table.getByRole('cell', { name: invitee.email, exact: true }).waitFor();

    await member.getByRole('button', { name: 'Leave team' }).waitFor();

    const usedLink = await newPage(browser);
    await usedLink.goto(acceptUrl);
    await usedLink.getByRole('heading', { name: 'This invitation cannot be used' }).waitFor();
    await usedLink.getByText(/already used\. Ask the person who invited you for a new link\.$/).waitFor();
    await usedLink.context().close();

    expect(await member.getByRole('button', { name: 'Invite member' }).count()).toBe(0);
    expect(await member.getByRole('button', { name: /^Remove / }).count()).toBe(0);
    expect(await member.getByRole('button', { name: /^Transfer ownership/ }).count()).toBe(0);
    expect(await member.getByRole('combobox').count()).toBe(0);
    expect(await member.getByRole('table', { name: 'Pending invitations' }).count()).toBe(0);
    await screenshot(member, 'members-page-as-member');
  });

  it('lets the owner make the member an admin, which gives the member the admin controls', async () => {
    await owner.reload();
    const roleSelect = owner.getByRole('combobox', { name: `Role of ${invitee.name}` });
    await roleSelect.click();
    await owner.getByRole('option', { name: 'Admin' }).click();
    await owner.getByText(`${invitee.name} is now admin`, { exact: true }).waitFor();
    expect(await roleSelect.textContent()).toBe('Admin');
    expect(await owner.getByRole('table', { name: 'Pending invitations' }).count()).toBe(0);
    await owner.getByText('No pending invitations.').waitFor();
    await screenshot(owner, 'members-page-as-owner');
    await owner.emulateMedia({ colorScheme: 'dark' });
    await owner.waitForTimeout(500); // let the colour transitions finish before the picture
    await screenshot(owner, 'members-page-as-owner-dark');
    await owner.emulateMedia({ colorScheme: 'light' });

    await member.reload();
    await member.getByRole('button', { name: 'Invite member' }).waitFor();
    // Admins manage members but never the owner, and cannot hand ownership over.
    expect(await member.getByRole('button', { name: `Remove ${stack.admin.name}` }).count()).toBe(0);
    expect(await member.getByRole('button', { name: /^Transfer ownership/ }).count()).toBe(0);
  });

  it('lets the owner revoke a pending invitation', async () => {
    await owner.getByRole('button', { name: 'Invite member' }).click();
    await owner.getByLabel('Email').fill('not.coming@gantry.test');
    await owner.getByRole('button', { name: 'Create invitation' }).click();
    await owner.getByLabel('Invitation link').waitFor();
    await owner.getByRole('button', { name: 'Done' }).click();

    await owner.getByRole('button', { name: 'Revoke invitation for not.coming@gantry.test' }).click();
    await owner.getByText('No pending invitations.').waitFor();
  });

  it('lets the owner remove the member after confirming', async () => {
    await owner.getByRole('button', { name: `Remove ${invitee.name}` }).click();
    const confirm = owner.getByRole('alertdialog', { name: `Remove ${invitee.name}?` });
    await confirm.getByRole('button', { name: 'Remove member' }).click();
    await confirm.waitFor({ state: 'detached' });
    const table = owner.getByRole('table', { name: `Members of ${stack.admin.team}` });
    await table.getByRole('cell', { name: invitee.email, exact: true }).waitFor({ state: 'detached' });
    expect(await table.getByRole('row').count()).toBe(2); // header + the owner
  });

  it('sends an invitee who already has an account to sign in first, then lets them join with one click', async () => {
    // Mia's account outlives her removal above. The page must not reveal that it exists, and
    // accepting as a "new account" with her real password must not sign her in.
    const ownerToken = await apiSignIn(stack.admin.email, stack.admin.password);
    const invitation = await apiCall<CreatedInvitation>(ownerToken, 'POST', `/api/teams/${teamId}/invitations`, { email: invitee.email, role: 'member' });
    const returning = await newPage(browser);
    await returning.goto(invitation.acceptUrl);
    await returning.getByLabel('Your name').fill(invitee.name);
    await returning.getByLabel('Password').fill(invitee.password);
    await returning.getByRole('button', { name: 'Create account and join' }).click();
    await returning.getByText(/already has a Gantry account: sign in with it/).waitFor();

    await returning.getByRole('link', { name: 'Sign in to join' }).click();
    await returning.waitForURL('**/login?next=*');
    await returning.getByLabel('Email').fill(invitee.email);
    await returning.getByLabel('Password').fill(invitee.password);
    await returning.getByRole('button', { name: 'Sign in' }).click();
    await returning.waitForURL(`**${new URL(invitation.acceptUrl).pathname}`);
    await returning.getByText(`You are signed in as ${invitee.email}.`).waitFor();
    await returning.getByRole('button', { name: `Join ${stack.admin.team}` }).click();
    await returning.waitForURL(`**/teams/${teamId}/members`);
    await returning.context().close();

    // Leave the shared team as the next tests expect it.
    const me = await apiCall<{ user: { id: string } }>(await apiSignIn(invitee.email, invitee.password), 'GET', '/api/auth/me');
    await apiCall(ownerToken, 'DELETE', `/api/teams/${teamId}/members/${me.user.id}`);
  });

  it('switches between teams with the team switcher', async () => {
    const token = await apiSignIn(stack.admin.email, stack.admin.password);
    const second = await apiCall<Team>(token, 'POST', '/api/teams', { name: 'Second Team' });

    await owner.reload();
    await owner.getByRole('button', { name: /^Switch team, current: / }).click();
    const items = owner.getByRole('menuitemradio');
    expect(await items.allTextContents()).toEqual([`${stack.admin.team}owner`, `${second.name}owner`]);
    await owner.getByRole('menuitemradio', { name: new RegExp(second.name) }).click();

    await owner.waitForURL(`**/teams/${second.id}/members`);
    await owner.getByRole('button', { name: `Switch team, current: ${second.name}` }).waitFor();
    await owner.getByRole('table', { name: `Members of ${second.name}` }).waitFor();

    await owner.getByRole('button', { name: /^Switch team/ }).click();
    await owner.getByRole('menuitemradio', { name: new RegExp(stack.admin.team) }).click();
    await owner.waitForURL(`**/teams/${teamId}/members`);
  });

  it('lets the owner hand a team over, after which they may leave it', async () => {
    const token = await apiSignIn(stack.admin.email, stack.admin.password);
    const team = await apiCall<Team>(token, 'POST', '/api/teams', { name: 'Handover Team' });
    const invitation = await apiCall<CreatedInvitation>(token, 'POST', `/api/teams/${team.id}/invitations`, {
      email: 'hank.heir@gantry.test',
      role: 'admin',
    });
    const invitationToken = new URL(invitation.acceptUrl).pathname.split('/').at(-1);
    const accepted = await fetch(`${stack.webUrl}/api/invitations/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: invitationToken, name: 'Hank Heir', password: 'hank-password-1' }),
    });
    expect(accepted.status).toBe(200);

    await owner.goto(`/teams/${team.id}/members`);
    // The owner cannot leave before handing the team over.
    await owner.getByRole('button', { name: 'Transfer ownership to Hank Heir' }).click();
    expect(await owner.getByRole('button', { name: 'Leave team' }).count()).toBe(0);
    const confirm = owner.getByRole('alertdialog', { name: 'Make Hank Heir the owner?' });
    await confirm.getByRole('button', { name: 'Transfer ownership' }).click();
    await confirm.waitFor({ state: 'detached' });

    // Now an admin: the transfer controls are gone and leaving is possible.
    await owner.getByRole('button', { name: 'Leave team' }).click();
    expect(await owner.getByRole('button', { name: /^Transfer ownership/ }).count()).toBe(0);
    await owner.getByRole('alertdialog', { name: 'Leave Handover Team?' }).getByRole('button', { name: 'Leave team' }).click();

    await owner.waitForURL(`**/teams/${teamId}/members`);
    await owner.getByRole('button', { name: /^Switch team/ }).click();
    expect(await owner.getByRole('menuitemradio').allTextContents()).not.toContain('Handover Teamadmin');
    await owner.keyboard.press('Escape');
  });
});
