import { API_KEY_ID_LENGTH, API_KEY_PREFIX, API_KEY_SECRET_LENGTH } from '@gantry/contracts';

/** Generated in libs/contracts, which the CLI shares for static keys of gantry.toml. */
export { generateApiKey } from '@gantry/contracts';

const WELL_FORMED = new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{${API_KEY_SECRET_LENGTH}}$`);

/** Cheap shape check so that garbage never reaches the database. */
export function isWellFormedApiKey(value: string): boolean {
  return WELL_FORMED.test(value);
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(API_KEY_PREFIX);
}

export function apiKeyPrefixId(key: string): string {
  return key.slice(API_KEY_PREFIX.length, API_KEY_PREFIX.length + API_KEY_ID_LENGTH);
}

/** RFC 7617 credentials: `Authorization: Basic base64(user-id ":" password)`. */
export interface BasicCredentials {
  username: string;
  password: string;
}

export function isBasicAuthorization(header: string | undefined): header is string {
  return typeof header === 'string' && /^\s*basic(\s|$)/i.test(header);
}

/**
 * Parsed by hand: the format is one base64 token and one colon. The user-id cannot contain a
 * colon but the password may, so only the first colon splits. Returns null when malformed.
 */
export function parseBasicAuthorization(header: string): BasicCredentials | null {
  const match = /^\s*basic +([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
