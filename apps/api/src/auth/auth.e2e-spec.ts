import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, OWNER, startTestApp, TestApp } from '../../test/test-app';

describe('dashboard sessions (real HTTP, real MongoDB-wire server)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_ATTEMPTS_PER_IP: '1000' });
  });
  afterAll(() => app.close());

  it('signs in with email in any case and sets a strict httpOnly refresh cookie scoped to /api/auth', async () => {
    const response = await call(app, 'POST', '/api/auth/login', { body: { email: 'OWNER@Example.com', password: OWNER.password } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { email: OWNER.email } });
    expect(response.body.memberships).toEqual([expect.objectContaining({ role: 'owner', team: expect.objectContaining({ name: 'Acme' }) })]);
    const cookie = response.headers.getSetCookie().join('\n');
    expect(cookie).toMatch(/gantry_refresh=[^;]+; Max-Age=2592000; Path=\/api\/auth; Expires=[^;]+; HttpOnly; SameSite=Strict/);
    // plain-http localhost is the one place the cookie may go without Secure
    expect(cookie).not.toMatch(/Secure/);
  });

  it('answers wrong password and unknown email with the same 401', async () => {
    const wrongPassword = await call(app, 'POST', '/api/auth/login', { body: { email: OWNER.email, password: 'not-the-password' } });
    const unknownEmail = await call(app, 'POST', '/api/auth/login', { body: { email: 'nobody@example.com', password: 'not-the-password' } });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
    expect(wrongPassword.body.error.code).toBe('INVALID_CREDENTIALS');
    await call(app, 'POST', '/api/auth/login', { body: { email: OWNER.email, password: OWNER.password } }); // clears the failure count
  });

  it('rotates the refresh token on every use and keeps the session', async () => {
    const first = await login(app, OWNER.email, OWNER.password);
    const refreshed = await call(app, 'POST', '/api/auth/refresh', { cookie: first.cookie });
    expect(refreshed.status).toBe(200);
    expect(refreshed.refreshCookie).toBeDefined();
    expect(refreshed.refreshCookie).not.toBe(first.cookie);
    expect(refreshed.body.accessToken).not.toBe(first.token);
    const me = await call(app, 'GET', '/api/auth/me', { token: refreshed.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(OWNER.email);
    const again = await call(app, 'POST', '/api/auth/refresh', { cookie: refreshed.refreshCookie });
    expect(again.status).toBe(200);
  });

  it('revokes the whole family when an old refresh token is replayed', async () => {
    const first = await login(app, OWNER.email, OWNER.password);
    const second = await call(app, 'POST', '/api/auth/refresh', { cookie: first.cookie });
    expect(second.status).toBe(200);
    const replay = await call(app, 'POST', '/api/auth/refresh', { cookie: first.cookie });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('REFRESH_TOKEN_REUSED');
    // the legitimate holder of the newest token is signed out too, and so is its access token
    const newest = await call(app, 'POST', '/api/auth/refresh', { cookie: second.refreshCookie });
    expect(newest.status).toBe(401);
    expect(newest.body.error.code).toBe('REFRESH_TOKEN_INVALID');
    const me = await call(app, 'GET', '/api/auth/me', { token: second.body.accessToken });
    expect(me.status).toBe(401);
  });

  it('treats two parallel rotations of one token as reuse: at most one wins', async () => {
    const session = await login(app, OWNER.email, OWNER.password);
    const results = await Promise.all([
      call(app, 'POST', '/api/auth/refresh', { cookie: session.cookie }),
      call(app, 'POST', '/api/auth/refresh', { cookie: session.cookie }),
    ]);
    expect(results.filter((result) => result.status === 200).length).toBeLessThanOrEqual(1);
    expect(results.some((result) => result.body?.error?.code === 'REFRESH_TOKEN_REUSED')).toBe(true);
  });

  it('logout revokes the refresh token and the access token at once', async () => {
    const session = await login(app, OWNER.email, OWNER.password);
    const logout = await call(app, 'POST', '/api/auth/logout', { cookie: session.cookie, token: session.token });
    expect(logout.status).toBe(204);
    expect(logout.headers.getSetCookie().join('')).toMatch(/gantry_refresh=;/);
    expect((await call(app, 'POST', '/api/auth/refresh', { cookie: session.cookie })).status).toBe(401);
    expect((await call(app, 'GET', '/api/auth/me', { token: session.token })).status).toBe(401);
  });

  it('refuses an expired access token with TOKEN_EXPIRED, and a forged one with UNAUTHENTICATED', async () => {
    const session = await login(app, OWNER.email, OWNER.password);
    const [, payload] = session.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const key = new TextEncoder().encode(app.config.JWT_SECRET);
    const expired = await new SignJWT({ ...claims, iat: undefined, exp: undefined })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const response = await call(app, 'GET', '/api/auth/me', { token: expired });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('TOKEN_EXPIRED');
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(64)));
    const forgedResponse = await call(app, 'GET', '/api/auth/me', { token: forged });
    expect(forgedResponse.status).toBe(401);
    expect(forgedResponse.body.error.code).toBe('UNAUTHENTICATED');
    const wrongAudience = await new SignJWT({ ...claims, aud: 'https://elsewhere.example/api' }).setProtectedHeader({ alg: 'HS256' }).sign(key);
    expect((await call(app, 'GET', '/api/auth/me', { token: wrongAudience })).status).toBe(401);
  });

  it('ends a refresh family when its session expires', async () => {
    const session = await login(app, OWNER.email, OWNER.password);
    const sessionId = session.cookie.split('.')[0]!;
    const { ObjectId } = await import('mongodb');
    await app.db.collection('sessions').updateOne({ _id: new ObjectId(sessionId) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const refresh = await call(app, 'POST', '/api/auth/refresh', { cookie: session.cookie });
    expect(refresh.status).toBe(401);
    expect(refresh.body.error.code).toBe('REFRESH_TOKEN_INVALID');
    expect((await call(app, 'GET', '/api/auth/me', { token: session.token })).status).toBe(401);
  });

  it('lists sessions and revokes another one', async () => {
    const here = await login(app, OWNER.email, OWNER.password);
    const elsewhere = await login(app, OWNER.email, OWNER.password);
    const list = await call(app, 'GET', '/api/auth/sessions', { token: here.token });
    expect(list.status).toBe(200);
    const current = list.body.filter((session: { current: boolean }) => session.current);
    expect(current).toHaveLength(1);
    const other = elsewhere.cookie.split('.')[0];
    expect(list.body.map((session: { id: string }) => session.id)).toContain(other);
    expect((await call(app, 'DELETE', `/api/auth/sessions/${other}`, { token: here.token })).status).toBe(204);
    expect((await call(app, 'GET', '/api/auth/me', { token: elsewhere.token })).status).toBe(401);
    expect((await call(app, 'DELETE', '/api/auth/sessions/000000000000000000000000', { token: here.token })).status).toBe(404);
  });

  it('stores only a hash of refresh tokens', async () => {
    const session = await login(app, OWNER.email, OWNER.password);
    const secret = session.cookie.split('.')[1]!;
    const raw = JSON.stringify(await app.db.collection('sessions').find().toArray());
    expect(raw).not.toContain(secret);
  });

  it('limits failed sign-ins per account with a clear 429 and Retry-After', async () => {
    const email = OWNER.email;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await call(app, 'POST', '/api/auth/login', { body: { email, password: 'wrong-password' } })).status).toBe(401);
    }
    const limited = await call(app, 'POST', '/api/auth/login', { body: { email, password: OWNER.password } });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(limited.body.error.retryAfterSeconds).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.error.message).toMatch(/try again in \d+ seconds/);
  });
});

describe('per-IP sign-in limit', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_IP: '4', LOGIN_MAX_FAILURES_PER_ACCOUNT: '100' });
  });
  afterAll(() => app.close());

  it('counts every attempt from one address, whichever accounts it tries', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const response = await call(app, 'POST', '/api/auth/login', { body: { email: `user${attempt}@example.com`, password: 'whatever-1' } });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });
});
