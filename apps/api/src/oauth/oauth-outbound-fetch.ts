import { lookup, LookupAddress } from 'node:dns';
import { Agent, request } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { getCACertificates } from 'node:tls';
import { isBlockedAddress } from '../common/outbound-url-guard';

/** What oidc-provider passes to its `fetch` hook (client ID metadata documents, client JWKS). */
export interface OutboundRequestInit {
  method?: string;
  headers?: ConstructorParameters<typeof Headers>[0];
  body?: string | URLSearchParams;
  signal?: AbortSignal;
}

export type OutboundFetch = (url: string, init?: OutboundRequestInit) => Promise<Response>;

export interface OutboundFetchOptions {
  /** Hosts an administrator allowed on private addresses (OAUTH_ALLOWED_FETCH_HOSTS). */
  allowedHosts: readonly string[];
  /** Extra trust anchors in PEM (OUTBOUND_EXTRA_CA_CERTS), added to Node's default ones. */
  extraCaCertificates: readonly string[];
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * The authorization server's outbound HTTPS client, used as oidc-provider's `fetch`:
 * - https only, never following redirects (oidc-provider treats any non-200 as a failure);
 * - TLS always verified, against Node's default CAs plus the administrator's extra ones;
 * - the SSRF check is made again when connecting, on the addresses actually dialled, so a name
 *   that resolved to a public address in the first check cannot be rebound to 127.0.0.1 or
 *   169.254.169.254; hosts in `allowedHosts` may be on private addresses.
 * It replaces oidc-provider's own SSRF dispatcher, which cannot trust extra CAs and refuses
 * private addresses even for hosts the administrator allowed.
 */
export function createOutboundFetch(options: OutboundFetchOptions): OutboundFetch {
  const allowed = new Set(options.allowedHosts.map((host) => host.toLowerCase()));
  const agent = new Agent({
    ca: options.extraCaCertificates.length > 0 ? [...getCACertificates('default'), ...options.extraCaCertificates] : undefined,
    lookup: lookupRefusingBlockedAddresses(allowed),
  });
  return (url, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const target = new URL(url);
      if (target.protocol !== 'https:') return reject(new Error(`${target.protocol} URLs are not fetched`));
      const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
      // IP literals are dialled without a lookup, so they are checked here.
      if (isIP(host) && !allowed.has(host) && isBlockedAddress(host)) return reject(new Error(`${host} is a loopback, private or reserved address`));
      const method = (init.method ?? 'GET').toUpperCase();
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const outgoing = request(target, { method, headers, agent, signal: init.signal }, (incoming) => {
        try {
          const status = incoming.statusCode ?? 502;
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(incoming.headers)) {
            for (const entry of [value ?? []].flat()) answerHeaders.append(name, entry);
          }
          const body = NULL_BODY_STATUSES.has(status) || method === 'HEAD' ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
          if (body === null) incoming.resume();
          resolve(new Response(body, { status, statusText: incoming.statusMessage, headers: answerHeaders }));
        } catch (error) {
          incoming.destroy();
          reject(error);
        }
      });
      outgoing.on('error', reject);
      outgoing.end(init.body === undefined ? undefined : String(init.body));
    });
}

function lookupRefusingBlockedAddresses(allowed: ReadonlySet<string>): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    lookup(hostname, { ...lookupOptions, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '');
      const blocked = allowed.has(hostname.toLowerCase()) ? undefined : addresses.find((entry) => isBlockedAddress(entry.address));
      if (blocked) {
        const refusal = Object.assign(new Error(`${hostname} resolves to ${blocked.address}, a loopback, private or reserved address`), {
          code: 'EADDRBLOCKED',
        });
        return callback(refusal, '');
      }
      if (lookupOptions.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
      callback(null, first.address, first.family);
    });
  };
}
