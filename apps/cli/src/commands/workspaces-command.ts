import { Command } from 'commander';
import { Workspace, WorkspaceList } from '@gantry/contracts';
import { globalsOf, keyClient, outputOf } from '../command-context';
import { resolveTeam } from '../team-resolver';
import { table } from './teams-command';

/** Thin calls of the workspace routes (a key with the workspaces scope); docs/workspaces.md has the rest. */
export function workspacesCommand(): Command {
  const workspaces = new Command('workspaces').description('the team’s Odoo workspaces');
  workspaces
    .command('list')
    .description('workspaces and their state')
    .action(async (_options: unknown, command: Command) => {
      const { client, base } = await teamPath(command);
      const list = await client.request<WorkspaceList>('GET', base);
      outputOf(command).result(list, (answer) =>
        table(
          ['NAME', 'STATUS', 'BRANCH', 'URL'],
          answer.workspaces.map((workspace) => [workspace.name, workspace.status, workspace.branch ?? '', workspace.url ?? '']),
        ),
      );
    });
  workspaces
    .command('get')
    .argument('<name>')
    .description('one workspace')
    .action(async (name: string, _options: unknown, command: Command) => {
      const { client, base } = await teamPath(command);
      const workspace = await client.request<Workspace>('GET', `${base}/${encodeURIComponent(name)}`);
      outputOf(command).result(workspace, (w) => `${w.name} ${w.status}${w.url ? ` ${w.url}` : ''}${w.branch ? ` (${w.repoUrl} ${w.branch})` : ''}`);
    });
  for (const action of ['start', 'stop', 'restart'] as const) {
    workspaces
      .command(action)
      .argument('<name>')
      .description(`${action} a workspace`)
      .action(async (name: string, _options: unknown, command: Command) => {
        const { client, base } = await teamPath(command);
        const workspace = await client.request<Workspace>('POST', `${base}/${encodeURIComponent(name)}/${action}`);
        outputOf(command).result(workspace, (w) => `${w.name} ${w.status}`);
      });
  }
  workspaces
    .command('delete')
    .argument('<name>')
    .description('delete a workspace (its container, database and filestore)')
    .action(async (name: string, _options: unknown, command: Command) => {
      const { client, base } = await teamPath(command);
      await client.request('DELETE', `${base}/${encodeURIComponent(name)}`);
      outputOf(command).result({ deleted: name }, () => `deleted ${name}`);
    });
  return workspaces;
}

async function teamPath(command: Command) {
  const client = keyClient(command);
  const team = await resolveTeam(client, globalsOf(command).team);
  return { client, base: `/api/teams/${team.id}/workspaces` };
}
