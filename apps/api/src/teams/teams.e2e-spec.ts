import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';

describe('teams, invitations and ownership', () => {
  let app: TestApp;
  let owner: SignedInUser;
  let teamId: string;

  beforeAll(async () => {
    app = await startTestApp();
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
  });
  afterAll(() => app.close());

  it('creates a team with a slug derived from its name; the creator owns it', async () => {
    const created = await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Zürich Ops & Co' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: 'zurich-ops-co', name: 'Zürich Ops & Co', role: 'owner' });
    const duplicate = await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Other', slug: 'zurich-ops-co' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('TEAM_SLUG_TAKEN');
    const sameName = await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Zürich Ops & Co' } });
    expect(sameName.status).toBe(201);
    expect(sameName.body.slug).toMatch(/^zurich-ops-co-[a-z0-9]+$/);
    const me = await call(app, 'GET', '/api/auth/me', { token: owner.token });
    expect(me.body.memberships.map((membership: { role: string }) => membership.role)).toEqual(['owner', 'owner', 'owner']);
  });

  it('invites by email: the link is shown once, only its hash is stored, and it works once', async () => {
    const invitation = await call(app, 'POST', `/api/teams/${teamId}/invitations`, {
      token: owner.token,
      body: { email: 'Newbie@Example.com', role: 'admin' },
    });
    expect(invitation.status).toBe(201);
    expect(invitation.body).toMatchObject({ email: 'newbie@example.com', role: 'admin', invitedBy: { name: OWNER.name } });
    const token = invitation.body.acceptUrl.split('/invitations/')[1];
    expect(invitation.body.acceptUrl).toBe(`${app.config.PUBLIC_URL}/invitations/${token}`);
    expect(JSON.stringify(await app.db.collection('invitations').find().toArray())).not.toContain(token);

    const listed = await call(app, 'GET', `/api/teams/${teamId}/invitations`, { token: owner.token });
    expect(listed.body).toEqual([expect.not.objectContaining({ acceptUrl: expect.anything() })]);

    const preview = await call(app, 'GET', `/api/invitations/${token}`);
    expect(preview.body).toEqual({ team: { name: 'Acme', slug: 'acme' }, email: 'newbie@example.com', role: 'admin', expiresAt: expect.any(String) });

    const noName = await call(app, 'POST', '/api/invitations/accept', { body: { token, password: 'newbie-password' } });
    expect(noName.status).toBe(400);
    expect(noName.body.error.fields).toEqual([{ path: 'name', message: 'is required for a new account' }]);

    const accepted = await call(app, 'POST', '/api/invitations/accept', { body: { token, name: 'Nia Newbie', password: 'newbie-password' } });
    expect(accepted.status).toBe(200);
    expect(accepted.body.memberships).toEqual([expect.objectContaining({ role: 'admin' })]);
    expect(accepted.refreshCookie).toBeDefined();

    const again = await call(app, 'POST', '/api/invitations/accept', { body: { token, name: 'Nia Newbie', password: 'newbie-password' } });
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('INVITATION_INVALID');
    expect((await call(app, 'GET', `/api/invitations/${token}`)).status).toBe(410);
  });

  it('never checks an existing account\'s password nor signs it in on acceptance: the same "sign in first" answer, right password or wrong', async () => {
    const other = (await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Second' } })).body.id;
    const invitation = await call(app, 'POST', `/api/teams/${other}/invitations`, { token: owner.token, body: { email: 'newbie@example.com' } });
    const token = invitation.body.acceptUrl.split('/invitations/')[1];
    // The preview is the same whether or not the invited email has an account.
    expect((await call(app, 'GET', `/api/invitations/${token}`)).body).not.toHaveProperty('accountExists');

    const answers = await Promise.all(
      [
        { token, password: 'not-her-password' },
        { token, password: 'newbie-password' },
        { token, name: 'Nia Newbie', password: 'newbie-password' },
      ].map((body) => call(app, 'POST', '/api/invitations/accept', { body })),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(409);
      expect(answer.body).toEqual(answers[0]!.body);
      expect(answer.refreshCookie).toBeUndefined();
      expect(JSON.stringify(answer.body)).not.toContain('accessToken');
    }
    expect(answers[0]!.body.error.code).toBe('INVITATION_SIGN_IN_REQUIRED');
    // Nothing was joined, and the link still works for the real owner of the address.
    const newbie = await login(app, 'newbie@example.com', 'newbie-password');
    expect((await call(app, 'GET', '/api/auth/me', { token: newbie.token })).body.memberships).toHaveLength(1);
    expect((await call(app, 'GET', `/api/invitations/${token}`)).status).toBe(200);
  });

  it('lets the signed-in account with the invited email join; another account, an API key or no sign-in cannot', async () => {
    const other = (await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Third' } })).body.id;
    const invitation = await call(app, 'POST', `/api/teams/${other}/invitations`, { token: owner.token, body: { email: 'Newbie@example.com', role: 'admin' } });
    const token = invitation.body.acceptUrl.split('/invitations/')[1];
    const join = (credential?: string, headers?: Record<string, string>) => call(app, 'POST', `/api/invitations/${token}/join`, { token: credential, headers });

    expect((await join()).status).toBe(401);
    const wrongAccount = await join(owner.token);
    expect(wrongAccount.status).toBe(403);
    expect(wrongAccount.body.error.code).toBe('INVITATION_FOR_ANOTHER_ACCOUNT');
    const newbie = await login(app, 'newbie@example.com', 'newbie-password');
    const key = await call(app, 'POST', `/api/teams/${teamId}/api-keys`, { token: newbie.token, body: { name: 'script' } });
    expect((await join(key.body.secret)).status).toBe(403);

    const joined = await join(newbie.token);
    expect(joined.status).toBe(200);
    expect(joined.body.memberships).toEqual(expect.arrayContaining([{ team: expect.objectContaining({ id: other, name: 'Third' }), role: 'admin' }]));
    expect(joined.refreshCookie).toBeUndefined();
    const again = await join(newbie.token);
    expect(again.status).toBe(410);
    expect(again.body.error.code).toBe('INVITATION_INVALID');
  });

  it('counts invitation acceptances against the client IP like sign-in attempts (429 with Retry-After)', async () => {
    const limited = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_IP: '3' });
    try {
      const attempt = () =>
        call(limited, 'POST', '/api/invitations/accept', { body: { token: 'not-a-real-token-at-all-000', name: 'X', password: 'guess-password-1' } });
      for (let index = 0; index < 3; index += 1) expect((await attempt()).status).toBe(410);
      const refused = await attempt();
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('refuses to invite an existing member, and expired or revoked links', async () => {
    const duplicate = await call(app, 'POST', `/api/teams/${teamId}/invitations`, { token: owner.token, body: { email: OWNER.email } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('ALREADY_MEMBER');

    const expiring = await call(app, 'POST', `/api/teams/${teamId}/invitations`, { token: owner.token, body: { email: 'late@example.com' } });
    const { ObjectId } = await import('mongodb');
    await app.db.collection('invitations').updateOne({ _id: new ObjectId(expiring.body.id as string) }, { $set: { expiresAt: new Date(Date.now() - 1) } });
    const lateToken = expiring.body.acceptUrl.split('/invitations/')[1];
    expect((await call(app, 'POST', '/api/invitations/accept', { body: { token: lateToken, name: 'Late', password: 'late-password-1' } })).status).toBe(410);
    expect(await app.db.collection('users').countDocuments({ email: 'late@example.com' })).toBe(0);

    const revoked = await call(app, 'POST', `/api/teams/${teamId}/invitations`, { token: owner.token, body: { email: 'revoked@example.com' } });
    expect((await call(app, 'DELETE', `/api/teams/${teamId}/invitations/${revoked.body.id}`, { token: owner.token })).status).toBe(204);
    const revokedToken = revoked.body.acceptUrl.split('/invitations/')[1];
    expect((await call(app, 'POST', '/api/invitations/accept', { body: { token: revokedToken, name: 'R', password: 'revoked-password' } })).status).toBe(410);
    expect((await call(app, 'GET', '/api/invitations/not-a-real-token-at-all-000')).status).toBe(410);
  });

  it('keeps exactly one owner: transfer moves it, the old owner becomes admin, the owner cannot leave', async () => {
    const heir = await addMember(app, owner, teamId, { email: 'heir@example.com', name: 'Hal Heir', password: 'heir-password-1' }, 'member');
    const leave = await call(app, 'DELETE', `/api/teams/${teamId}/members/${owner.userId}`, { token: owner.token });
    expect(leave.status).toBe(409);
    expect(leave.body.error.code).toBe('OWNER_CANNOT_LEAVE');
    const demoteOwner = await call(app, 'PATCH', `/api/teams/${teamId}/members/${owner.userId}`, { token: owner.token, body: { role: 'member' } });
    expect(demoteOwner.status).toBe(409);
    const promote = await call(app, 'PATCH', `/api/teams/${teamId}/members/${heir.userId}`, { token: owner.token, body: { role: 'owner' } });
    expect(promote.status).toBe(400);

    expect((await call(app, 'POST', `/api/teams/${teamId}/transfer-ownership`, { token: owner.token, body: { userId: heir.userId } })).status).toBe(204);
    const members = (await call(app, 'GET', `/api/teams/${teamId}/members`, { token: heir.token })).body as Array<{ userId: string; role: string }>;
    expect(members.filter((member) => member.role === 'owner').map((member) => member.userId)).toEqual([heir.userId]);
    expect(members.find((member) => member.userId === owner.userId)?.role).toBe('admin');
    const again = await call(app, 'POST', `/api/teams/${teamId}/transfer-ownership`, { token: owner.token, body: { userId: owner.userId } });
    expect(again.status).toBe(403);

    // the former owner may now leave; the new owner hands the team back first for the other tests
    expect((await call(app, 'POST', `/api/teams/${teamId}/transfer-ownership`, { token: heir.token, body: { userId: owner.userId } })).status).toBe(204);
    expect((await call(app, 'DELETE', `/api/teams/${teamId}/members/${heir.userId}`, { token: heir.token })).status).toBe(204);
    expect((await call(app, 'GET', `/api/teams/${teamId}`, { token: heir.token })).status).toBe(404);
  });

  it('keeps audit retention per team, 90 days by default, changed by the owner within bounds', async () => {
    expect((await call(app, 'GET', `/api/teams/${teamId}`, { token: owner.token })).body.settings.auditRetentionDays).toBe(90);
    const changed = await call(app, 'PATCH', `/api/teams/${teamId}`, { token: owner.token, body: { settings: { auditRetentionDays: 30 } } });
    expect(changed.body.settings.auditRetentionDays).toBe(30);
    expect(changed.body.settings.mcpPolicy).toMatchObject({ readOnly: false, rateLimits: { callsPerMinute: 600 } });
    expect(changed.body.name).toBe('Acme');
    const tooLong = await call(app, 'PATCH', `/api/teams/${teamId}`, { token: owner.token, body: { settings: { auditRetentionDays: 0 } } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.fields[0].path).toBe('settings.auditRetentionDays');
  });

  it('transfers only to a member of the team', async () => {
    const response = await call(app, 'POST', `/api/teams/${teamId}/transfer-ownership`, { token: owner.token, body: { userId: '0123456789abcdef01234567' } });
    expect(response.status).toBe(404);
  });

  it('a removed member loses access at once', async () => {
    const member = await addMember(app, owner, teamId, { email: 'gone@example.com', name: 'Gone', password: 'gone-password-1' }, 'member');
    expect((await call(app, 'GET', `/api/teams/${teamId}/members`, { token: member.token })).status).toBe(200);
    expect((await call(app, 'DELETE', `/api/teams/${teamId}/members/${member.userId}`, { token: owner.token })).status).toBe(204);
    expect((await call(app, 'GET', `/api/teams/${teamId}/members`, { token: member.token })).status).toBe(404);
  });
});
