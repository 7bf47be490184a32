import { lookup as lookupWithCallback } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { DomainError } from './domain-error';

/**
 * The one SSRF guard for every URL a user makes Gantry fetch or connect to: git repositories,
 * OAuth client metadata documents, Odoo servers. Each use brings its own OutboundPolicy; the
 * address rules are the same for all:
 * - never: link-local (cloud metadata lives at 169.254.169.254), known metadata addresses and
 *   names, unspecified, multicast, reserved and documentation ranges — whatever any setting says;
 * - internal (loopback, private, CGNAT, unique-local): only hosts or ranges the policy's setting lists;
 * - everything else is public.
 * A name is judged by every address it resolves to, and `guardedLookup` applies the same judgement
 * when a socket connects, so DNS cannot answer differently between the check and the connection.
 */

type Range = readonly [network: string, prefix: number];

const NEVER_V4: Range[] = [
  ['0.0.0.0', 8], // "this network": 0.0.0.0 reaches the local host
  ['169.254.0.0', 16], // link-local: AWS/GCP/Azure/OpenStack metadata, ECS task metadata (169.254.170.2)
  ['100.100.100.200', 32], // Alibaba Cloud metadata
  ['168.63.129.16', 32], // Azure platform endpoint
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
];
const NEVER_V6: Range[] = [
  ['::', 128], // unspecified
  ['fe80::', 10], // link-local
  ['fd00:ec2::254', 128], // AWS metadata over IPv6
  ['ff00::', 8], // multicast
  ['2001:db8::', 32], // documentation
];
const INTERNAL_V4: Range[] = [
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT, often a cloud's internal network
  ['127.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
];
const INTERNAL_V6: Range[] = [
  ['::1', 128],
  ['fc00::', 7], // unique local
];

function blockList(v4: Range[], v6: Range[]): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of v4) list.addSubnet(network, prefix, 'ipv4');
  for (const [network, prefix] of v6) list.addSubnet(network, prefix, 'ipv6');
  return list;
}
const NEVER = blockList(NEVER_V4, NEVER_V6);
const INTERNAL = blockList(INTERNAL_V4, INTERNAL_V6);

/** Metadata services by name: refused whatever they resolve to. */
const NEVER_NAMES = /^(metadata|metadata\.google\.internal|metadata\.goog|instance-data|instance-data\.ec2\.internal)$/;
/** Names that mean this machine or its own network whatever they resolve to: internal. */
const INTERNAL_NAMES = /^(localhost|.+\.localhost|ip6-localhost|ip6-loopback|.+\.local|.+\.internal|.+\.home\.arpa)$/;

export type AddressKind = 'public' | 'internal' | 'never';

/** IPv4 carried inside IPv6 (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96) is judged as the IPv4 it carries. */
function embeddedIpv4(address: string): string | null {
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const high = Number.parseInt(hex[1]!, 16);
  const low = Number.parseInt(hex[2]!, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

export function addressKind(address: string): AddressKind {
  const family = isIP(address);
  if (family === 0) return 'never';
  const v4 = family === 4 ? address : embeddedIpv4(address);
  const [ip, type] = v4 ? [v4, 'ipv4' as const] : [address, 'ipv6' as const];
  if (NEVER.check(ip, type)) return 'never';
  if (INTERNAL.check(ip, type)) return 'internal';
  return 'public';
}

/** What one use of outbound URLs allows beyond public https hosts. */
export interface OutboundPolicy {
  /** The setting an administrator changes to allow internal hosts; every refusal names it. */
  readonly setting: string;
  /** From that setting: host names, `host:port`, IP addresses and CIDR ranges allowed on internal addresses. */
  readonly allowedHosts: readonly string[];
  /** Plain http: never, only for hosts listed in the setting, or for any host. */
  readonly plainHttp: 'never' | 'allowed-hosts' | 'any-host';
}

export interface AllowedUrl {
  url: URL;
  /** The address the check approved, for pinning the connection (no DNS rebinding between check and use). */
  address: string;
  port: number;
}

/** An allowlist entry that is an address range: `10.0.0.0/8`, `fd12::/16`. */
export function parseCidr(entry: string): { network: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(entry);
  if (!match) return null;
  const family = isIP(match[1]!);
  const prefix = Number(match[2]);
  if (family === 0 || prefix > (family === 4 ? 32 : 128)) return null;
  return { network: match[1]!, prefix, family: family === 4 ? 'ipv4' : 'ipv6' };
}

/** Why an allowlist entry cannot be used, for the configuration check at start; null when it is fine. */
export function allowlistEntryProblem(entry: string): string | null {
  const bare = entry.replace(/^\[|\]$/g, '');
  const cidr = parseCidr(bare);
  if (cidr) return addressKind(cidr.network) === 'never' ? 'is a link-local, metadata or reserved range, which is never reachable' : null;
  if (entry.includes('/')) return 'is not a valid CIDR range such as 10.0.0.0/8';
  if (isIP(bare)) return addressKind(bare) === 'never' ? 'is a link-local, metadata or reserved address, which is never reachable' : null;
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9_-]+(\.[a-z0-9_-]+)*)(:\d{1,5})?$/i.test(entry)) return 'is not a host name, host:port, IP address or CIDR range';
  if (NEVER_NAMES.test(entry.replace(/:\d+$/, '').toLowerCase())) return 'is a cloud metadata service, which is never reachable';
  return null;
}

