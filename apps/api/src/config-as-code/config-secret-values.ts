import { ConfigFile } from '@gantry/contracts';
import { isWellFormedApiKey } from '../api-keys/api-key-format';
import { TomlPath } from './toml-key-lines';

const OAUTH_CLIENT_SECRET_MIN_LENGTH = 32;

/**
 * What the values behind `*_env` must look like, checked before anything is written. Messages say
 * what is wrong with a value without repeating it.
 */
export function checkSecretValues(file: ConfigFile, secret: (envName: string) => string): Array<{ path: TomlPath; message: string }> {
  const problems: Array<{ path: TomlPath; message: string }> = [];
  file.users?.forEach((user, index) => {
    const length = secret(user.password_env).length;
    if (length < 10 || length > 256)
      problems.push({ path: ['users', index, 'password_env'], message: `the password in ${user.password_env} must be 10 to 256 characters long` });
  });
  for (const [slug, team] of Object.entries(file.teams ?? {})) {
    if (team.odoo && secret(team.odoo.secret_env).length > 1024)
      problems.push({ path: ['teams', slug, 'odoo', 'secret_env'], message: `the secret in ${team.odoo.secret_env} is longer than 1024 characters` });
    for (const [name, key] of Object.entries(team.api_keys ?? {})) {
      if (!isWellFormedApiKey(secret(key.key_env)))
        problems.push({
          path: ['teams', slug, 'api_keys', name, 'key_env'],
          message: `${key.key_env} does not hold a Gantry API key (gnt_live_ and 43 letters or digits; make one with: gantry keys generate)`,
        });
    }
    for (const [name, client] of Object.entries(team.oauth_clients ?? {})) {
      if (secret(client.client_secret_env).length < OAUTH_CLIENT_SECRET_MIN_LENGTH)
        problems.push({
          path: ['teams', slug, 'oauth_clients', name, 'client_secret_env'],
          message: `the client secret in ${client.client_secret_env} must be at least ${OAUTH_CLIENT_SECRET_MIN_LENGTH} characters (openssl rand -hex 32)`,
        });
    }
  }
  return problems;
}
