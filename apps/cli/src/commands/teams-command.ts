import { Command } from 'commander';
import { MeResponse } from '@gantry/contracts';
import { keyClient, outputOf } from '../command-context';

export function teamsCommand(): Command {
  const teams = new Command('teams').description('teams of the API key’s owner');
  teams
    .command('list')
    .description('the teams and the role in each')
    .action(async (_options: unknown, command: Command) => {
      const me = await keyClient(command).request<MeResponse>('GET', '/api/auth/me');
      const rows = me.memberships.map((membership) => ({
        id: membership.team.id,
        slug: membership.team.slug,
        name: membership.team.name,
        role: membership.role,
      }));
      outputOf(command).result(rows, (list) =>
        table(
          ['SLUG', 'NAME', 'ROLE', 'ID'],
          list.map((row) => [row.slug, row.name, row.role, row.id]),
        ),
      );
    });
  return teams;
}

/** Columns padded to their widest cell: what people read in a terminal. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
