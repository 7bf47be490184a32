import { Command } from 'commander';
import { AdminUserCreated } from '@gantry/contracts';
import { runAdminCommand } from '../admin-process';
import { outputOf } from '../command-context';
import { readSecret } from '../secret-input';

/** Handed to the admin process in its environment: the password never appears in a command line. */
const PASSWORD_HANDOVER_ENV = 'GANTRY_ADMIN_USER_PASSWORD';

export function usersCommand(): Command {
  const users = new Command('users').description('people (database command: run with the API’s environment)');
  users
    .command('create')
    .description('create an account (add it to teams with gantry.toml or an invitation)')
    .requiredOption('--email <email>', 'the person’s email')
    .requiredOption('--name <name>', 'their name')
    .option('--password-env <name>', 'environment variable holding the password (asked at a terminal when unset)', 'GANTRY_USER_PASSWORD')
    .action(async (options: { email: string; name: string; passwordEnv: string }, command: Command) => {
      const output = outputOf(command);
      const password = await readSecret(options.passwordEnv, `Password for ${options.email}`);
      const user = (await runAdminCommand(
        { command: 'users-create', email: options.email, name: options.name, passwordEnv: PASSWORD_HANDOVER_ENV },
        { progress: false, env: { [PASSWORD_HANDOVER_ENV]: password } },
      )) as AdminUserCreated;
      output.result(user, (created) =>
        created.created ? `created ${created.email} (${created.id})` : `${created.email} exists already (${created.id}); nothing changed`,
      );
    });
  return users;
}
