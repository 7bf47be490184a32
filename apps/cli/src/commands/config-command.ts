import { Command } from 'commander';
import { ConfigApplyReport } from '@gantry/contracts';
import { resolve } from 'node:path';
import { runAdminCommand } from '../admin-process';
import { usageError } from '../cli-error';
import { formatConfigReport } from '../config-report-format';
import { outputOf } from '../command-context';

/** `gantry config apply|diff [file]`: run in the API's admin process, against the database. */
export function configCommand(): Command {
  const config = new Command('config').description('apply gantry.toml (configuration as code, docs/config-as-code.md)');
  config
    .command('apply')
    .description('make the database match the file; objects it does not mention stay unless --prune')
    .argument('[file]', 'the file (default: GANTRY_CONFIG)')
    .option('--dry-run', 'print what would change, write nothing')
    .option('--prune', 'also remove what the file no longer mentions (members, keys, clients, credentials it manages)')
    .action((file: string | undefined, options: { dryRun?: boolean; prune?: boolean }, command: Command) =>
      apply(command, file, { dryRun: options.dryRun ?? false, prune: options.prune ?? false }),
    );
  config
    .command('diff')
    .description('what `config apply` would change (same as apply --dry-run)')
    .argument('[file]', 'the file (default: GANTRY_CONFIG)')
    .option('--prune', 'include what --prune would remove')
    .action((file: string | undefined, options: { prune?: boolean }, command: Command) =>
      apply(command, file, { dryRun: true, prune: options.prune ?? false }),
    );
  return config;
}

async function apply(command: Command, file: string | undefined, options: { dryRun: boolean; prune: boolean }): Promise<void> {
  const output = outputOf(command);
  const path = file ?? process.env.GANTRY_CONFIG;
  if (!path) throw usageError('name the file: gantry config apply gantry.toml (or set GANTRY_CONFIG)');
  const report = (await runAdminCommand({ command: 'config-apply', file: resolve(path), ...options }, { progress: !output.json })) as ConfigApplyReport;
  output.result(report, formatConfigReport);
}
