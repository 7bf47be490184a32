import Docker from 'dockerode';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestEngine, removeTeamObjects, workspaceEnv } from '../../test/container-engine';
import { call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';
import { WorkspaceDatabaseServer } from './workspace-database';
import { dockerOptions } from './workspace-engine';
import { WorkspaceCaller, WorkspacesService } from './workspaces.service';

/** Template round trip against the locally built PostgreSQL 15 image (debootstrap) in Podman. */
describe('workspace templates (real PostgreSQL)', () => {
  let app: TestApp;
  let docker: Docker;
  let owner: SignedInUser;
  let teamId: string;
  let caller: WorkspaceCaller;
  const base = () => `/api/teams/${teamId}`;

  async function asWorkspaceRole<T>(workspace: string, work: (client: Client) => Promise<T>, database?: string): Promise<T> {
    const access = await app.nest.get(WorkspacesService).databaseAccess(caller, workspace);
    const client = new Client(app.nest.get(WorkspaceDatabaseServer).roleConnection(database ?? access.database, access.role, access.password));
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    const engine = await ensureTestEngine();
    docker = new Docker(dockerOptions(engine.dockerHost));
    app = await startTestApp(workspaceEnv(engine, 21100));
    owner = await login(app, OWNER.email, OWNER.password);
    const team = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0];
    teamId = team.id;
    caller = { teamId, teamSlug: team.slug, user: { id: owner.userId }, credential: { type: 'session', id: 'test' } };
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    if (docker && teamId) await removeTeamObjects(docker, [teamId]);
  });

  it('a workspace role owns its own database and nothing else', async () => {
    const created = await call(app, 'POST', `${base()}/workspaces`, { token: owner.token, body: { name: 'source' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    await asWorkspaceRole('source', async (client) => {
      await client.query('CREATE TABLE res_partner (id serial PRIMARY KEY, name text)');
      await client.query("INSERT INTO res_partner (name) VALUES ('Azure Interior'), ('Deco Addict')");
      const role = await client.query('SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user');
      expect(role.rows[0]).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false });
      await expect(client.query('CREATE DATABASE sneaky')).rejects.toThrow(/permission denied/);
    });
    const filestore = await call(app, 'POST', `${base()}/workspaces/source/exec`, {
      token: owner.token,
      body: {
        command: [
          'sh',
          '-c',
          `mkdir -p /var/lib/odoo/filestore/${created.body.database}/ab && echo attachment-bytes > /var/lib/odoo/filestore/${created.body.database}/ab/abcdef`,
        ],
      },
    });
    expect(filestore.body.exitCode).toBe(0);
  });

  it('saves the workspace as a template (database + filestore)', async () => {
    const saved = await call(app, 'POST', `${base()}/workspace-templates`, { token: owner.token, body: { name: 'golden', fromWorkspace: 'source' } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body).toMatchObject({ name: 'golden', sourceWorkspace: 'source', modules: expect.arrayContaining(['base']) });
    expect(saved.body.filestoreBytes).toBeGreaterThan(0);
    // The source keeps running afterwards.
    expect((await call(app, 'GET', `${base()}/workspaces/source`, { token: owner.token })).body.status).toBe('running');
    const list = await call(app, 'GET', `${base()}/workspace-templates`, { token: owner.token });
    expect(list.body.map((template: { name: string }) => template.name)).toEqual(['golden']);
  });

  it('creates a workspace from the template with CREATE DATABASE … TEMPLATE, data and files included', async () => {
    const created = await call(app, 'POST', `${base()}/workspaces`, { token: owner.token, body: { name: 'copy', template: 'golden' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.template).toBe('golden');
    const rows = await asWorkspaceRole('copy', async (client) => {
      await client.query("INSERT INTO res_partner (name) VALUES ('Only in copy')");
      return (await client.query('SELECT name FROM res_partner ORDER BY id')).rows.map((row) => row.name);
    });
    expect(rows).toEqual(['Azure Interior', 'Deco Addict', 'Only in copy']);
    // The copy's role cannot open the source's database on the shared server.
    const source = await app.nest.get(WorkspacesService).databaseAccess(caller, 'source');
    await expect(asWorkspaceRole('copy', async () => undefined, source.database)).rejects.toThrow(/permission denied/);
    const file = await call(app, 'POST', `${base()}/workspaces/copy/exec`, {
      token: owner.token,
      body: { command: ['cat', `/var/lib/odoo/filestore/${created.body.database}/ab/abcdef`] },
    });
    expect(file.body).toMatchObject({ exitCode: 0, output: 'attachment-bytes\n' });
    // The source is untouched by the copy's writes.
    const sourceRows = await asWorkspaceRole('source', async (client) => (await client.query('SELECT count(*)::int AS n FROM res_partner')).rows[0].n);
    expect(sourceRows).toBe(2);
  });

  it('recreate keeps database and filestore', async () => {
    const recreated = await call(app, 'POST', `${base()}/workspaces/copy/recreate`, { token: owner.token, body: {} });
    expect(recreated.status, JSON.stringify(recreated.body)).toBe(200);
    const rows = await asWorkspaceRole('copy', async (client) => (await client.query('SELECT count(*)::int AS n FROM res_partner')).rows[0].n);
    expect(rows).toBe(3);
    const file = await call(app, 'POST', `${base()}/workspaces/copy/exec`, {
      token: owner.token,
      body: { command: ['cat', `/var/lib/odoo/filestore/${recreated.body.database}/ab/abcdef`] },
    });
    expect(file.body.output).toBe('attachment-bytes\n');
  });

  it('renames and deletes templates; a name in use is refused', async () => {
    expect(
      (await call(app, 'POST', `${base()}/workspace-templates`, { token: owner.token, body: { name: 'golden', fromWorkspace: 'copy' } })).body.error.code,
    ).toBe('WORKSPACE_NAME_TAKEN');
    const renamed = await call(app, 'PATCH', `${base()}/workspace-templates/golden`, { token: owner.token, body: { name: 'silver' } });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body.name).toBe('silver');
    const fromRenamed = await call(app, 'POST', `${base()}/workspaces`, { token: owner.token, body: { name: 'third', template: 'silver' } });
    expect(fromRenamed.status, JSON.stringify(fromRenamed.body)).toBe(201);
    expect((await call(app, 'DELETE', `${base()}/workspace-templates/silver`, { token: owner.token })).status).toBe(204);
    expect((await call(app, 'GET', `${base()}/workspace-templates`, { token: owner.token })).body).toEqual([]);
    const databases = await app.nest
      .get(WorkspaceDatabaseServer)
      .run(async (client) => (await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'tpl_%' AND datname LIKE $1", [`%${teamId}%`])).rows);
    expect(databases).toEqual([]);
    for (const name of ['source', 'copy', 'third'])
      expect((await call(app, 'DELETE', `${base()}/workspaces/${name}`, { token: owner.token })).status).toBe(204);
  });
});