interface Allowance {
  /** Listed names and `host:port` entries, as listed. */
  names: Set<string>;
  /** The host of each of those: a socket's lookup knows the name, not the port. */
  hosts: Set<string>;
  ranges: BlockList;
}
const allowances = new WeakMap<readonly string[], Allowance>();

function allowanceOf(policy: OutboundPolicy): Allowance {
  let allowance = allowances.get(policy.allowedHosts);
  if (!allowance) {
    allowance = { names: new Set(), hosts: new Set(), ranges: new BlockList() };
    for (const raw of policy.allowedHosts) {
      const entry = raw
        .trim()
        .toLowerCase()
        .replace(/^\[|\]$/g, '');
      const cidr = parseCidr(entry);
      if (cidr) allowance.ranges.addSubnet(cidr.network, cidr.prefix, cidr.family);
      else if (isIP(entry)) allowance.ranges.addAddress(entry, isIP(entry) === 4 ? 'ipv4' : 'ipv6');
      else if (entry) {
        allowance.names.add(entry);
        allowance.hosts.add(entry.replace(/:\d+$/, ''));
      }
    }
    allowances.set(policy.allowedHosts, allowance);
  }
  return allowance;
}

function inRanges(ranges: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && ranges.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** `[::1]` → `::1`, `Example.COM.` → `example.com`. */
function normalHost(hostname: string): string {
  return hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
}

function refused(message: string): DomainError {
  return new DomainError('URL_NOT_ALLOWED', message);
}

function internalRefusal(host: string, policy: OutboundPolicy): DomainError {
  return refused(`${host} is or resolves to a loopback or private address, which Gantry reaches only when an administrator lists it in ${policy.setting}`);
}

/**
 * Judges the addresses a host resolves to: any "never" address refuses it, and internal ones need
 * the host (by name) or each address (by range) to be listed. Returns the first address.
 */
function judge(host: string, addresses: readonly string[], hostListed: boolean, policy: OutboundPolicy): string {
  if (addresses.length === 0) throw refused(`${host} does not resolve`);
  const allowance = allowanceOf(policy);
  for (const address of addresses) {
    const kind = addressKind(address);
    if (kind === 'never') {
      throw refused(
        `${host} is or resolves to a link-local, cloud metadata or reserved address, which Gantry never connects to, whatever ${policy.setting} says`,
      );
    }
    if (kind === 'internal' && !hostListed && !inRanges(allowance.ranges, address)) throw internalRefusal(host, policy);
  }
  return addresses[0]!;
}

/**
 * Whether Gantry may fetch or connect to `raw` under `policy`; throws URL_NOT_ALLOWED (422) naming
 * the setting otherwise. `resolve: false` checks the URL alone (for storing it); every use
 * resolves, and connections should also use `guardedLookup`.
 */
export async function assertOutboundUrl(raw: string, policy: OutboundPolicy, options: { resolve?: boolean } = {}): Promise<AllowedUrl> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused('Not a valid URL');
  }
  const host = normalHost(url.hostname);
  const allowance = allowanceOf(policy);
  const listed = allowance.names.has(host) || allowance.names.has(url.host.toLowerCase()) || inRanges(allowance.ranges, host);
  const httpAllowed = policy.plainHttp === 'any-host' || (policy.plainHttp === 'allowed-hosts' && listed);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && httpAllowed)) {
    throw refused(
      policy.plainHttp === 'allowed-hosts' ? `Only https URLs are allowed, or http to a host listed in ${policy.setting}` : 'Only https URLs are allowed',
    );
  }
  if (url.username || url.password) throw refused('Credentials do not belong in the URL');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (NEVER_NAMES.test(host)) throw refused(`${host} is a cloud metadata service, which Gantry never connects to, whatever ${policy.setting} says`);
  if (isIP(host)) return { url, address: judge(host, [host], listed, policy), port };
  if (INTERNAL_NAMES.test(host) && !listed) throw internalRefusal(host, policy);
  if (options.resolve === false) return { url, address: host, port };
  let addresses: string[];
  try {
    addresses = (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch {
    throw refused(`${host} does not resolve`);
  }
  return { url, address: judge(host, addresses, listed, policy), port };
}

/**
 * Node's socket `lookup`, guarded: it resolves the name, judges every address as assertOutboundUrl
 * does, and hands the socket only approved addresses — so the connection goes where the check
 * looked, even if DNS changes its answer (rebinding). A refusal fails with `refusalCode`.
 * IP-address hosts never reach a lookup: assertOutboundUrl covers them before the client exists.
 */
export function guardedLookup(policy: OutboundPolicy, refusalCode: string): LookupFunction {
  const allowance = allowanceOf(policy);
  return (hostname, options, callback) => {
    const host = normalHost(hostname);
    lookupWithCallback(hostname, { family: options.family, hints: options.hints, all: true, verbatim: true }, (error, entries) => {
      if (error) return callback(error, '', 0);
      try {
        if (NEVER_NAMES.test(host)) throw refused(`${host} is a cloud metadata service, which Gantry never connects to`);
        judge(
          host,
          entries.map((entry) => entry.address),
          allowance.hosts.has(host),
          policy,
        );
      } catch (refusal) {
        return callback(Object.assign(new Error((refusal as Error).message), { code: refusalCode }), '', 0);
      }
      if (options.all) callback(null, entries);
      else callback(null, entries[0]!.address, entries[0]!.family);
    });
  };
}
