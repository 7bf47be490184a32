import Docker from 'dockerode';
import { MongoClient } from 'mongodb';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { ensureTestEngine, removeTeamObjects, workspaceEnv } from '../../test/container-engine';
import { call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';
import { dockerOptions } from './workspace-engine';
import { AuditService } from '../audit/audit.service';
import { WorkspaceReconciler } from './workspace-reconciler';
import { WorkspacesService } from './workspaces.service';

/** Against Podman's Docker-compatible API with the locally built Odoo stand-in and PostgreSQL images — no mocks. */
describe('workspace lifecycle (real engine)', () => {
  let app: TestApp;
  let env: Record<string, string>;
  let docker: Docker;
  let owner: SignedInUser;
  let teamId: string;
  let teamSlug: string;
  let workspace: { id: string; url: string; containerName: string; database: string; port: number };
  const base = () => `/api/teams/${teamId}/workspaces`;

  beforeAll(async () => {
    const engine = await ensureTestEngine();
    // Fixed secrets: the restart test starts a second app that must read what the first one stored.
    const secrets = {
      JWT_SECRET: randomBytes(32).toString('hex'),
      COOKIE_SECRET: randomBytes(32).toString('hex'),
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    };
    env = workspaceEnv(engine, 21000, secrets);
    docker = new Docker(dockerOptions(engine.dockerHost));
    // Kept on close: the restart test starts a second app on the same database.
    app = await startTestApp(env, { keepDatabase: true });
    owner = await login(app, OWNER.email, OWNER.password);
    const teams = await call(app, 'GET', '/api/teams', { token: owner.token });
    teamId = teams.body[0].id;
    teamSlug = teams.body[0].slug;
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    if (docker && teamId) await removeTeamObjects(docker, [teamId]);
  });

  it('creates a running workspace with its labels, network, limits and URL', async () => {
    const created = await call(app, 'POST', base(), { token: owner.token, body: { name: 'dev', env: { FEATURE_FLAG: 'on' } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      name: 'dev',
      status: 'running',
      containerName: `gantry-${teamSlug}-dev-odoo`,
      envKeys: ['FEATURE_FLAG'],
      template: null,
    });
    expect(created.body.url).toBe(`http://127.0.0.1:${created.body.port}`);
    expect(created.body.port).toBeGreaterThanOrEqual(21000);
    workspace = created.body;

    const info = await docker.getContainer(workspace.containerName).inspect();
    expect(info.State.Running).toBe(true);
    expect(info.Config.Labels).toMatchObject({
      'gantry.managed': 'true',
      'gantry.team': teamSlug,
      'gantry.team-id': teamId,
      'gantry.workspace': 'dev',
      'gantry.workspace-id': workspace.id,
      'gantry.image': env.WORKSPACE_ODOO_IMAGE,
    });
    expect(Date.parse(info.Config.Labels['gantry.created-at']!)).not.toBeNaN();
    expect(Object.keys(info.NetworkSettings.Networks)).toEqual([`gantry-${teamSlug}-net`]);
    expect(info.HostConfig.Memory).toBe(256 * 1024 * 1024);
    expect(info.HostConfig.PidsLimit).toBe(128);
    expect(info.Config.Env).toContain('FEATURE_FLAG=on');
    expect(JSON.stringify(info.Config)).not.toMatch(/PASSWORD|db_password/i);
  });

  it('answers HTTP through the published port', async () => {
    let body = '';
    for (let attempt = 0; attempt < 40 && !body; attempt += 1) {
      body = await fetch(`${workspace.url}/web/login`).then(
        (response) => (response.ok ? response.text() : ''),
        () => '',
      );
      if (!body) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(body).toContain('oe_login_form');
  });

  it('generated odoo.conf has the security defaults and reaches its own database', async () => {
    const conf = await call(app, 'POST', `${base()}/dev/exec`, { token: owner.token, body: { command: ['cat', '/etc/odoo/odoo.conf'] } });
    expect(conf.status).toBe(200);
    expect(conf.body.exitCode).toBe(0);
    for (const line of ['list_db = False', 'without_demo = all', 'max_cron_threads = 0', 'addons_path = /mnt/extra-addons', `db_name = ${workspace.database}`])
      expect(conf.body.output).toContain(line);
    // Secrets from inside the workspace are scrubbed from what the API returns.
    expect(conf.body.output).toMatch(/admin_passwd = \*\*\*\*/);
    expect(conf.body.output).toMatch(/db_password = \*\*\*\*/);
    const logs = await call(app, 'GET', `${base()}/dev/logs?tail=100&grep=reachable`, { token: owner.token });
    expect(logs.status).toBe(200);
    expect(logs.body.lines.some((line: string) => line.includes('database server') && line.includes(' reachable'))).toBe(true);
  });

  it('runs commands and reports exit codes', async () => {
    const ok = await call(app, 'POST', `${base()}/dev/exec`, { token: owner.token, body: { command: ['sh', '-c', 'echo hello-from-$FEATURE_FLAG; exit 3'] } });
    expect(ok.body).toMatchObject({ exitCode: 3, output: 'hello-from-on\n', truncated: false });
    const shell = await call(app, 'POST', `${base()}/dev/shell`, { token: owner.token, body: { code: 'print("from the shell")' } });
    expect(shell.body.exitCode).toBe(0);
    expect(shell.body.output).toContain('from the shell');
  });

  it('stops and starts', async () => {
    const stopped = await call(app, 'POST', `${base()}/dev/stop`, { token: owner.token });
    expect(stopped.body.status).toBe('stopped');
    expect((await docker.getContainer(workspace.containerName).inspect()).State.Running).toBe(false);
    const started = await call(app, 'POST', `${base()}/dev/start`, { token: owner.token });
    expect(started.body.status).toBe('running');
    const info = await call(app, 'GET', `${base()}/dev`, { token: owner.token });
    expect(info.body.status).toBe('running');
  });

  it('after an API restart with the record lost, rebuilds it from the labels', async () => {
    await app.close();
    const client = await MongoClient.connect(app.config.MONGODB_URI);
    await client.db(app.database).collection('workspaces').deleteMany({});
    await client.close();
    app = await startTestApp(env, { database: app.database });
    const outcome = await app.nest.get(WorkspaceReconciler).settled;
    expect(outcome.adopted).toContain(workspace.containerName);
    owner = await login(app, OWNER.email, OWNER.password);
    const list = await call(app, 'GET', base(), { token: owner.token });
    expect(list.body.workspaces).toEqual([
      expect.objectContaining({ id: workspace.id, name: 'dev', status: 'running', port: workspace.port, url: workspace.url }),
    ]);
    expect(list.body.orphans).toEqual([]);
    // Its role got a new password at adoption; a restart applies it and the workspace works on.
    const restarted = await call(app, 'POST', `${base()}/dev/restart`, { token: owner.token });
    expect(restarted.body.status).toBe('running');
  });

  it('records the operations in the audit log', async () => {
    await app.nest.get(AuditService).flush();
    const logs = await app.db
      .collection('audit_logs')
      .find({ tool: /^workspace\./ })
      .toArray();
    expect(logs.map((entry) => entry.tool)).toEqual(expect.arrayContaining(['workspace.restart']));
  });

  it('stops a workspace idle past WORKSPACE_IDLE_STOP_HOURS', async () => {
    const service = app.nest.get(WorkspacesService);
    expect((await service.enforceIdlePolicy(new Date())).stopped).toEqual([]);
    const later = new Date(Date.now() + 9 * 3_600_000);
    expect((await service.enforceIdlePolicy(later)).stopped).toEqual([workspace.containerName]);
    expect((await call(app, 'GET', `${base()}/dev`, { token: owner.token })).body.status).toBe('stopped');
  });

  it('delete removes the container, its volumes and its database', async () => {
    const removed = await call(app, 'DELETE', `${base()}/dev`, { token: owner.token });
    expect(removed.status).toBe(204);
    await expect(docker.getContainer(workspace.containerName).inspect()).rejects.toMatchObject({ statusCode: 404 });
    const volumes = (await docker.listVolumes()).Volumes ?? [];
    expect(volumes.filter((volume) => volume.Name.includes(workspace.id))).toEqual([]);
    const db = (await docker.getContainer('gantry-db-test').inspect()).Config.Env.find((entry) => entry.startsWith('POSTGRES_PASSWORD='))!.split('=')[1];
    const client = new Client({ host: '127.0.0.1', port: 25433, user: 'postgres', password: db, database: 'postgres' });
    await client.connect();
    const left = await client.query('SELECT datname FROM pg_database WHERE datname = $1 UNION SELECT rolname FROM pg_roles WHERE rolname = $1', [
      workspace.database,
    ]);
    await client.end();
    expect(left.rows).toEqual([]);
    expect((await call(app, 'GET', `${base()}/dev`, { token: owner.token })).status).toBe(404);
  });
});
