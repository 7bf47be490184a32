import { createHash, randomBytes } from 'node:crypto';
import { TestApp } from './test-app';

interface Cookie {
  name: string;
  value: string;
  path: string;
}

export interface ConsentChoice {
  teamId: string;
  scopes: string[];
}

/**
 * A browser stand-in for the authorization flow over real HTTP: it keeps cookies with their paths
 * (the interaction and resume cookies are path-scoped), follows redirects inside Gantry, and plays
 * the consent page's part with a signed-in dashboard session. It stops at the first redirect that
 * leaves Gantry — the client's redirect URI — and returns it.
 */
export class OAuthUserAgent {
  private readonly cookies: Cookie[] = [];
  interactionUid?: string;

  constructor(
    private readonly app: TestApp,
    private readonly sessionToken: string,
  ) {}

  private cookieHeader(path: string): string {
    return this.cookies
      .filter((cookie) => path === cookie.path || path.startsWith(cookie.path.endsWith('/') ? cookie.path : `${cookie.path}/`) || cookie.path === '/')
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  private remember(response: Response, requestPath: string): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      const pathAttribute = attributes.find((attribute) => attribute.toLowerCase().startsWith('path='));
      const path = pathAttribute ? pathAttribute.slice(5) : requestPath.replace(/\/[^/]*$/, '') || '/';
      const expired =
        attributes.some((attribute) => /^expires=thu, 01 jan 1970/i.test(attribute)) || attributes.some((attribute) => /^max-age=0$/i.test(attribute));
      const index = this.cookies.findIndex((cookie) => cookie.name === name && cookie.path === path);
      if (index >= 0) this.cookies.splice(index, 1);
      if (!expired && value) this.cookies.push({ name: name!, value, path });
    }
  }

  async request(method: string, url: string, init: { body?: unknown; bearer?: boolean } = {}): Promise<Response> {
    const target = new URL(url, this.app.baseUrl);
    const headers: Record<string, string> = { cookie: this.cookieHeader(target.pathname) };
    if (init.bearer) headers.authorization = `Bearer ${this.sessionToken}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(target, { method, headers, redirect: 'manual', body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    this.remember(response, target.pathname);
    return response;
  }

  /** Follows Gantry's redirects from `url`; returns the Response that is not a redirect within Gantry, or the URL it leaves to. */
  async follow(url: string): Promise<{ leftTo?: URL; response?: Response }> {
    let next = new URL(url, this.app.baseUrl);
    for (let hop = 0; hop < 10; hop += 1) {
      if (next.origin !== new URL(this.app.baseUrl).origin) return { leftTo: next };
      const match = /^\/authorize\/([^/]+)$/.exec(next.pathname);
      if (match) {
        // The dashboard's consent page: the caller decides what it does.
        this.interactionUid = decodeURIComponent(match[1]!);
        return {};
      }
      const response = await this.request('GET', next.href);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return { response };
      next = new URL(location, next);
    }
    throw new Error('too many redirects');
  }

  /** The whole browser leg: authorization URL → consent page → consent (or denial) → the client's redirect URI. */
  async authorize(authorizationUrl: string | URL, choice: ConsentChoice | 'deny'): Promise<URL> {
    const start = await this.follow(String(authorizationUrl));
    if (start.leftTo) return start.leftTo;
    if (!this.interactionUid) throw new Error(`the authorization did not reach the consent page: ${start.response?.status} ${await start.response?.text()}`);
    const path = `/api/oauth/interaction/${encodeURIComponent(this.interactionUid)}`;
    const details = await this.request('GET', `${path}/details`, { bearer: true });
    if (details.status !== 200) throw new Error(`consent details failed: ${details.status} ${await details.text()}`);
    const answer =
      choice === 'deny'
        ? await this.request('POST', `${path}/deny`, { bearer: true, body: {} })
        : await this.request('POST', `${path}/consent`, { bearer: true, body: choice });
    if (answer.status !== 200) throw new Error(`consent failed: ${answer.status} ${await answer.text()}`);
    const { redirectTo } = (await answer.json()) as { redirectTo: string };
    const end = await this.follow(redirectTo);
    if (!end.leftTo) throw new Error(`the authorization did not return to the client: ${end.response?.status} ${await end.response?.text()}`);
    return end.leftTo;
  }
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
