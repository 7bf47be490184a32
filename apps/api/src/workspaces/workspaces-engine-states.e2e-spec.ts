import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Docker from 'dockerode';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditService } from '../audit/audit.service';
import { ensureTestEngine, removeTeamObjects, workspaceEnv } from '../../test/container-engine';
import { call, login, OWNER, startTestApp, TestApp } from '../../test/test-app';

type PodmanScript = { removeDeadContainers: (options: { log: (line: string) => void }) => Promise<string[]> };

const podmanInspect = (name: string) =>
  JSON.parse(execFileSync('podman', ['inspect', '--type', 'container', '--format', 'json', name], { encoding: 'utf8' }))[0];

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The engine in states a machine really gets into. A machine whose processes were all killed while
 * /run survived (a session ending, then CI on the same disk) leaves Podman reporting containers as
 * running that are gone; CI failed on exactly that (the shared test database "ran" but refused
 * connections). The project's engine script clears such containers, Gantry then recreates its
 * database container over the old volume, and what the engine refuses comes back typed.
 */
describe('the container engine in bad states (real engine)', () => {
  let docker: Docker;
  let script: PodmanScript;
  const prefix = 'gantry-engine-probe-';
  const label = `engine-probe-${randomBytes(4).toString('hex')}`;
  const names = { dead: `gantry-${label}-dead`, live: `gantry-${label}-live` };
  /** A Gantry app on its own shared-database container, removed with its volume afterwards. */
  const withOwnDatabase = async (port: number, work: (app: TestApp, team: string, token: string, database: string) => Promise<void>) => {
    const engine = await ensureTestEngine();
    const database = `gantry-db-${label}-${port}`;
    let app: TestApp | undefined;
    let teamId: string | undefined;
    try {
      app = await startTestApp(workspaceEnv(engine, 21400, { WORKSPACE_DB_CONTAINER: database, WORKSPACE_DB_HOST_PORT: String(port) }));
      const owner = await login(app, OWNER.email, OWNER.password);
      teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
      await work(app, teamId!, owner.token, database);
    } finally {
      await app?.close();
      if (teamId) await removeTeamObjects(docker, [teamId]);
      await docker
        .getContainer(database)
        .remove({ force: true })
        .catch(() => undefined);
      await docker
        .getVolume(`${database}-data`)
        .remove({ force: true })
        .catch(() => undefined);
    }
  };

  const run = async (name: string) => {
    const engine = await ensureTestEngine();
    const container = await docker.createContainer({ name, Image: engine.odooImage, Cmd: ['sleep', '600'], Labels: { 'gantry.team-id': label } });
    await container.start();
    return container;
  };

  beforeAll(async () => {
    const engine = await ensureTestEngine();
    docker = new Docker({ socketPath: engine.dockerHost.replace('unix://', '') });
    script = await import(/* @vite-ignore */ pathToFileURL(path.join(__dirname, '../../../../scripts/lib/podman.mjs')).href);
    // A run killed half-way leaves its probes behind (names carry a random part; ports do not).
    for (const container of await docker.listContainers({ all: true, filters: { name: [prefix, 'gantry-db-engine-probe-'] } }))
      await docker.getContainer(container.Id).remove({ force: true });
    for (const volume of (await docker.listVolumes({ filters: { name: ['gantry-db-engine-probe-'] } })).Volumes ?? [])
      await docker.getVolume(volume.Name).remove({ force: true });
  }, 120_000);
  afterAll(async () => {
    if (docker) await removeTeamObjects(docker, [label]);
  });

  it('removes a container whose process and conmon are gone, keeps a live one, and the name can be used again', async () => {
    await run(names.dead);
    await run(names.live);
    const state = podmanInspect(names.dead).State;
    expect(state.Pid).toBeGreaterThan(0);
    expect(state.ConmonPid).toBeGreaterThan(0);
    // What the end of a session does to every process, but not to /run.
    process.kill(state.ConmonPid, 'SIGKILL');
    process.kill(state.Pid, 'SIGKILL');
    await until(() => !existsSync(`/proc/${state.Pid}`) && !existsSync(`/proc/${state.ConmonPid}`), 'both processes are gone');
    // The failure this guards against: Podman still says "running".
    expect((await docker.getContainer(names.dead).inspect()).State.Running).toBe(true);

    const log: string[] = [];
    const removed = await script.removeDeadContainers({ log: (line) => log.push(line) });

    expect(removed).toContain(names.dead);
    expect(removed).not.toContain(names.live);
    expect(log.some((line) => line.includes(names.dead) && line.includes(String(state.Pid)))).toBe(true);
    await expect(docker.getContainer(names.dead).inspect()).rejects.toMatchObject({ statusCode: 404 });
    const live = await docker.getContainer(names.live).inspect();
    expect(live.State.Running).toBe(true);
    expect(existsSync(`/proc/${live.State.Pid}`)).toBe(true);

    const again = await run(names.dead);
    const restarted = await again.inspect();
    expect(restarted.State.Running).toBe(true);
    expect(existsSync(`/proc/${restarted.State.Pid}`)).toBe(true);
  });

  it('a shared database container recreated over its old data volume gets its password back into the data', async () => {
    await withOwnDatabase(25437, async (app, teamId, token, database) => {
      const first = await call(app, 'POST', `/api/teams/${teamId}/workspaces`, { token, body: { name: 'one' } });
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      const password = (await docker.getContainer(database).inspect()).Config.Env.find((entry) => entry.startsWith('POSTGRES_PASSWORD='));

      // The container goes, its data volume stays; the next one is created with a new password.
      await docker.getContainer(database).remove({ force: true });
      const second = await call(app, 'POST', `/api/teams/${teamId}/workspaces`, { token, body: { name: 'two' } });
      expect(second.status, JSON.stringify(second.body)).toBe(201);
      const admin = (await docker.getContainer(database).inspect()).Config.Env.find((entry) => entry.startsWith('POSTGRES_PASSWORD='))!;
      expect(admin).not.toBe(password);
      const listed = await call(app, 'GET', `/api/teams/${teamId}/workspaces`, { token });
      expect(listed.body.workspaces.map((workspace: { name: string }) => workspace.name).sort()).toEqual(['one', 'two']);
      // The old data is still there, and the new container's password opens it.
      const client = new Client({ host: '127.0.0.1', port: 25437, user: 'postgres', password: admin.split('=')[1], database: 'postgres' });
      await client.connect();
      const found = await client.query('SELECT datname FROM pg_database WHERE datname = ANY($1) ORDER BY datname', [
        [first.body.database, second.body.database],
      ]);
      await client.end();
      expect(found.rows.map((row) => row.datname)).toEqual([first.body.database, second.body.database].sort());
    });
  }, 120_000);

  it('what the engine refuses (a published port in use) is a typed error that leaves no workspace behind', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(25438, '127.0.0.1', resolve));
    try {
      await withOwnDatabase(25438, async (app, teamId, token) => {
        const refused = await call(app, 'POST', `/api/teams/${teamId}/workspaces`, { token, body: { name: 'one' } });
        expect(refused.status).toBe(422);
        expect(refused.body.error.code).toBe('WORKSPACE_OPERATION_FAILED');
        expect(refused.body.error.message).toMatch(/^The container engine refused the operation: .*address already in use/);
        expect((await call(app, 'GET', `/api/teams/${teamId}/workspaces`, { token })).body.workspaces).toEqual([]);
        expect(await docker.listContainers({ all: true, filters: { label: [`gantry.team-id=${teamId}`] } })).toEqual([]);
        await app.nest.get(AuditService).flush();
        const entry = await app.db.collection('audit_logs').findOne({ tool: 'workspace.create' });
        expect(entry).toMatchObject({ status: 'error', error: { code: 'WORKSPACE_OPERATION_FAILED' } });
      });
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  }, 120_000);
});
