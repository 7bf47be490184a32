import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { AppConfig, configSchema } from './config.schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const GENERATED_DEV_SECRETS = ['JWT_SECRET', 'COOKIE_SECRET', 'ENCRYPTION_KEY'] as const;

/**
 * Development runs with zero set-up: secrets that are not given are generated once into a
 * git-ignored file, so sessions and encrypted data survive restarts. Production and test never do this.
 */
function withDevelopmentSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if ((env.NODE_ENV ?? 'development') !== 'development') return env;
  const missing = GENERATED_DEV_SECRETS.filter((key) => !env[key]);
  if (missing.length === 0) return env;
  const file = resolve(env.GANTRY_DEV_SECRETS_FILE ?? '.gantry/dev-secrets.json');
  let stored: Record<string, string> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  let changed = false;
  for (const key of GENERATED_DEV_SECRETS) {
    if (!stored[key]) {
      stored[key] = randomBytes(32).toString('hex');
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  const merged = { ...env };
  for (const key of missing) merged[key] = stored[key];
  return merged;
}

/** An empty variable (as compose files and shells often pass) means "not set". */
function withoutEmptyValues(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const source = withDevelopmentSecrets(withoutEmptyValues(env));
  const parsed = configSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`));
  }
  const config = parsed.data;
  if (config.NODE_ENV === 'production' && new URL(config.PUBLIC_URL).protocol !== 'https:') {
    const host = new URL(config.PUBLIC_URL).hostname;
    if (host !== 'localhost' && host !== '127.0.0.1') {
      throw new ConfigError(['PUBLIC_URL: must use https in production']);
    }
  }
  if (Boolean(config.GANTRY_ADMIN_EMAIL) !== Boolean(config.GANTRY_ADMIN_PASSWORD)) {
    throw new ConfigError(['GANTRY_ADMIN_EMAIL and GANTRY_ADMIN_PASSWORD must be set together']);
  }
  return config;
}

export function describeConfigError(error: unknown): string {
  if (error instanceof ConfigError) return error.message;
  if (error instanceof z.ZodError) return error.message;
  return String(error);
}
