import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import Docker from 'dockerode';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAdminAndMember, stack } from './support/browser';
import { createTeamScenario, type TeamScenario } from './support/scenario';

/**
 * Workspaces through the dashboard against the real stack: the built API drives Podman's Docker
 * API with the locally built Odoo stand-in and PostgreSQL images (see global-setup.ts). Without an
 * engine this file fails in beforeAll; it never skips.
 */
describe('Workspaces', () => {
  let browser: Browser;
  let scenario: TeamScenario;
  let admin: Page;
  let member: Page;
  let docker: Docker;
  let workspaceId = '';
  const name = 'e2e-one';

  beforeAll(async () => {
    const engine = stack.workspaces;
    if (!engine.ok) throw new Error(engine.error);
    if (!engine.dockerHost.startsWith('unix://')) throw new Error(`expected a unix DOCKER_HOST, got ${engine.dockerHost}`);
    docker = new Docker({ socketPath: engine.dockerHost.slice('unix://'.length) });
    await docker.ping();
    scenario = await createTeamScenario('Workspaces Team');
    ({ browser, admin, member } = await signInAdminAndMember(scenario));
  });

  afterAll(async () => {
    await browser?.close();
    if (docker && scenario) await removeTeamObjects(docker, scenario.team.id, stack.workspaces.ok ? stack.workspaces.dbContainer : '');
  });

  const listUrl = (tab?: string) => `/teams/${scenario.team.id}/workspaces${tab ? `?tab=${tab}` : ''}`;
  const table = (page: Page) => page.getByRole('table', { name: `Workspaces of ${scenario.team.name}` });
  const teamContainers = () => docker.listContainers({ all: true, filters: { label: [`gantry.team-id=${scenario.team.id}`] } });

  it('is in the sidebar and starts empty', async () => {
    await admin.getByRole('navigation', { name: 'Team' }).getByRole('link', { name: 'Workspaces' }).click();
    await admin.waitForURL(/\/teams\/[a-f0-9]{24}\/workspaces$/);
    await admin.getByRole('heading', { name: 'No workspaces yet' }).waitFor();
  });

  it('checks the create form with the contract’s rules', async () => {
    await admin.getByRole('button', { name: 'Create workspace' }).first().click();
    const dialog = admin.getByRole('dialog', { name: 'Create a workspace' });
    await dialog.getByLabel('Name').fill('Bad_Name');
    await dialog.getByLabel('Branch (optional)').fill('main');
    await dialog.getByLabel('Environment variables (optional)').fill('PASSWORD=x');
    await dialog.getByRole('button', { name: 'Create workspace' }).click();
    await dialog.getByText('Name must be 1-30 lower-case letters, digits and single hyphens, starting with a letter').waitFor();
    await dialog.getByText('Branch (optional) needs a repository URL').waitFor();
    await dialog.getByText(/are set by Gantry/).waitFor();
    await admin.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('lets an admin create a workspace that runs and answers at its URL', async () => {
    await admin.getByRole('button', { name: 'Create workspace' }).first().click();
    const dialog = admin.getByRole('dialog', { name: 'Create a workspace' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Environment variables (optional)').fill('E2E_FLAG=yes');
    await dialog.getByRole('button', { name: 'Create workspace' }).click();
    // The first workspace of the run also creates the shared database container.
    await dialog.waitFor({ state: 'detached', timeout: 180_000 });

    const row = table(admin).getByRole('row', { name: new RegExp(name) });
    await row.getByText('Running', { exact: true }).waitFor();
    const url = await row.getByRole('link', { name: /^http:\/\/127\.0\.0\.1:240\d\d/ }).getAttribute('href');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:240\d\d$/);
    expect(await row.textContent()).toContain('Fresh');
    const answer = await fetch(`${url}/web/login`);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('Odoo stand-in login');

    const containers = await teamContainers();
    expect(containers.map((container) => container.Labels['gantry.workspace'])).toEqual([name]);
    expect(containers[0].State).toBe('running');
    workspaceId = containers[0].Labels['gantry.workspace-id'];
  }, 240_000);

  it('opens the workspace’s page with its details and reads its logs', async () => {
    await table(admin).getByRole('link', { name, exact: true }).click();
    await admin.waitForURL(new RegExp(`/workspaces/${name}$`));
    await admin.getByRole('heading', { name, level: 1 }).waitFor();
    await admin.getByText('Running', { exact: true }).first().waitFor();
    const main = (await admin.getByRole('main').textContent()) ?? '';
    expect(main).toContain('E2E_FLAG');
    expect(main).toContain(`${name}-odoo`);

    const logs = admin.getByLabel('Workspace logs', { exact: true });
    await logs.getByText(/HTTP service \(werkzeug\) running/).waitFor();
    // Only the lines containing a text, after Refresh.
    await admin.getByLabel('Containing').fill('reachable');
    await admin.getByRole('button', { name: 'Refresh' }).click();
    await admin.waitForFunction(() => {
      const text = document.querySelector('[aria-label="Workspace logs"]')?.textContent ?? '';
      return text.includes('reachable') && !text.includes('werkzeug');
    });
  });

  it('runs a command in the workspace and shows its output', async () => {
    await admin.getByRole('textbox', { name: 'Command', exact: true }).fill('echo "hello from e2e"');
    await admin.getByRole('button', { name: 'Run', exact: true }).click();
    const result = admin.getByRole('status', { name: 'Command result' });
    await result.getByText('Succeeded').waitFor({ timeout: 30_000 });
    expect(await admin.getByLabel('Command output', { exact: true }).textContent()).toContain('hello from e2e');

    await admin.getByRole('tab', { name: 'Odoo shell' }).click();
    await admin.getByLabel('Python snippet').fill("print('snippet ran')");
    await admin.getByRole('button', { name: 'Run snippet' }).click();
    await admin.getByRole('status', { name: 'Odoo shell result' }).waitFor({ timeout: 30_000 });
  });

  it('issues a workspace MCP token once, with the workspace’s MCP endpoint', async () => {
    await admin.getByRole('button', { name: 'Create token' }).click();
    const token = admin.getByLabel('Workspace token', { exact: true });
    await token.waitFor();
    expect(await token.inputValue()).toMatch(/^gws_/);
    expect(await admin.getByLabel('MCP endpoint', { exact: true }).inputValue()).toBe(`${stack.webUrl}/mcp/workspaces/${workspaceId}`);
    await admin.getByText('Copy the token now: it is shown only once').waitFor();
    const secret = await token.inputValue();
    await admin.getByRole('button', { name: 'I have copied it' }).click();
    await admin.getByRole('button', { name: 'Rotate token' }).waitFor();
    expect(await admin.content()).not.toContain(secret);
  });

  it('saves the workspace as a template, then renames and deletes the template', async () => {
    await admin.getByRole('button', { name: 'Save as template' }).click();
    const dialog = admin.getByRole('dialog', { name: `Save “${name}” as a template` });
    await dialog.getByLabel('Template name').fill('e2e-base');
    await dialog.getByRole('button', { name: 'Save template' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 120_000 });

    await admin.goto(listUrl('templates'));
    const templates = admin.getByRole('table', { name: `Workspace templates of ${scenario.team.name}` });
    const row = templates.getByRole('row', { name: /e2e-base/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(name);

    await admin.getByRole('button', { name: 'Rename template e2e-base' }).click();
    const rename = admin.getByRole('dialog', { name: 'Rename template “e2e-base”' });
    await rename.getByLabel('New name').fill('e2e-renamed');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await templates.getByRole('row', { name: /e2e-renamed/ }).waitFor();

    await admin.getByRole('button', { name: 'Delete template e2e-renamed' }).click();
    await admin.getByRole('alertdialog', { name: 'Delete template “e2e-renamed”?' }).getByRole('button', { name: 'Delete template' }).click();
    await admin.getByRole('heading', { name: 'No templates yet' }).waitFor();
  }, 180_000);

  it('adds a git credential that is only ever shown masked, and deletes it', async () => {
    // Random per run: no secret-looking literal in the test.
    const token = `ghp_${randomBytes(15).toString('base64url')}`;
    await admin.getByRole('tab', { name: 'Git credentials' }).click();
    await admin.waitForURL(/\?tab=git-credentials$/);
    await admin.getByRole('button', { name: 'Add git credential' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Add a git credential' });
    await dialog.getByLabel('Credential URL').fill('not a url');
    await dialog.getByRole('button', { name: 'Add credential' }).click();
    await dialog.getByText('Credential URL must look like https://user:token@host/owner/repo').waitFor();
    await dialog.getByLabel('Credential URL').fill(`https://e2e-bot:${token}@github.com/acme/odoo-addons`);
    await dialog.getByLabel('Label (optional)').fill('E2E bot');
    await dialog.getByRole('button', { name: 'Add credential' }).click();
    await dialog.waitFor({ state: 'detached' });

    const credentials = admin.getByRole('table', { name: `Git credentials of ${scenario.team.name}` });
    const row = credentials.getByRole('row', { name: /e2e-bot/ });
    await row.waitFor();
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('github.com');
    expect(text).toContain('E2E bot');
    expect(text).toContain('Not checked');
    expect(text).toMatch(/ghp_\*+/);
    expect(await admin.content()).not.toContain(token);

    await admin.getByRole('button', { name: 'Delete credential e2e-bot@github.com' }).click();
    await admin.getByRole('alertdialog', { name: 'Delete the credential e2e-bot@github.com?' }).getByRole('button', { name: 'Delete credential' }).click();
    await admin.getByRole('heading', { name: 'No git credentials' }).waitFor();
  });

  it('shows a member the workspace controls but none of the manage-only ones', async () => {
    await member.goto(`/teams/${scenario.team.id}/workspaces/${name}`);
    await member.getByRole('heading', { name, level: 1 }).waitFor();
    await member.getByLabel('Workspace logs', { exact: true }).waitFor();
    await member.getByRole('button', { name: `Stop ${name}` }).waitFor();
    await member.getByRole('button', { name: 'Recreate' }).waitFor();
    expect(await member.getByRole('button', { name: 'Save as template' }).count()).toBe(0);
    expect(await member.getByRole('heading', { name: 'Workspace MCP token' }).count()).toBe(0);
    expect(await member.getByRole('button', { name: /token/i }).count()).toBe(0);

    await member.goto(listUrl('git-credentials'));
    await member.getByRole('heading', { name: 'No git credentials' }).waitFor();
    expect(await member.getByRole('button', { name: 'Add git credential' }).count()).toBe(0);
    await member.getByRole('tab', { name: 'Templates' }).click();
    await member.getByRole('heading', { name: 'No templates yet' }).waitFor();
    await member.getByRole('tab', { name: 'Workspaces' }).click();
    await table(member)
      .getByRole('row', { name: new RegExp(name) })
      .waitFor();
  });

  it('says so in words when workspaces are unavailable', async () => {
    // The engine is up for this run; the answer an engine-less server gives is played back instead.
    const listPath = `**/api/teams/${scenario.team.id}/workspaces`;
    await member.route(listPath, (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({
          error: { code: 'WORKSPACES_UNAVAILABLE', message: 'Workspaces are unavailable: no container engine answers at the configured DOCKER_HOST.' },
        }),
      }),
    );
    try {
      await member.goto(listUrl());
      await member.getByRole('heading', { name: 'Workspaces are unavailable' }).waitFor();
      await member.getByText(/no container engine answers/).waitFor();
      expect(await member.getByRole('button', { name: 'Create workspace' }).count()).toBe(0);
    } finally {
      await member.unroute(listPath);
    }
  });

  it('stops the workspace, then deletes it after confirming, leaving nothing on the engine', async () => {
    await admin.goto(`/teams/${scenario.team.id}/workspaces/${name}`);
    await admin.getByRole('button', { name: `Stop ${name}` }).click();
    await admin.getByRole('button', { name: `Start ${name}` }).waitFor({ timeout: 60_000 });
    await admin.getByText('Stopped', { exact: true }).first().waitFor();
    await admin.getByText('Start the workspace to run commands in it.').waitFor();
    expect((await teamContainers())[0].State).not.toBe('running');

    await admin.getByRole('button', { name: `Delete ${name}` }).click();
    const confirm = admin.getByRole('alertdialog', { name: `Delete workspace “${name}”?` });
    await confirm.getByRole('button', { name: 'Delete workspace' }).click();
    await admin.waitForURL(/\/workspaces$/, { timeout: 60_000 });
    await admin.getByRole('heading', { name: 'No workspaces yet' }).waitFor();
    expect(await teamContainers()).toEqual([]);
    const volumes = (await docker.listVolumes({ filters: { label: [`gantry.team-id=${scenario.team.id}`] } })).Volumes ?? [];
    expect(volumes).toEqual([]);
  }, 120_000);
});

/** Whatever the team left on the engine, even after a failed test: containers, volumes, its network and bridge rule. */
async function removeTeamObjects(docker: Docker, teamId: string, dbContainer: string): Promise<void> {
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
    if (dbContainer)
      await docker
        .getNetwork(network.Id)
        .disconnect({ Container: dbContainer, Force: true })
        .catch(() => undefined);
    await docker
      .getNetwork(network.Id)
      .remove()
      .catch(() => undefined);
  }
  const bridge = `gnt${createHash('sha256').update(teamId).digest('hex').slice(0, 12)}`;
  spawnSync('iptables', ['-D', 'FORWARD', '-i', bridge, '-o', bridge, '-j', 'ACCEPT'], { stdio: 'ignore' });
}
