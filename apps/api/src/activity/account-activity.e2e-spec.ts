import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountTrail, CLIENT, flushTrail, teamTrail } from '../../test/activity-trail';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';

const MEMBER = { email: 'member@example.com', name: 'Max Member', password: 'member-password-1' };
const LOCKED = { email: 'locked@example.com', name: 'Lou Locked', password: 'locked-password-1' };

/** Account events (no team) in the trail: sign-ins, failed sign-ins, lockouts, sign-outs, sessions, refusals elsewhere. */
describe('account trail', () => {
  let app: TestApp;
  let owner: SignedInUser;
  let member: SignedInUser;
  let teamId: string;

  const signIn = (email: string, password: string) => call(app, 'POST', '/api/auth/login', { body: { email, password }, headers: CLIENT });

  beforeAll(async () => {
    app = await startTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3' });
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    member = await addMember(app, owner, teamId, MEMBER, 'member');
    await addMember(app, owner, teamId, LOCKED, 'member');
  });
  afterAll(() => app.close());

  it('records a sign-in with the new session, the client address and user agent', async () => {
    const signedIn = await signIn(MEMBER.email, MEMBER.password);
    expect(signedIn.status).toBe(200);
    const [latest] = await accountTrail(app, member);
    expect(latest).toMatchObject({
      teamId: null,
      action: 'auth.signIn',
      route: 'POST /api/auth/login',
      actor: { id: member.userId, email: MEMBER.email, name: MEMBER.name },
      credential: { type: 'session', id: expect.stringMatching(/^[a-f0-9]{24}$/), label: null },
      ip: '203.0.113.7',
      userAgent: CLIENT['user-agent'],
      outcome: 'success',
      status: 200,
    });
    // The invitation that made the account signed it in too: that is the team's event.
    const joined = await teamTrail(app, owner, teamId, { action: 'invitations.accept', actor: member.userId });
    expect(joined).toMatchObject([{ teamId, target: { resource: 'members', id: member.userId, label: MEMBER.email }, details: { role: 'member' } }]);
  });

  it('records failed sign-ins and one lockout for the account, however often it is tried', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await signIn(LOCKED.email, 'wrong-password-0')).status).toBe(401);
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await signIn(LOCKED.email, LOCKED.password)).status).toBe(429);
    await flushTrail(app);
    const raw = await app.db.collection('activity_logs').find({ userEmail: LOCKED.email, action: 'auth.signIn' }).sort({ time: -1 }).toArray();
    expect(raw.map((record) => `${record.outcome} ${record.error?.code ?? ''}`)).toEqual([
      'denied RATE_LIMITED',
      'denied INVALID_CREDENTIALS',
      'denied INVALID_CREDENTIALS',
      'denied INVALID_CREDENTIALS',
    ]);
    expect(raw.every((record) => record.teamId === null && record.userId?.toHexString() === raw[0]!.userId?.toHexString())).toBe(true);
    expect(raw[0]).toMatchObject({ ip: '203.0.113.7', credential: null, status: 429 });
  });

  it('shows the owner of an account its failed sign-ins; an unknown email is no one’s and answers the same', async () => {
    expect((await signIn(MEMBER.email, 'not-my-password')).status).toBe(401);
    const unknown = await signIn('nobody@example.com', 'not-my-password');
    const wrong = await signIn(MEMBER.email, 'not-my-password');
    expect([unknown.status, unknown.body]).toEqual([wrong.status, wrong.body]);

    const mine = await accountTrail(app, member, { action: 'auth.signIn', outcome: 'denied' });
    expect(mine).toHaveLength(2);
    expect(mine[0]).toMatchObject({ actor: { id: member.userId, email: MEMBER.email }, error: { code: 'INVALID_CREDENTIALS' }, status: 401 });
    for (const user of [owner, member]) expect(JSON.stringify(await accountTrail(app, user))).not.toContain('nobody@example.com');
    expect(JSON.stringify(await teamTrail(app, owner, teamId))).not.toContain('nobody@example.com');
    const stored = await app.db.collection('activity_logs').findOne({ userEmail: 'nobody@example.com' });
    expect(stored).toMatchObject({ userId: null, teamId: null, outcome: 'denied' });
  });

  it('records revoking another session, and signing out', async () => {
    const other = await signIn(MEMBER.email, MEMBER.password);
    const sessions = await call(app, 'GET', '/api/auth/sessions', { token: member.token });
    const otherSession = sessions.body.find((session: { current: boolean; id: string }) => !session.current && session.id);
    expect((await call(app, 'DELETE', `/api/auth/sessions/${otherSession.id}`, { token: member.token, headers: CLIENT })).status).toBe(204);
    const [revoked] = await accountTrail(app, member, { action: 'account.sessions' });
    expect(revoked).toMatchObject({
      teamId: null,
      route: 'DELETE /api/auth/sessions/:sessionId',
      target: { resource: 'sessions', id: otherSession.id },
      actor: { id: member.userId },
      outcome: 'success',
      status: 204,
    });

    const fresh = await signIn(MEMBER.email, MEMBER.password);
    expect((await call(app, 'POST', '/api/auth/logout', { cookie: fresh.refreshCookie, headers: CLIENT })).status).toBe(204);
    const [signedOut] = await accountTrail(app, member, { action: 'auth.signOut' });
    expect(signedOut).toMatchObject({
      actor: { id: member.userId, email: MEMBER.email, name: MEMBER.name },
      credential: { type: 'session', id: fresh.refreshCookie!.split('.')[0] },
      outcome: 'success',
    });
    expect(other.status).toBe(200);
    // Signing out with a cookie that ends nothing is not an event.
    expect((await call(app, 'POST', '/api/auth/logout', { cookie: fresh.refreshCookie })).status).toBe(204);
    expect(await accountTrail(app, member, { action: 'auth.signOut' })).toHaveLength(1);
  });

  it('records a replayed refresh token ending the sign-in; ordinary refreshes are not events', async () => {
    const signedIn = await signIn(MEMBER.email, MEMBER.password);
    const rotated = await call(app, 'POST', '/api/auth/refresh', { cookie: signedIn.refreshCookie });
    expect(rotated.status).toBe(200);
    const replayed = await call(app, 'POST', '/api/auth/refresh', { cookie: signedIn.refreshCookie, headers: CLIENT });
    expect(replayed.body.error.code).toBe('REFRESH_TOKEN_REUSED');
    const refreshes = await accountTrail(app, member, { action: 'auth.refresh' });
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).toMatchObject({
      credential: { type: 'session', id: signedIn.refreshCookie!.split('.')[0] },
      outcome: 'denied',
      error: { code: 'REFRESH_TOKEN_REUSED' },
      details: { revoked: expect.any(String) },
    });
  });

  it('records a refusal in a team the caller is not in as their own account event, not the team’s', async () => {
    const other = (await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Other team' } })).body.id;
    expect((await call(app, 'GET', `/api/teams/${other}/members`, { token: member.token, headers: CLIENT })).status).toBe(404);
    const [refused] = await accountTrail(app, member, { outcome: 'denied', action: 'members.read' });
    expect(refused).toMatchObject({ teamId: null, route: 'GET /api/teams/:teamId/members', status: 404, error: { code: 'NOT_FOUND' } });
    expect(await teamTrail(app, owner, other, { actor: member.userId })).toEqual([]);
    // Creating a team is that team's first record.
    expect(await teamTrail(app, owner, other)).toMatchObject([{ action: 'account.teams', target: { resource: 'teams', id: other, label: 'Other team' } }]);
  });

  it('is one’s own: another person’s events never show, and an API key cannot read it', async () => {
    for (const record of await accountTrail(app, owner)) expect(record.actor.id).toBe(owner.userId);
    const key = await call(app, 'POST', `/api/teams/${teamId}/api-keys`, { token: member.token, body: { name: 'k', scopes: ['audit'] } });
    const byKey = await call(app, 'GET', '/api/auth/activity', { token: key.body.secret });
    expect(byKey.status).toBe(403);
    const bad = await call(app, 'GET', '/api/auth/activity?actor=0123456789abcdef01234567', { token: member.token });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('records the setup page’s first owner and team as the new team’s first record', async () => {
    const fresh = await startTestApp({ GANTRY_ADMIN_EMAIL: '', GANTRY_ADMIN_PASSWORD: '' });
    try {
      const body = { email: 'first@example.com', password: 'first-owner-password', name: 'First Owner', teamName: 'Firsts' };
      const setUp = await call(fresh, 'POST', '/api/setup', { body, headers: CLIENT });
      expect(setUp.status).toBe(201);
      const first: SignedInUser = { token: setUp.body.accessToken, cookie: setUp.refreshCookie!, userId: setUp.body.user.id, email: body.email };
      const team = setUp.body.memberships[0].team.id;
      expect(await teamTrail(fresh, first, team)).toMatchObject([
        {
          action: 'auth.setup',
          route: 'POST /api/setup',
          target: { resource: 'teams', id: team, label: 'Firsts' },
          actor: { id: first.userId, email: body.email, name: body.name },
          credential: { type: 'session' },
          ip: '203.0.113.7',
          outcome: 'success',
          status: 201,
        },
      ]);
    } finally {
      await fresh.close();
    }
  });
});
