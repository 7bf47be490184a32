import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestEngine, removeTeamObjects } from '../../test/container-engine';

type PodmanScript = { removeDeadContainers: (options: { log: (line: string) => void }) => Promise<string[]> };

const podmanInspect = (name: string) => JSON.parse(execFileSync('podman', ['inspect', '--type', 'container', '--format', 'json', name], { encoding: 'utf8' }))[0];

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A machine whose processes were all killed while /run survived (a session ending, then CI on the
 * same disk) leaves Podman reporting containers as running that are gone. CI failed on exactly
 * that: the shared test database "ran" but refused connections. The project's engine script
 * must clear such containers so they are recreated, and leave live ones alone.
 */
describe('containers Podman reports running after their processes were killed (real engine)', () => {
  let docker: Docker;
  let script: PodmanScript;
  const label = `dead-probe-${randomBytes(4).toString('hex')}`;
  const names = { dead: `gantry-${label}-dead`, live: `gantry-${label}-live` };

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
});
