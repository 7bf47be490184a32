import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';

/** Bad input gets a 4xx with a code and field-level messages — never a 500, a stack trace or a partial write. */
describe('bad input', () => {
  let app: TestApp;
  let owner: SignedInUser;
  let teamId: string;

  beforeAll(async () => {
    app = await startTestApp({ BODY_LIMIT: '64kb' });
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
  });
  afterAll(() => app.close());

  const noLeaks = (body: unknown) => {
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+|stack/i);
  };

  it('missing fields: 400 naming each field', async () => {
    const response = await call(app, 'POST', `/api/teams/${teamId}/invitations`, { token: owner.token, body: {} });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.fields).toEqual([{ path: 'email', message: expect.any(String) }]);
    noLeaks(response.body);
  });

  it('wrong types: 400 naming each field', async () => {
    const response = await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 42, slug: ['a'] } });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((field: { path: string }) => field.path).sort()).toEqual(['name', 'slug']);
  });

  it('unknown fields: 400 naming them (no silent mass assignment)', async () => {
    const response = await call(app, 'PATCH', `/api/teams/${teamId}`, { token: owner.token, body: { name: 'Acme', ownerId: owner.userId } });
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual([{ path: 'ownerId', message: 'unknown field' }]);
  });

  it('invalid values: 400 with the rule that failed', async () => {
    const response = await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'X', slug: 'Not A Slug!' } });
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual([{ path: 'slug', message: 'must be lowercase letters, digits and single dashes' }]);
    const role = await call(app, 'POST', `/api/teams/${teamId}/invitations`, { token: owner.token, body: { email: 'a@b.co', role: 'owner' } });
    expect(role.status).toBe(400);
    expect(role.body.error.fields[0].path).toBe('role');
  });

  it('huge field values: 400 with the field, and nothing written', async () => {
    const before = await app.db.collection('teams').countDocuments();
    const response = await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'n'.repeat(50_000) } });
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toEqual([{ path: 'name', message: expect.stringMatching(/80/) }]);
    expect(await app.db.collection('teams').countDocuments()).toBe(before);
  });

  it('huge bodies: 413 PAYLOAD_TOO_LARGE before anything is parsed', async () => {
    const response = await call(app, 'POST', '/api/teams', { token: owner.token, rawBody: JSON.stringify({ name: 'x'.repeat(200_000) }) });
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('malformed JSON: 400', async () => {
    const response = await call(app, 'POST', '/api/auth/login', { rawBody: '{"email": "a@b.co", ' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('BAD_REQUEST');
    noLeaks(response.body);
  });

  it('a JSON array or a string where an object is expected: 400', async () => {
    for (const rawBody of ['[]', '"text"', 'null']) {
      const response = await call(app, 'POST', '/api/auth/login', { rawBody });
      expect(response.status).toBe(400);
    }
  });

  it('ids that are not ids: 404, not 500', async () => {
    for (const path of [`/api/teams/not-an-id`, `/api/teams/${teamId}/members/%00`, `/api/teams/${teamId}/invitations/zzz`]) {
      const method = path.includes('members/') || path.includes('invitations/') ? 'DELETE' : 'GET';
      const response = await call(app, method, path, { token: owner.token });
      expect(response.status).toBe(404);
    }
  });

  it('unknown routes: 404 with a code', async () => {
    const response = await call(app, 'GET', '/api/does-not-exist', { token: owner.token });
    expect(response).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
  });

  it('passwords are limited in length so the KDF cannot be used for denial of service', async () => {
    const response = await call(app, 'POST', '/api/auth/login', { body: { email: OWNER.email, password: 'p'.repeat(10_000) } });
    expect(response.status).toBe(400);
    expect(response.body.error.fields[0].path).toBe('password');
  });
});
