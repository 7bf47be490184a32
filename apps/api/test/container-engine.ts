import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The real engine for workspace suites: Podman's Docker-compatible API, installed and started by
 * the project's own script, with the locally built images. Any failure here throws, so a suite that
 * needs the engine fails instead of skipping.
 */
export async function ensureTestEngine(): Promise<{ dockerHost: string; odooImage: string; pgImage: string }> {
  // The same plain ESM scripts `npm test` runs (outside any Nx project, hence loaded by URL).
  const script = (name: string) => pathToFileURL(path.join(__dirname, '../../../scripts/lib', name)).href;
  const podman = await import(/* @vite-ignore */ script('podman.mjs'));
  const images = await import(/* @vite-ignore */ script('workspace-images.mjs'));
  const log = () => undefined;
  const dockerHost: string = await podman.ensurePodman({ log });
  const built = images.ensureWorkspaceImages({ log }) as { odoo: string; postgres: string };
  return { dockerHost, odooImage: built.odoo, pgImage: built.postgres };
}

/** App settings for a workspace suite: its own port range, team name and data dir, so suites can run side by side. */
export function workspaceEnv(
  engine: { dockerHost: string; odooImage: string; pgImage: string },
  portBase: number,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DOCKER_HOST: engine.dockerHost,
    WORKSPACE_ODOO_IMAGE: engine.odooImage,
    WORKSPACE_DB_IMAGE: engine.pgImage,
    WORKSPACE_DB_CONTAINER: 'gantry-db-test',
    WORKSPACE_DB_HOST_PORT: '25433',
    WORKSPACE_PORT_RANGE: `${portBase}-${portBase + 99}`,
    WORKSPACE_PORTS_PER_TEAM: '10',
    WORKSPACE_PUBLIC_HOST: '127.0.0.1',
    WORKSPACE_MEMORY_MB: '256',
    WORKSPACE_PIDS: '128',
    WORKSPACE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'gantry-ws-')),
    GANTRY_ADMIN_TEAM: `T${randomBytes(3).toString('hex')}`,
    ...extra,
  };
}

/** After a suite: whatever its teams left on the engine (a failed test must not leak containers, volumes or networks). */
export async function removeTeamObjects(docker: import('dockerode'), teamIds: string[]): Promise<void> {
  for (const teamId of teamIds) {
    const filters = { label: [`gantry.team-id=${teamId}`] };
    for (const container of await docker.listContainers({ all: true, filters }))
      await docker
        .getContainer(container.Id)
        .remove({ force: true })
        .catch(() => undefined);
    for (const volume of (await docker.listVolumes({ filters })).Volumes ?? [])
      await docker
        .getVolume(volume.Name)
        .remove({ force: true })
        .catch(() => undefined);
    for (const network of await docker.listNetworks({ filters })) {
      await docker
        .getNetwork(network.Id)
        .disconnect({ Container: 'gantry-db-test', Force: true })
        .catch(() => undefined);
      await docker
        .getNetwork(network.Id)
        .remove()
        .catch(() => undefined);
    }
    // The FORWARD rule Gantry adds for the team bridge (see WorkspacesService.allowBridge).
    const bridge = `gnt${createHash('sha256').update(teamId).digest('hex').slice(0, 12)}`;
    spawnSync('iptables', ['-D', 'FORWARD', '-i', bridge, '-o', bridge, '-j', 'ACCEPT'], { stdio: 'ignore' });
  }
}

/** The image whose "Odoo" answers the external API (the project's XML-RPC test double); needs libs/testing built. */
export function ensureOdooRpcImage(): string {
  const script = path.join(__dirname, '../../../scripts/lib/workspace-images.mjs');
  // Built by a child process: the image script is plain ESM outside any Nx project, and the build is synchronous.
  return execFileSync(
    process.execPath,
    ['-e', `import(${JSON.stringify(pathToFileURL(script).href)}).then((m) => process.stdout.write(m.ensureOdooRpcImage({ log: () => undefined })))`],
    { encoding: 'utf8' },
  ).trim();
}
