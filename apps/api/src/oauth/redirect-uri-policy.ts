export const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export type RedirectUriVerdict = { ok: true; native: boolean } | { ok: false; reason: string };

/**
 * Which redirect URIs a client may register, and whether they make it a native client (RFC 8252):
 * - https anywhere: a web client (Claude.ai, ChatGPT, vscode.dev);
 * - http only to a loopback host, any port (VS Code, Claude Code, MCP Inspector): native;
 * - a private-use scheme (cursor://, claude://, vscode://): native;
 * - http to any other host, fragments, and script-capable schemes are refused.
 */
export function classifyRedirectUris(uris: readonly string[]): RedirectUriVerdict {
  let native = false;
  for (const uri of uris) {
    let parsed: URL;
    try {
      parsed = new URL(uri);
    } catch {
      return { ok: false, reason: `${uri} is not an absolute URI` };
    }
    if (parsed.hash || uri.includes('#')) return { ok: false, reason: `${uri} must not contain a fragment` };
    const scheme = parsed.protocol.slice(0, -1).toLowerCase();
    if (scheme === 'https') continue;
    if (scheme === 'http') {
      if (!LOOPBACK_HOSTS.has(parsed.hostname.toLowerCase())) {
        return {
          ok: false,
          reason: `${uri} uses plain http to a host that is not loopback; use https (or http://127.0.0.1 / http://localhost for a native app)`,
        };
      }
      native = true;
      continue;
    }
    if (['javascript', 'data', 'file', 'vbscript', 'blob', 'about', 'ws', 'wss'].includes(scheme)) {
      return { ok: false, reason: `${uri} uses the ${scheme}: scheme, which cannot be a redirect URI` };
    }
    native = true;
  }
  return { ok: true, native };
}

/** The host part people recognise on the consent page: claude.ai, 127.0.0.1:33418, cursor://anysphere.cursor-mcp. */
export function redirectHostOf(uri: string): string {
  try {
    const parsed = new URL(uri);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.host;
    return `${parsed.protocol}//${parsed.host || parsed.pathname.split('/')[0]}`;
  } catch {
    return uri;
  }
}
