import { Command } from 'commander';
import { AdminRotationReport } from '@gantry/contracts';
import { runAdminCommand } from '../admin-process';
import { CliError } from '../cli-error';
import { outputOf } from '../command-context';

/** `gantry vault rotate`: the rotation of `npm run vault:rotate` (ENCRYPTION_KEY new, ENCRYPTION_KEYS_PREVIOUS old). */
export function vaultCommand(): Command {
  const vault = new Command('vault').description('secrets at rest (database command: run with the API’s environment)');
  vault
    .command('rotate')
    .description('re-encrypt every stored secret under ENCRYPTION_KEY; safe to stop and run again')
    .action(async (_options: unknown, command: Command) => {
      const output = outputOf(command);
      const report = (await runAdminCommand({ command: 'vault-rotate' }, { progress: !output.json })) as AdminRotationReport;
      output.result(
        report,
        (r) =>
          `vault rotation: scanned ${r.scanned}, re-encrypted ${r.rotated}, already current ${r.alreadyCurrent}, changed meanwhile ${r.conflicts}, failed ${r.failed.length}` +
          r.failed.map((failure) => `\n  ${failure.collection} ${failure.id}: ${failure.reason}`).join(''),
      );
      if (report.failed.length > 0 || report.conflicts > 0) throw new CliError('the rotation is not complete; run it again', 'ROTATION_INCOMPLETE');
    });
  return vault;
}
