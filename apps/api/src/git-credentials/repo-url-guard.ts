import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { DomainError } from '../common/domain-error';

/** Addresses a user-supplied URL must never reach: loopback, private, link-local (cloud metadata), CGNAT, multicast, reserved. */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24],
  ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32]] as const) BLOCKED.addSubnet(network, prefix, 'ipv6');

const BLOCKED_NAMES = /^(localhost|.*\.localhost|.*\.local|.*\.internal|metadata|metadata\.google\.internal|instance-data)$/i;

export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return BLOCKED.check(mapped[1]!, 'ipv4');
    return BLOCKED.check(address, 'ipv6');
  }
  return BLOCKED.check(address, 'ipv4');
}

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
    if (!allowlisted && BLOCKED_NAMES.test(host)) throw new DomainError('URL_NOT_ALLOWED', `Host ${host} is not allowed`);
    if (options.resolve === false) return { url, address: host, port };
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
    } catch {
      throw new DomainError('URL_NOT_ALLOWED', `Host ${host} does not resolve`);
    }
  }
  if (addresses.length === 0) throw new DomainError('URL_NOT_ALLOWED', `Host ${host} does not resolve`);
  if (!allowlisted && addresses.some(isBlockedAddress)) {
    throw new DomainError('URL_NOT_ALLOWED', `Host ${host} points to a private, loopback or link-local address; an administrator can allow it with WORKSPACE_GIT_ALLOWED_HOSTS`);
  }
  return { url, address: addresses[0]!, port };
}
