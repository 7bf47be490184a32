import type { IncomingMessage } from 'node:http';

/**
 * The token of `Authorization: Bearer <token>`, or null. Only the header counts: a token in the
 * query string or body (which RFC 6750 also allows) ends up in logs and browser history.
 */
export function bearerToken(request: Pick<IncomingMessage, 'headers'>): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}
