import { Agent, request } from 'node:https';
import { Readable } from 'node:stream';
import { getCACertificates } from 'node:tls';
import { assertOutboundUrl, guardedLookup, OutboundPolicy } from '../common/outbound-url-guard';

/** What oidc-provider passes to its `fetch` hook (client ID metadata documents, client JWKS). */
export interface OutboundRequestInit {
  method?: string;
  headers?: ConstructorParameters<typeof Headers>[0];
  body?: string | URLSearchParams;
  signal?: AbortSignal;
}

export type OutboundFetch = (url: string, init?: OutboundRequestInit) => Promise<Response>;

export interface OutboundFetchOptions {
  /** The shared SSRF policy (OAUTH_ALLOWED_FETCH_HOSTS): link-local and metadata never, internal hosts only when listed. */
  policy: OutboundPolicy;
  /** Extra trust anchors in PEM (OUTBOUND_EXTRA_CA_CERTS), added to Node's default ones. */
  extraCaCertificates: readonly string[];
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * The authorization server's outbound HTTPS client, used as oidc-provider's `fetch`:
 * - https only, never following redirects (oidc-provider treats any non-200 as a failure);
 * - TLS always verified, against Node's default CAs plus the administrator's extra ones;
 * - the shared SSRF guard checks the URL, then again when connecting, on the addresses actually
 *   dialled (guardedLookup), so a name that resolved to a public address in the first check cannot
 *   be rebound to 127.0.0.1 or 169.254.169.254; listed hosts may be on private addresses.
 * It replaces oidc-provider's own SSRF dispatcher, which cannot trust extra CAs and refuses
 * private addresses even for hosts the administrator allowed.
 */
export function createOutboundFetch(options: OutboundFetchOptions): OutboundFetch {
  const agent = new Agent({
    ca: options.extraCaCertificates.length > 0 ? [...getCACertificates('default'), ...options.extraCaCertificates] : undefined,
    lookup: guardedLookup(options.policy, 'EADDRBLOCKED'),
  });
  return async (url, init = {}) => {
    // IP literals are dialled without a lookup, so the URL itself is checked first.
    const target = (await assertOutboundUrl(url, options.policy, { resolve: false })).url;
    return new Promise<Response>((resolve, reject) => {
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
  };
}
