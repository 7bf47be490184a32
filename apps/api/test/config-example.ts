import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { generateApiKey } from '../src/api-keys/api-key-format';

/** The documented example configuration, which the suites apply as it is. */
export const EXAMPLE_CONFIG_FILE = join(__dirname, '../../../docs/gantry.example.toml');

/** Values for every `*_env` of docs/gantry.example.toml, fresh for each run. */
export function exampleConfigSecrets(): Record<string, string> {
  return {
    ACME_OWNER_PASSWORD: `owner-${randomBytes(8).toString('hex')}`,
    ACME_MAX_PASSWORD: `max-${randomBytes(8).toString('hex')}`,
    ACME_AUDITOR_PASSWORD: `auditor-${randomBytes(8).toString('hex')}`,
    ACME_ODOO_API_KEY: `odoo-${randomBytes(16).toString('hex')}`,
    ACME_CI_API_KEY: generateApiKey(),
    ACME_REPORTS_CLIENT_SECRET: randomBytes(32).toString('hex'),
    ACME_GITHUB_TOKEN: `ghp_${randomBytes(18).toString('hex')}`,
  };
}
