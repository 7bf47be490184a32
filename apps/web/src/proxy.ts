import { NextResponse, type NextRequest } from 'next/server';

/**
 * The web server is the one public origin: API, MCP, OAuth and discovery paths go to the API.
 * This runs per request (not a next.config rewrite) so API_INTERNAL_URL is read at runtime and
 * one build serves every environment.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const target = `${apiInternalUrl()}${pathname}${search}`;
  return NextResponse.rewrite(target, { request: { headers: forwardedHeaders(request) } });
}

export const config = {
  matcher: ['/api/:path*', '/mcp', '/mcp/:path*', '/oauth/:path*', '/.well-known/:path*'],
};

function apiInternalUrl(): string {
  return (process.env.API_INTERNAL_URL || 'http://127.0.0.1:3001').replace(/\/+$/, '');
}

/**
 * Next fills x-forwarded-for/-proto/-port from the socket only when no proxy in front set them,
 * so those pass through as they came. x-forwarded-host is different: Next's forwarder overwrites
 * it with the Host header (and sends the API's own host as Host), so a host set by a proxy in
 * front is carried over by handing it to Next as the Host.
 *
 * Accept-Encoding is dropped: Next gzips responses for clients that accept it, and gzip holds back
 * a streamed answer (MCP server-sent events) until it ends. Proxied answers go out as sent.
 */
function forwardedHeaders(request: NextRequest): Headers {
  const headers = new Headers(request.headers);
  const forwardedHost = headers.get('x-forwarded-host');
  if (forwardedHost) headers.set('host', forwardedHost.split(',')[0].trim());
  headers.delete('accept-encoding');
  return headers;
}
