import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { privateCaCertificates } from '../../test/private-ca';
import { configSchema } from './config.schema';
import { ConfigError, loadConfig } from './load-config';

const hex = (char: string) => char.repeat(64);
const valid = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://gantry.example.com',
  MONGODB_URI: 'mongodb://db:27017/gantry',
  JWT_SECRET: hex('a'),
  COOKIE_SECRET: hex('b'),
  ENCRYPTION_KEY: hex('c'),
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('accepts a complete production configuration and applies defaults', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({ API_PORT: 3001, ACCESS_TOKEN_TTL_SECONDS: 900, REFRESH_TOKEN_TTL_DAYS: 30 });
  });

  it('refuses to start in production without secrets, naming each missing key', () => {
    const { JWT_SECRET: _jwt, COOKIE_SECRET: _cookie, ENCRYPTION_KEY: _key, ...rest } = valid;
    expect(problems(rest).map((problem) => problem.split(':')[0])).toEqual(['JWT_SECRET', 'COOKIE_SECRET', 'ENCRYPTION_KEY']);
  });

  it('refuses weak or malformed values with a clear message', () => {
    expect(problems({ ...valid, JWT_SECRET: 'short' })).toEqual([expect.stringContaining('JWT_SECRET must be at least 32 characters')]);
    expect(problems({ ...valid, ENCRYPTION_KEY: 'c'.repeat(40) })).toEqual([expect.stringContaining('32 random bytes')]);
    expect(problems({ ...valid, API_PORT: 'eighty' })).toEqual([expect.stringMatching(/^API_PORT/)]);
    expect(problems({ ...valid, MONGODB_URI: 'postgres://x' })).toEqual([expect.stringContaining('mongodb://')]);
    expect(problems({ ...valid, PUBLIC_URL: 'http://gantry.example.com' })).toEqual(['PUBLIC_URL: must use https in production']);
    expect(problems({ ...valid, GANTRY_ADMIN_EMAIL: 'a@b.co' })).toEqual(['GANTRY_ADMIN_EMAIL and GANTRY_ADMIN_PASSWORD must be set together']);
  });

  it('purges unused OAuth registrations after 24 hours unless told otherwise; 0 keeps them, negative or fractional hours are refused', () => {
    expect(loadConfig(valid).OAUTH_UNUSED_CLIENT_TTL_HOURS).toBe(24);
    expect(loadConfig({ ...valid, OAUTH_UNUSED_CLIENT_TTL_HOURS: '0' }).OAUTH_UNUSED_CLIENT_TTL_HOURS).toBe(0);
    expect(loadConfig({ ...valid, OAUTH_UNUSED_CLIENT_TTL_HOURS: '168' }).OAUTH_UNUSED_CLIENT_TTL_HOURS).toBe(168);
    expect(problems({ ...valid, OAUTH_UNUSED_CLIENT_TTL_HOURS: '-1' })).toEqual([expect.stringMatching(/^OAUTH_UNUSED_CLIENT_TTL_HOURS/)]);
    expect(problems({ ...valid, OAUTH_UNUSED_CLIENT_TTL_HOURS: '1.5' })).toEqual([expect.stringMatching(/^OAUTH_UNUSED_CLIENT_TTL_HOURS/)]);
  });

  it('reads OUTBOUND_EXTRA_CA_CERTS at start and refuses a missing file, a file without certificates, or a broken one', async () => {
    expect(loadConfig(valid).OUTBOUND_EXTRA_CA_CERTS).toEqual([]);
    const directory = mkdtempSync(join(tmpdir(), 'gantry-ca-'));
    const { ca, trusted } = await privateCaCertificates();
    const bundle = join(directory, 'bundle.pem');
    writeFileSync(bundle, `# company CAs\n${ca}\n${trusted.cert}\n`);
    expect(loadConfig({ ...valid, OUTBOUND_EXTRA_CA_CERTS: bundle }).OUTBOUND_EXTRA_CA_CERTS).toEqual([ca.trim(), trusted.cert.trim()]);

    const missing = join(directory, 'missing.pem');
    expect(problems({ ...valid, OUTBOUND_EXTRA_CA_CERTS: missing })).toEqual([`OUTBOUND_EXTRA_CA_CERTS: cannot read ${missing} (ENOENT)`]);
    const key = join(directory, 'key.pem');
    writeFileSync(key, trusted.private);
    expect(problems({ ...valid, OUTBOUND_EXTRA_CA_CERTS: key })).toEqual([expect.stringContaining('holds no PEM certificate')]);
    const broken = join(directory, 'broken.pem');
    writeFileSync(broken, `${ca}\n-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n`);
    expect(problems({ ...valid, OUTBOUND_EXTRA_CA_CERTS: broken })).toEqual([`OUTBOUND_EXTRA_CA_CERTS: certificate 2 in ${broken} cannot be read`]);
  });

  it('accepts a base64 encryption key of 32 bytes', () => {
    expect(loadConfig({ ...valid, ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }).ENCRYPTION_KEY).toBeTruthy();
  });

  it('never echoes a secret value in its messages', () => {
    const secret = 'super-secret-but-too-short';
    expect(problems({ ...valid, JWT_SECRET: secret }).join('\n')).not.toContain(secret);
  });

  it('in development generates missing secrets once into a local file and reuses them', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gantry-config-')), 'dev-secrets.json');
    const env = { NODE_ENV: 'development', MONGODB_URI: 'mongodb://127.0.0.1:1/x', GANTRY_DEV_SECRETS_FILE: file };
    const first = loadConfig(env);
    const second = loadConfig(env);
    expect(existsSync(file)).toBe(true);
    expect(first.JWT_SECRET).toHaveLength(64);
    expect(second.JWT_SECRET).toBe(first.JWT_SECRET);
    expect(second.ENCRYPTION_KEY).toBe(first.ENCRYPTION_KEY);
    expect(JSON.parse(readFileSync(file, 'utf8')).COOKIE_SECRET).toBe(first.COOKIE_SECRET);
  });
});

describe('.env.example', () => {
  it('documents every configuration key the API reads, each with a comment', () => {
    const example = readFileSync(join(__dirname, '../../../../.env.example'), 'utf8');
    const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]);
    expect(documented).toEqual(expect.arrayContaining(Object.keys(configSchema.shape)));
    const lines = example.split('\n');
    for (const key of Object.keys(configSchema.shape)) {
      const index = lines.findIndex((line) => line.startsWith(`${key}=`));
      const commentAbove = lines.slice(Math.max(0, index - 4), index).some((line) => line.startsWith('#'));
      expect(commentAbove, `${key} has a comment`).toBe(true);
    }
  });
});
