import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Addresses a user-supplied URL must never reach: loopback, private, link-local (cloud metadata), CGNAT, multicast, reserved, documentation. */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  ['2001:db8::', 32],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv6');

/** Names that mean "this machine or its network" whatever they resolve to. */
export const BLOCKED_HOST_NAMES = /^(localhost|.*\.localhost|.*\.local|.*\.internal|metadata|metadata\.google\.internal|instance-data)$/i;

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

export type OutboundVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Whether the server may fetch `url` for a user: https (or http when allowed) to a host whose every
 * address is public. Hosts in `allowedHosts` (set by an administrator) skip the address check.
 * The check resolves DNS itself, so a public name pointing at 127.0.0.1 or 169.254.169.254 is refused.
 */
export async function checkOutboundUrl(url: string, options: { allowedHosts?: readonly string[]; allowHttp?: boolean } = {}): Promise<OutboundVerdict> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'not an absolute URL' };
  }
  if (parsed.protocol !== 'https:' && !(options.allowHttp && parsed.protocol === 'http:'))
    return { ok: false, reason: `${parsed.protocol} URLs are not fetched` };
  if (parsed.username || parsed.password) return { ok: false, reason: 'URLs with credentials are not fetched' };
  const host = parsed.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (options.allowedHosts?.includes(host)) return { ok: true };
  if (BLOCKED_HOST_NAMES.test(host)) return { ok: false, reason: `${host} is not allowed` };
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch {
    return { ok: false, reason: `${host} does not resolve` };
  }
  const blocked = addresses.find(isBlockedAddress);
  if (blocked) return { ok: false, reason: `${host} resolves to ${blocked}, a loopback, private, link-local or reserved address` };
  return { ok: true };
}
