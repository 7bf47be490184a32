import { randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestEngine, removeTeamObjects, workspaceEnv } from '../../test/container-engine';
import { GitHttpServer } from '../../test/git-http-server';
import { call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';
import { dockerOptions } from './workspace-engine';

const MANIFEST = (name: string) => `{'name': '${name}', 'version': '17.0.1.0.0', 'depends': ['base'], 'data': ['views/view.xml']}\n`;

/** Sources from a real git server (git http-backend, Basic auth) into a workspace; module operations; pull_and_apply. */
describe('workspace sources and modules (real engine, real git)', () => {
  let app: TestApp;
  let docker: Docker;
  let git: GitHttpServer;
  let work: string;
  let owner: SignedInUser;
  let teamId: string;
  // Random per run: no secret-looking literal in the test.
  const TOKEN = `glpat-${randomBytes(15).toString('base64url')}`;
  const ws = (suffix = '') => `/api/teams/${teamId}/workspaces${suffix}`;

  beforeAll(async () => {
    const engine = await ensureTestEngine();
    docker = new Docker(dockerOptions(engine.dockerHost));
    git = new GitHttpServer({ username: 'ci', token: TOKEN });
    await git.start();
    work = git.createRepo('addons', {
      'README.md': '# addons\n',
      'my_module/__init__.py': 'from . import models\n',
      'my_module/__manifest__.py': MANIFEST('My module'),
      'my_module/models/partner.py': 'class Partner: pass\n',
      'my_module/views/view.xml': '<odoo/>\n',
      'my_module/tests/test_partner.py': 'def test_create(self): pass\ndef test_write(self): pass\n',
    });
    app = await startTestApp(workspaceEnv(engine, 21300, { WORKSPACE_GIT_ALLOWED_HOSTS: '127.0.0.1' }));
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await git?.stop();
    if (docker && teamId) await removeTeamObjects(docker, [teamId]);
  });

  it('a clone the server refuses fails cleanly (422) and leaves nothing behind', async () => {
    const refused = await call(app, 'POST', ws(), { token: owner.token, body: { name: 'nocreds', repoUrl: `${git.url}/addons.git`, branch: 'main' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('GIT_FETCH_FAILED');
    expect((await call(app, 'GET', ws(), { token: owner.token })).body.workspaces).toEqual([]);
    expect(await docker.listContainers({ all: true, filters: { label: [`gantry.team-id=${teamId}`] } })).toEqual([]);
    expect(((await docker.listVolumes({ filters: { label: [`gantry.team-id=${teamId}`] } })).Volumes ?? []).length).toBe(0);
  });

  it('?wait=N answers 202 while it is still creating; the creation goes on, and a failure shows later with its reason', async () => {
    /** GET the workspace until it is no longer "creating". */
    const settle = async (name: string) => {
      for (let attempt = 0; attempt < 200; attempt += 1) {
        const current = await call(app, 'GET', ws(`/${name}`), { token: owner.token });
        if (current.status !== 200 || current.body.status !== 'creating') return current;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`${name} still creating after 20 s`);
    };

    const accepted = await call(app, 'POST', ws('?wait=0'), { token: owner.token, body: { name: 'later' } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    expect(accepted.body).toMatchObject({ name: 'later', status: 'creating' });
    const busy = await call(app, 'POST', ws(), { token: owner.token, body: { name: 'meanwhile' } });
    expect(busy.body.error?.code).toBe('WORKSPACE_BUSY');
    const done = await settle('later');
    expect(done.body).toMatchObject({ name: 'later', status: 'running' });
    expect((await call(app, 'DELETE', ws('/later'), { token: owner.token })).status).toBe(204);

    // No credential yet: the clone, after the reservation, is refused.
    const failing = await call(app, 'POST', ws('?wait=0'), { token: owner.token, body: { name: 'doomed', repoUrl: `${git.url}/addons.git`, branch: 'main' } });
    expect(failing.status).toBe(202);
    const gone = await settle('doomed');
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('NOT_FOUND');
    expect(gone.body.error.message).toMatch(/^Workspace not found: creating doomed failed at \S+ \(GIT_FETCH_FAILED: /);
    expect(gone.body.error.message).not.toContain(TOKEN);
    expect(await docker.listContainers({ all: true, filters: { label: [`gantry.team-id=${teamId}`] } })).toEqual([]);

    // Errors found before anything is reserved still answer at once, whatever the wait.
    const invalid = await call(app, 'POST', ws('?wait=0'), { token: owner.token, body: { name: 'x', template: 'no-such-template' } });
    expect(invalid.status).toBe(404);
    expect((await call(app, 'POST', ws('?wait=601'), { token: owner.token, body: { name: 'y' } })).status).toBe(400);
    // A quick creation within the wait is a plain 201.
    const quick = await call(app, 'POST', ws('?wait=60'), { token: owner.token, body: { name: 'quick' } });
    expect(quick.status).toBe(201);
    expect(quick.body.status).toBe('running');
    expect((await call(app, 'DELETE', ws('/quick'), { token: owner.token })).status).toBe(204);
  });

  it('clones the branch with the team credential and installs the requested modules', async () => {
    const url = new URL(`${git.url}/addons.git`);
    url.username = 'ci';
    url.password = TOKEN;
    expect((await call(app, 'POST', `/api/teams/${teamId}/git-credentials`, { token: owner.token, body: { url: url.toString() } })).status).toBe(201);
    const created = await call(app, 'POST', ws(), {
      token: owner.token,
      body: { name: 'feature', repoUrl: `${git.url}/addons.git`, branch: 'main', modules: ['my_module'] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ repoUrl: `${git.url}/addons.git`, branch: 'main', commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    const info = await docker.getContainer(created.body.containerName).inspect();
    expect(info.Config.Labels).toMatchObject({ 'gantry.repo': `${git.url}/addons.git`, 'gantry.branch': 'main' });
    expect(JSON.stringify(info)).not.toContain(TOKEN);
    const files = await call(app, 'POST', ws('/feature/exec'), {
      token: owner.token,
      body: { command: ['sh', '-c', 'ls /mnt/extra-addons; ls -a /mnt/extra-addons | grep -c "^.git$"'] },
    });
    expect(files.body.output).toBe('README.md\nmy_module\n0\n');
    const installed = await call(app, 'POST', ws('/feature/exec'), { token: owner.token, body: { command: ['sh', '-c', 'cat /var/lib/odoo/installed-*'] } });
    expect(installed.body.output).toBe('base\nmy_module\n');
  });

  it('installs, upgrades and tests modules; failures come back as exit codes, not 500s', async () => {
    const upgraded = await call(app, 'POST', ws('/feature/upgrade'), { token: owner.token, body: { modules: ['my_module'] } });
    expect(upgraded.body.exitCode).toBe(0);
    expect(upgraded.body.output).toContain('module my_module: updated');
    const tested = await call(app, 'POST', ws('/feature/test'), { token: owner.token, body: { modules: ['my_module'] } });
    expect(tested.body).toMatchObject({ exitCode: 0, output: expect.stringContaining('ran 2 tests') });
    const missing = await call(app, 'POST', ws('/feature/install'), { token: owner.token, body: { modules: ['not_there'] } });
    expect(missing.status).toBe(200);
    expect(missing.body.exitCode).not.toBe(0);
    expect(missing.body.output).toContain('module not_there not found');
    expect((await call(app, 'GET', ws('/feature'), { token: owner.token })).body.status).toBe('running');
  });

  it('pull_and_apply decides install > upgrade > restart > nothing from the changed files', async () => {
    const pull = async () => {
      const response = await call(app, 'POST', ws('/feature/pull'), { token: owner.token });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body;
    };
    expect(await pull()).toMatchObject({ action: 'nothing', changedFiles: [] });

    const added = git.commit(
      work,
      { 'new_module/__manifest__.py': MANIFEST('New'), 'new_module/views/view.xml': '<odoo/>\n', 'my_module/views/view.xml': '<odoo><!-- v2 --></odoo>\n' },
      'add new_module',
    );
    const first = await pull();
    expect(first).toMatchObject({ to: added, action: 'install', installed: ['new_module'], upgraded: ['my_module'] });
    expect(first.result.exitCode).toBe(0);
    expect(
      (await call(app, 'POST', ws('/feature/exec'), { token: owner.token, body: { command: ['cat', '/mnt/extra-addons/new_module/__manifest__.py'] } })).body
        .exitCode,
    ).toBe(0);

    git.commit(work, { 'my_module/views/view.xml': '<odoo><!-- v3 --></odoo>\n' }, 'change a view');
    expect(await pull()).toMatchObject({ action: 'upgrade', installed: [], upgraded: ['my_module'], changedFiles: ['my_module/views/view.xml'] });

    git.commit(work, { 'my_module/controllers/main.py': 'def route(): pass\n' }, 'python only');
    expect(await pull()).toMatchObject({ action: 'restart', installed: [], upgraded: [] });

    git.commit(work, { 'README.md': '# addons, documented\n' }, 'docs');
    expect(await pull()).toMatchObject({ action: 'nothing', changedFiles: ['README.md'] });
    const info = await call(app, 'GET', ws('/feature'), { token: owner.token });
    expect(info.body).toMatchObject({ status: 'running' });
    expect((await call(app, 'DELETE', ws('/feature'), { token: owner.token })).status).toBe(204);
  });
});
