import { usageError } from './cli-error';

/** How commands that talk to a running Gantry reach it: its public URL and an API key, both from the environment. */
export interface ApiSettings {
  url: string;
  key: string | null;
}

/**
 * The key is read from an environment variable only (GANTRY_API_KEY, or the one --key-env names),
 * never from the command line, where other users of the machine and the shell history would see it.
 */
export function apiSettings(options: { url?: string; keyEnv?: string }): ApiSettings {
  const url = (options.url ?? process.env.GANTRY_URL ?? process.env.PUBLIC_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  try {
    new URL(url);
  } catch {
    throw usageError(`${url} is not a URL (set GANTRY_URL or --url)`);
  }
  const keyEnv = options.keyEnv ?? 'GANTRY_API_KEY';
  return { url, key: process.env[keyEnv] || null };
}

export function requireKey(settings: ApiSettings, keyEnv = 'GANTRY_API_KEY'): string {
  if (!settings.key) throw usageError(`set ${keyEnv} to an API key of the team (create one in the dashboard or with: gantry keys create)`);
  return settings.key;
}
