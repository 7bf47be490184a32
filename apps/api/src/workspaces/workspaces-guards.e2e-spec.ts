import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestEngine, removeTeamObjects, workspaceEnv } from '../../test/container-engine';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';
import { dockerOptions } from './workspace-engine';

/** Locks, quotas, name collisions, injection attempts, SSRF refusals and team isolation, on the real engine. */
describe('workspace guards (real engine)', () => {
  let app: TestApp;
  let docker: Docker;
  let owner: SignedInUser;
  let outsider: SignedInUser;
  let teamA: { id: string; slug: string };
  let teamB: { id: string; slug: string };
  const ws = (team: { id: string }, suffix = '') => `/api/teams/${team.id}/workspaces${suffix}`;

  beforeAll(async () => {
    const engine = await ensureTestEngine();
    docker = new Docker(dockerOptions(engine.dockerHost));
    app = await startTestApp(workspaceEnv(engine, 21200, { WORKSPACE_SLOTS_PER_TEAM: '2' }));
    owner = await login(app, OWNER.email, OWNER.password);
    teamA = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0];
    // Team B's slug is A's plus "-c": A's workspace "c-d" and B's workspace "d" derive the same container name.
    const created = await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Team B', slug: `${teamA.slug}-c` } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    teamB = created.body;
    outsider = await addMember(app, owner, teamB.id, { email: 'b-member@example.com', name: 'Bea', password: 'b-member-password-1' }, 'member');
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    if (docker && teamA) await removeTeamObjects(docker, [teamA.id, teamB.id]);
  });

  it('refuses injection attempts in every field that reaches a name, a command or a config file', async () => {
    const attempts: Array<Record<string, unknown>> = [
      { name: 'a;rm -rf /' },
      { name: '../../etc' },
      { name: 'Upper' },
      { name: 'x--y' },
      { name: 'x"; DROP DATABASE postgres; --' },
      { name: 'a'.repeat(31) },
      { name: 'ok', repoUrl: 'https://example.com/r.git', branch: '--upload-pack=touch /tmp/pwned' },
      { name: 'ok', repoUrl: 'https://example.com/r.git', branch: 'main;id' },
      { name: 'ok', repoUrl: 'https://example.com/r.git', branch: 'a..b' },
      { name: 'ok', repoUrl: 'ext::sh -c touch% /tmp/pwned' },
      { name: 'ok', repoUrl: 'file:///etc/passwd' },
      { name: 'ok', repoUrl: 'https://user:token@example.com/r.git' },
      { name: 'ok', image: 'odoo:17; rm -rf /' },
      { name: 'ok', image: '$(id)' },
      { name: 'ok', env: { 'A=B': 'x' } },
      { name: 'ok', env: { PGPASSWORD: 'x' } },
      { name: 'ok', modules: ['base,evil'] },
      { name: 'ok', modules: ['base;rm'] },
      { name: 'ok', template: "x'; DROP DATABASE postgres; --" },
      { name: 'ok', unexpected: true },
    ];
    for (const body of attempts) {
      const response = await call(app, 'POST', ws(teamA), { token: owner.token, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    expect(
      (await call(app, 'POST', `/api/teams/${teamA.id}/workspace-templates`, { token: owner.token, body: { name: 'x"y', fromWorkspace: 'ok' } })).status,
    ).toBe(400);
    expect((await call(app, 'GET', ws(teamA, '/x%3Bid'), { token: owner.token })).status).toBe(404);
    expect((await docker.listContainers({ all: true, filters: { label: [`gantry.team-id=${teamA.id}`] } })).length).toBe(0);
  });

  it('refuses repository URLs that point inside the network (SSRF), DNS included', async () => {
    const urls = [
      'http://127.0.0.1/r.git',
      'https://127.0.0.1/r.git',
      'https://2130706433/r.git',
      'https://0x7f.1/r.git',
      'https://[::1]/r.git',
      'https://[::ffff:127.0.0.1]/r.git',
      'https://169.254.169.254/latest/meta-data',
      'https://metadata.google.internal/r.git',
      'https://10.1.2.3/r.git',
      'https://192.168.1.1/r.git',
      'https://172.16.0.1/r.git',
      'https://100.64.0.1/r.git',
      'https://[fd00::1]/r.git',
      'https://localhost/r.git',
      'https://ip6-localhost/r.git',
    ];
    for (const repoUrl of urls) {
      const response = await call(app, 'POST', ws(teamA), { token: owner.token, body: { name: 'ssrf', repoUrl } });
      expect(response.status, repoUrl).toBe(422);
      expect(response.body.error.code, repoUrl).toBe('URL_NOT_ALLOWED');
    }
    expect((await call(app, 'GET', ws(teamA), { token: owner.token })).body.workspaces).toEqual([]);
  });

  it('a second mutating call on a busy workspace fails at once with WORKSPACE_BUSY', async () => {
    expect((await call(app, 'POST', ws(teamA), { token: owner.token, body: { name: 'c-d' } })).status).toBe(201);
    const slow = call(app, 'POST', ws(teamA, '/c-d/exec'), { token: owner.token, body: { command: ['sleep', '2'] } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    const second = await call(app, 'POST', ws(teamA, '/c-d/stop'), { token: owner.token });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'WORKSPACE_BUSY', message: expect.stringMatching(/busy \(exec in progress\)/) });
    expect((await slow).body.exitCode).toBe(0);
    // Reads are not blocked, and the lock is released afterwards.
    expect((await call(app, 'GET', ws(teamA, '/c-d'), { token: owner.token })).body.status).toBe('running');
    expect((await call(app, 'POST', ws(teamA, '/c-d/restart'), { token: owner.token })).status).toBe(200);
  });

  it('refuses a name whose engine name is taken by another team, and leaves that container alone', async () => {
    const collision = await call(app, 'POST', ws(teamB), { token: owner.token, body: { name: 'd' } });
    expect(collision.status).toBe(409);
    expect(collision.body.error.code).toBe('WORKSPACE_NAME_COLLISION');
    const theirs = await docker.getContainer(`gantry-${teamA.slug}-c-d-odoo`).inspect();
    expect(theirs.State.Running).toBe(true);
    expect(theirs.Config.Labels['gantry.team-id']).toBe(teamA.id);
    expect((await call(app, 'GET', ws(teamB), { token: owner.token })).body.workspaces).toEqual([]);
  });

  it('refuses a duplicate name and enforces the per-team slot quota', async () => {
    expect((await call(app, 'POST', ws(teamA), { token: owner.token, body: { name: 'c-d' } })).body.error.code).toBe('WORKSPACE_NAME_TAKEN');
    expect((await call(app, 'POST', ws(teamA), { token: owner.token, body: { name: 'second' } })).status).toBe(201);
    const third = await call(app, 'POST', ws(teamA), { token: owner.token, body: { name: 'third' } });
    expect(third.status).toBe(409);
    expect(third.body.error).toMatchObject({ code: 'WORKSPACE_QUOTA_EXCEEDED', message: expect.stringMatching(/2 workspace slots/) });
    expect(
      await docker
        .getContainer(`gantry-${teamA.slug}-third-odoo`)
        .inspect()
        .catch((error) => error.statusCode),
    ).toBe(404);
  });

  it('keeps teams apart: API, engine names, labels and networks', async () => {
    // A member of B only: A's team routes do not exist for them.
    expect((await call(app, 'GET', ws(teamA), { token: outsider.token })).status).toBe(404);
    expect((await call(app, 'GET', ws(teamA, '/c-d'), { token: outsider.token })).status).toBe(404);
    expect((await call(app, 'POST', ws(teamA, '/c-d/stop'), { token: outsider.token })).status).toBe(404);
    expect((await call(app, 'DELETE', ws(teamA, '/c-d'), { token: outsider.token })).status).toBe(404);
    // Through B's own routes, A's workspace names mean nothing.
    for (const [method, suffix] of [
      ['GET', '/c-d'],
      ['POST', '/c-d/stop'],
      ['POST', '/c-d/exec'],
      ['GET', '/c-d/logs'],
      ['DELETE', '/c-d'],
    ] as const) {
      const response = await call(app, method, ws(teamB, suffix), {
        token: outsider.token,
        body: method === 'POST' && suffix.endsWith('exec') ? { command: ['id'] } : undefined,
      });
      expect(response.status, `${method} ${suffix}`).toBe(404);
    }
    const created = await call(app, 'POST', ws(teamB), { token: outsider.token, body: { name: 'second' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const listB = await call(app, 'GET', ws(teamB), { token: outsider.token });
    expect(listB.body.workspaces.map((entry: { name: string }) => entry.name)).toEqual(['second']);
    expect(listB.body.orphans).toEqual([]);
    const inspectB = await docker.getContainer(created.body.containerName).inspect();
    expect(Object.keys(inspectB.NetworkSettings.Networks)).toEqual([`gantry-${teamB.slug}-net`]);
    expect(inspectB.Config.Labels['gantry.team-id']).toBe(teamB.id);
    // B's container cannot reach A's workspace over the network (separate bridges).
    const aInfo = await docker.getContainer(`gantry-${teamA.slug}-c-d-odoo`).inspect();
    const aAddress = aInfo.NetworkSettings.Networks[`gantry-${teamA.slug}-net`]!.IPAddress;
    const probe = await call(app, 'POST', ws(teamB, '/second/exec'), {
      token: outsider.token,
      body: { command: ['sh', '-c', `wget -q -T 2 -O- http://${aAddress}:8069/web/health && echo REACHED || echo BLOCKED`] },
    });
    expect(probe.body.output).toContain('BLOCKED');
    // Members may not issue workspace MCP tokens; admins can, and the token is stored hashed.
    expect((await call(app, 'POST', ws(teamB, '/second/mcp-token'), { token: outsider.token })).status).toBe(403);
    const issued = await call(app, 'POST', ws(teamB, '/second/mcp-token'), { token: owner.token });
    expect(issued.status).toBe(201);
    expect(issued.body.path).toBe(`/mcp/workspaces/${created.body.id}`);
    const stored = await app.db.collection('workspaces').findOne({ name: 'second', teamId: { $exists: true }, mcpTokenHash: { $ne: null } });
    expect(JSON.stringify(stored)).not.toContain(issued.body.token);
  });

  it('an image the engine cannot get fails cleanly: 422, and no record, container, volume or database is left', async () => {
    const response = await call(app, 'POST', ws(teamB), { token: owner.token, body: { name: 'noimage', image: 'localhost/gantry-no-such-image:1' } });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('WORKSPACE_OPERATION_FAILED');
    expect((await call(app, 'GET', ws(teamB), { token: owner.token })).body.workspaces.map((entry: { name: string }) => entry.name)).toEqual(['second']);
    expect(
      await docker
        .getContainer(`gantry-${teamB.slug}-noimage-odoo`)
        .inspect()
        .catch((error) => error.statusCode),
    ).toBe(404);
  });

  it('lists containers with the team labels but no record as orphans, and never deletes them', async () => {
    const orphan = await docker.createContainer({
      name: `gantry-${teamA.slug}-ghost-odoo`,
      Image: (await docker.getContainer(`gantry-${teamA.slug}-c-d-odoo`).inspect()).Config.Image,
      Cmd: ['sleep', '60'],
      Labels: { 'gantry.managed': 'true', 'gantry.role': 'odoo', 'gantry.team-id': teamA.id, 'gantry.workspace': 'ghost' },
    });
    const list = await call(app, 'GET', ws(teamA), { token: owner.token });
    expect(list.body.orphans).toEqual([expect.objectContaining({ containerName: `gantry-${teamA.slug}-ghost-odoo`, workspace: 'ghost' })]);
    const clash = await call(app, 'POST', ws(teamA), { token: owner.token, body: { name: 'ghost' } });
    expect(clash.status).toBe(409);
    for (const name of ['c-d', 'second']) expect((await call(app, 'DELETE', ws(teamA, `/${name}`), { token: owner.token })).status).toBe(204);
    expect((await orphan.inspect()).Name).toContain('ghost');
    await orphan.remove({ force: true });
  });

  it('two creations in one team at once: one proceeds, the other is told the team is busy', async () => {
    const [first, second] = await Promise.all([
      call(app, 'POST', ws(teamA), { token: owner.token, body: { name: 'p-one' } }),
      call(app, 'POST', ws(teamA), { token: owner.token, body: { name: 'p-two' } }),
    ]);
    expect([first.status, second.status].sort()).toEqual([201, 409]);
    expect([first, second].find((response) => response.status === 409)!.body.error.code).toBe('WORKSPACE_BUSY');
    const made = [first, second].find((response) => response.status === 201)!.body.name;
    expect((await call(app, 'DELETE', ws(teamA, `/${made}`), { token: owner.token })).status).toBe(204);
  });
});
