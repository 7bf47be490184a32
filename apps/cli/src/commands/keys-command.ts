import { Command } from 'commander';
import { ApiKey, CreatedApiKey, generateApiKey, SCOPES, SessionTokenResponse } from '@gantry/contracts';
import { ApiClient } from '../api-client';
import { apiSettings } from '../api-settings';
import { usageError } from '../cli-error';
import { globalsOf, keyClient, outputOf } from '../command-context';
import { readSecret } from '../secret-input';
import { resolveTeam } from '../team-resolver';
import { table } from './teams-command';

export function keysCommand(): Command {
  const keys = new Command('keys').description('API keys of a team');
  keys
    .command('create')
    .description('create a key for yourself: signs in with your email and password (a key cannot create keys), shows the key once')
    .requiredOption('--name <name>', 'what the key is for')
    .option('--scopes <list>', `comma-separated scopes (${SCOPES.join(', ')}); default query,read,schema`)
    .option('--email <email>', 'your email (default GANTRY_EMAIL)')
    .action(createKey);
  keys
    .command('list')
    .description('keys of the team (your own; every member’s with the admin scope)')
    .option('--all', 'include revoked keys')
    .action(async (options: { all?: boolean }, command: Command) => {
      const client = keyClient(command);
      const team = await resolveTeam(client, globalsOf(command).team);
      const list = await client.request<ApiKey[]>('GET', `/api/teams/${team.id}/api-keys${options.all ? '?includeRevoked=true' : ''}`);
      outputOf(command).result(list, (rows) =>
        table(
          ['ID', 'NAME', 'PREFIX', 'SCOPES', 'OWNER', 'REVOKED'],
          rows.map((key) => [key.id, key.name, key.prefix, key.scopes.join(','), key.owner.email, key.revokedAt ?? '']),
        ),
      );
    });
  keys
    .command('revoke')
    .description('revoke a key; it stops working on the next request')
    .argument('<keyId>', 'the key’s id (gantry keys list)')
    .action(async (keyId: string, _options: unknown, command: Command) => {
      const client = keyClient(command);
      const team = await resolveTeam(client, globalsOf(command).team);
      await client.request('DELETE', `/api/teams/${team.id}/api-keys/${encodeURIComponent(keyId)}`);
      outputOf(command).result({ revoked: keyId }, () => `revoked ${keyId}`);
    });
  keys
    .command('generate')
    .description('print a new random key, for a static key of gantry.toml (key_env); nothing is sent anywhere')
    .action((_options: unknown, command: Command) => outputOf(command).result({ key: generateApiKey() }, ({ key }) => key));
  return keys;
}

async function createKey(options: { name: string; scopes?: string; email?: string }, command: Command): Promise<void> {
  const globals = globalsOf(command);
  const settings = apiSettings(globals);
  const email = options.email ?? process.env.GANTRY_EMAIL;
  if (!email) throw usageError('give your email with --email or GANTRY_EMAIL');
  const scopes = options.scopes?.split(',').map((scope) => scope.trim());
  const unknown = scopes?.filter((scope) => !(SCOPES as readonly string[]).includes(scope)) ?? [];
  if (unknown.length > 0) throw usageError(`unknown scope ${unknown.join(', ')}; scopes are ${SCOPES.join(', ')}`);
  const password = await readSecret('GANTRY_PASSWORD', `Password for ${email}`);
  const session = await new ApiClient(settings.url, null).request<SessionTokenResponse>('POST', '/api/auth/login', { email, password });
  const client = new ApiClient(settings.url, session.accessToken);
  try {
    const team = await resolveTeam(client, globals.team);
    const created = await client.request<CreatedApiKey>('POST', `/api/teams/${team.id}/api-keys`, { name: options.name, ...(scopes ? { scopes } : {}) });
    outputOf(command).result(
      created,
      (key) => `${key.secret}\n(shown once: store it now) ${key.name} ${key.prefix} scopes ${key.scopes.join(',')} in ${team.slug}`,
    );
  } finally {
    // The sign-in was only for this: end it.
    await client.request('POST', '/api/auth/logout').catch(() => undefined);
  }
}
