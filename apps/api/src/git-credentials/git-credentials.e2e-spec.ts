import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHttpServer, startProviderUserApiTestDouble } from '../../test/git-http-server';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';

/**
 * Git credentials: stored encrypted, listed masked, validated for real — `git ls-remote` against
 * git's own http-backend over HTTP with Basic auth, and GitHub's `/user` API through a local
 * stand-in (no internet here; the API base is configuration, as for GitHub Enterprise).
 */
describe('git credentials', () => {
  let app: TestApp;
  let git: GitHttpServer;
  let github: Awaited<ReturnType<typeof startProviderUserApiTestDouble>>;
  let owner: SignedInUser;
  let member: SignedInUser;
  let teamId: string;
  // Tokens are random per run: a test holds no secret-looking literal. The prefixes are what masking keeps.
  const fake = (prefix: string) => `${prefix}${randomBytes(15).toString('base64url')}`;
  const TOKEN = fake('ghp_');
  const WRONG = fake('glpat-');
  const GITHUB_GOOD = fake('ghp_');
  const GITHUB_REVOKED = fake('ghp_');
  const path = () => `/api/teams/${teamId}/git-credentials`;

  beforeAll(async () => {
    git = new GitHttpServer({ username: 'git-user', token: TOKEN });
    await git.start();
    git.createRepo('app', { 'README.md': 'hello\n' });
    github = await startProviderUserApiTestDouble(GITHUB_GOOD);
    app = await startTestApp({
      WORKSPACE_GIT_ALLOWED_HOSTS: '127.0.0.1',
      WORKSPACE_GIT_PROVIDER_APIS: `github.com=${github.url},gitlab.com=${github.url},bitbucket.org=${github.url}`,
    });
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    member = await addMember(app, owner, teamId, { email: 'dev@example.com', name: 'Dev', password: 'dev-password-123' }, 'member');
  });
  afterAll(async () => {
    await app?.close();
    await git?.stop();
    await github?.close();
  });

  it('takes https://user:token@host/owner/repo, stores only ciphertext and shows the token masked', async () => {
    const repo = new URL(`${git.url}/app.git`);
    repo.username = 'git-user';
    repo.password = TOKEN;
    const created = await call(app, 'POST', path(), { token: owner.token, body: { url: repo.toString(), label: 'CI bot' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ host: new URL(git.url).host, username: 'git-user', tokenMasked: 'ghp_****', label: 'CI bot', status: 'untested' });
    expect(JSON.stringify(created.body)).not.toContain(TOKEN);
    const raw = await app.db.collection('git_credentials').find().toArray();
    expect(JSON.stringify(raw)).not.toContain(TOKEN);
    expect(raw[0]!.token).toMatch(/^k[0-9a-f]{8}\$[0-9a-f]{32}:[0-9a-f]{32}:[0-9a-f]+$/);
    const listed = await call(app, 'GET', path(), { token: member.token });
    expect(listed.body).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain(TOKEN);
  });

  it('validates with git ls-remote against the real git server; a wrong token is reported invalid', async () => {
    const [stored] = (await call(app, 'GET', path(), { token: owner.token })).body;
    const ok = await call(app, 'POST', `${path()}/${stored.id}/validate`, { token: owner.token, body: {} });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, method: 'git-ls-remote', credential: { status: 'valid' } });

    const wrong = await call(app, 'POST', path(), { token: owner.token, body: { host: new URL(git.url).host, username: 'git-user', token: WRONG } });
    expect(wrong.body.tokenMasked).toBe('glpat-****');
    const refused = await call(app, 'POST', `${path()}/${wrong.body.id}/validate`, { token: owner.token, body: { repoUrl: `${git.url}/app.git` } });
    expect(refused.body).toMatchObject({ ok: false, method: 'git-ls-remote', credential: { status: 'invalid' } });
    expect(JSON.stringify(refused.body)).not.toContain(WRONG);
    expect((await call(app, 'DELETE', `${path()}/${wrong.body.id}`, { token: owner.token })).status).toBe(204);
  });

  it("validates GitHub tokens against the provider's /user API", async () => {
    const good = await call(app, 'POST', path(), { token: owner.token, body: { host: 'github.com', username: 'octocat', token: GITHUB_GOOD } });
    expect((await call(app, 'POST', `${path()}/${good.body.id}/validate`, { token: owner.token, body: {} })).body).toMatchObject({
      ok: true,
      method: 'github-api',
    });
    const bad = await call(app, 'POST', path(), { token: owner.token, body: { host: 'github.com', username: 'octocat', token: GITHUB_REVOKED } });
    expect((await call(app, 'POST', `${path()}/${bad.body.id}/validate`, { token: owner.token, body: {} })).body).toMatchObject({
      ok: false,
      method: 'github-api',
      message: expect.stringMatching(/401/),
    });
    for (const id of [good.body.id, bad.body.id]) await call(app, 'DELETE', `${path()}/${id}`, { token: owner.token });
  });

  it('validates GitLab (Bearer) and Bitbucket (Basic app password) tokens against their APIs', async () => {
    for (const [host, method] of [
      ['gitlab.com', 'gitlab-api'],
      ['bitbucket.org', 'bitbucket-api'],
    ] as const) {
      const good = await call(app, 'POST', path(), { token: owner.token, body: { host, username: 'dev', token: GITHUB_GOOD } });
      expect((await call(app, 'POST', `${path()}/${good.body.id}/validate`, { token: owner.token, body: {} })).body, host).toMatchObject({ ok: true, method });
      const bad = await call(app, 'POST', path(), { token: owner.token, body: { host, username: 'dev', token: 'nope' } });
      expect((await call(app, 'POST', `${path()}/${bad.body.id}/validate`, { token: owner.token, body: {} })).body, host).toMatchObject({ ok: false, method });
      for (const id of [good.body.id, bad.body.id]) await call(app, 'DELETE', `${path()}/${id}`, { token: owner.token });
    }
  });

  it('refuses internal hosts unless allow-listed, and malformed input', async () => {
    for (const url of [
      'https://u:t@169.254.169.254/x',
      'https://u:t@localhost/x',
      'https://u:t@10.0.0.5/x',
      'http://u:t@example.com/x',
      'https://u:t@[::1]/x',
    ]) {
      const response = await call(app, 'POST', path(), { token: owner.token, body: { url } });
      expect(response.status, url).toBe(422);
      expect(response.body.error.code).toBe('URL_NOT_ALLOWED');
    }
    for (const body of [
      { url: 'https://example.com/x' },
      { host: 'example.com', username: 'a b', token: 't' },
      { url: 'https://u:t@example.com/x', token: 'extra' },
      {},
    ]) {
      const response = await call(app, 'POST', path(), { token: owner.token, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
  });

  it('members list but do not manage credentials; other teams see nothing', async () => {
    expect((await call(app, 'POST', path(), { token: member.token, body: { host: 'github.com', username: 'x', token: fake('ghp_') } })).status).toBe(403);
    const [stored] = (await call(app, 'GET', path(), { token: owner.token })).body;
    expect((await call(app, 'DELETE', `${path()}/${stored.id}`, { token: member.token })).status).toBe(403);
    const other = await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Other team' } });
    expect((await call(app, 'GET', `/api/teams/${other.body.id}/git-credentials`, { token: owner.token })).body).toEqual([]);
    expect((await call(app, 'DELETE', `/api/teams/${other.body.id}/git-credentials/${stored.id}`, { token: owner.token })).status).toBe(404);
    expect((await call(app, 'GET', `/api/teams/${teamId}/git-credentials`, { token: member.token })).body).toHaveLength(1);
  });
});
