import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { BLOCKED_HOST_NAMES, isBlockedAddress } from '../common/outbound-url-guard';
import { DomainError } from '../common/domain-error';

export interface AllowedUrl {
  url: URL;
  /** The address the check approved, for pinning the connection (no DNS rebinding between check and use). */
  address: string;
  port: number;
}

/**
 * Refuses URLs that would make Gantry reach its own network: non-http(s) schemes, credentials in
 * the URL, and hosts that are or resolve to loopback, private, link-local or metadata addresses.
 * An administrator may allow named hosts (WORKSPACE_GIT_ALLOWED_HOSTS); plain http only for those.
 * `resolve: false` checks the URL alone (for storing it); every use resolves and pins.
 */
export async function assertUrlAllowed(raw: string, allowedHosts: readonly string[], options: { resolve?: boolean } = {}): Promise<AllowedUrl> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DomainError('URL_NOT_ALLOWED', 'Not a valid URL');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const allowlisted = allowedHosts.includes(host) || allowedHosts.includes(url.host.toLowerCase());
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowlisted)) throw new DomainError('URL_NOT_ALLOWED', 'Only https URLs are allowed');
  if (url.username || url.password) throw new DomainError('URL_NOT_ALLOWED', 'Credentials do not belong in the URL; store them as a git credential');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    if (!allowlisted && BLOCKED_HOST_NAMES.test(host)) throw new DomainError('URL_NOT_ALLOWED', `Host ${host} is not allowed`);
    if (options.resolve === false) return { url, address: host, port };
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch {
      throw new DomainError('URL_NOT_ALLOWED', `Host ${host} does not resolve`);
    }
  }
  if (addresses.length === 0) throw new DomainError('URL_NOT_ALLOWED', `Host ${host} does not resolve`);
  if (!allowlisted && addresses.some(isBlockedAddress)) {
    throw new DomainError(
      'URL_NOT_ALLOWED',
      `Host ${host} points to a private, loopback or link-local address; an administrator can allow it with WORKSPACE_GIT_ALLOWED_HOSTS`,
    );
  }
  return { url, address: addresses[0]!, port };
}
