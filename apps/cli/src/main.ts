import { Command, CommanderError } from 'commander';
import { CLI_EXIT_CODES } from '@gantry/contracts';
import { CliError } from './cli-error';
import { CliOutput } from './cli-output';
import { auditCommand } from './commands/audit-command';
import { callCommand } from './commands/call-command';
import { configCommand } from './commands/config-command';
import { connectCommand } from './commands/connect-command';
import { keysCommand } from './commands/keys-command';
import { teamsCommand } from './commands/teams-command';
import { usersCommand } from './commands/users-command';
import { vaultCommand } from './commands/vault-command';
import { workspacesCommand } from './commands/workspaces-command';

/**
 * `gantry`: database commands (config apply|diff, users create, vault rotate, audit purge) run in
 * the API's admin process with the API's environment; the others (teams, keys, call, connect,
 * audit export, workspaces) talk to a running Gantry over REST or MCP with an API key.
 * Exit codes: 0 done, 1 failed, 2 wrong command line (libs/contracts cli.ts).
 */
function program(): Command {
  const root = new Command('gantry')
    .description('Gantry from the command line (README: Command line)')
    .option('--url <url>', 'the Gantry to talk to (default GANTRY_URL, else PUBLIC_URL, else http://localhost:3000)')
    .option('--key-env <name>', 'environment variable holding the API key', 'GANTRY_API_KEY')
    .option('--team <team>', 'team slug or id (default GANTRY_TEAM, else your only team)')
    .showHelpAfterError('(gantry --help lists the commands)')
    .exitOverride();
  for (const command of [
    configCommand(),
    usersCommand(),
    teamsCommand(),
    keysCommand(),
    callCommand(),
    connectCommand(),
    vaultCommand(),
    auditCommand(),
    workspacesCommand(),
  ]) {
    root.addCommand(command);
  }
  addJsonOutput(root);
  return root;
}

/** Every command that answers (except `call`, whose --json is its arguments) takes --json. */
function addJsonOutput(command: Command): void {
  if (command.commands.length === 0) {
    if (command.name() !== 'call') command.option('--json', 'answer in JSON (errors as JSON on standard error)');
    return;
  }
  for (const child of command.commands) {
    child.exitOverride();
    addJsonOutput(child);
  }
}

async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv);
    return CLI_EXIT_CODES.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are answers; everything else commander refuses is a usage error.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help'
        ? CLI_EXIT_CODES.ok
        : CLI_EXIT_CODES.usage;
    }
    const failure = error instanceof CliError ? error : new CliError(error instanceof Error ? error.message : String(error), 'INTERNAL');
    new CliOutput(argv.includes('--json') && !argv.includes('call')).failure(failure);
    return failure.exitCode;
  }
}

void main(process.argv).then((code) => {
  process.exitCode = code;
});
