import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, TestApp } from '../../test/test-app';

describe('first-run setup', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ GANTRY_ADMIN_EMAIL: '', GANTRY_ADMIN_PASSWORD: '' });
  });
  afterAll(() => app.close());

  const setupBody = (email: string) => ({ email, password: 'first-owner-password', name: 'First Owner', teamName: 'Firsts' });

  it('says setup is needed, then creates the first owner and team exactly once, even when raced', async () => {
    expect((await call(app, 'GET', '/api/setup')).body).toEqual({ needsSetup: true });
    const results = await Promise.all([
      call(app, 'POST', '/api/setup', { body: setupBody('first@example.com') }),
      call(app, 'POST', '/api/setup', { body: setupBody('second@example.com') }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual([201, 409]);
    const winner = results.find((result) => result.status === 201)!;
    expect(winner.body.memberships).toEqual([expect.objectContaining({ role: 'owner', team: expect.objectContaining({ slug: 'firsts' }) })]);
    expect(winner.refreshCookie).toBeDefined();
    expect(results.find((result) => result.status === 409)!.body.error.code).toBe('SETUP_ALREADY_DONE');
    expect(await app.db.collection('users').countDocuments()).toBe(1);
    expect((await call(app, 'GET', '/api/setup')).body).toEqual({ needsSetup: false });
  });

  it('validates the setup form', async () => {
    const response = await call(app, 'POST', '/api/setup', { body: { email: 'x', password: 'short', name: '', teamName: '' } });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((field: { path: string }) => field.path).sort()).toEqual(['email', 'name', 'password', 'teamName']);
  });
});

describe('health and API docs', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('reports a healthy database', async () => {
    const response = await call(app, 'GET', '/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', checks: { database: { status: 'up' } } });
  });

  it('serves an OpenAPI document generated from the same schemas the API validates with', async () => {
    const response = await call(app, 'GET', '/api/docs/openapi.json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/teams/{teamId}/members', '/api/teams/{teamId}/invitations']),
    );
    const login = response.body.components.schemas.LoginDto;
    expect(login.required).toEqual(['email', 'password']);
    expect((await fetch(`${app.baseUrl}/api/docs`)).status).toBe(200);
  });
});
