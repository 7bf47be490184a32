import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';

/** No engine at DOCKER_HOST: workspaces say so with a typed 503, and the rest of Gantry works. */
describe('workspaces without a container engine', () => {
  let app: TestApp;
  let disabled: TestApp;
  let owner: SignedInUser;
  let teamId: string;

  beforeAll(async () => {
    app = await startTestApp({ DOCKER_HOST: 'unix:///nonexistent/gantry-test/docker.sock' });
    disabled = await startTestApp({ WORKSPACES_ENABLED: 'false' });
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
  });
  afterAll(async () => {
    await app?.close();
    await disabled?.close();
  });

  it('answers 503 WORKSPACES_UNAVAILABLE with a clear message, quickly', async () => {
    const started = Date.now();
    for (const [method, path, body] of [
      ['GET', `/api/teams/${teamId}/workspaces`, undefined],
      ['POST', `/api/teams/${teamId}/workspaces`, { name: 'dev' }],
      ['GET', `/api/teams/${teamId}/workspaces/dev`, undefined],
      ['POST', `/api/teams/${teamId}/workspaces/dev/start`, undefined],
      ['POST', `/api/teams/${teamId}/workspace-templates`, { name: 'gold', fromWorkspace: 'dev' }],
    ] as const) {
      const response = await call(app, method, path, { token: owner.token, body });
      expect(response.status, `${method} ${path}`).toBe(503);
      expect(response.body.error.code).toBe('WORKSPACES_UNAVAILABLE');
      expect(response.body.error.message).toMatch(/no container engine answers/);
      expect(JSON.stringify(response.body)).not.toContain('nonexistent');
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    const status = await call(app, 'GET', `/api/teams/${teamId}/workspaces/-/engine`, { token: owner.token });
    expect(status.body).toEqual({ available: false });
  });

  it('still validates input first: bad input is a 400, not a 503', async () => {
    const response = await call(app, 'POST', `/api/teams/${teamId}/workspaces`, { token: owner.token, body: { name: 'Bad Name!' } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('the rest of Gantry works', async () => {
    expect((await call(app, 'GET', '/api/health')).status).toBe(200);
    expect((await call(app, 'GET', `/api/teams/${teamId}/members`, { token: owner.token })).status).toBe(200);
    expect((await call(app, 'GET', `/api/teams/${teamId}/git-credentials`, { token: owner.token })).body).toEqual([]);
  });

  it('WORKSPACES_ENABLED=false turns the feature off', async () => {
    const other = await login(disabled, OWNER.email, OWNER.password);
    const otherTeam = (await call(disabled, 'GET', '/api/teams', { token: other.token })).body[0].id;
    const response = await call(disabled, 'GET', `/api/teams/${otherTeam}/workspaces`, { token: other.token });
    expect(response.status).toBe(503);
    expect(response.body.error).toMatchObject({ code: 'WORKSPACES_UNAVAILABLE', message: expect.stringMatching(/turned off/) });
  });
});
