import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stack } from './support/browser';
import { startRecordingUpstream } from './support/recording-upstream';
import { startWebServer } from './support/web-server';

/** The web origin forwards /api, /mcp, /oauth and /.well-known to the API (src/proxy.ts). */
describe('the web origin as the API proxy', () => {
  it('passes the real API status, JSON body and the rotated httpOnly refresh cookie through', async () => {
    const failed = await fetch(`${stack.webUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: stack.admin.email, password: 'not-the-password' }),
    });
    expect(failed.status).toBe(401);
    expect(await failed.json()).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });

    const login = await fetch(`${stack.webUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: stack.admin.email, password: stack.admin.password }),
    });
    expect(login.status).toBe(200);
    const cookie = refreshCookie(login);
    expect(cookie).toMatch(/; Path=\/api\/auth/);
    expect(cookie).toMatch(/; HttpOnly/);

    const refresh = await fetch(`${stack.webUrl}/api/auth/refresh`, {
      method: 'POST',
      headers: { cookie: cookie.split(';')[0] },
    });
    expect(refresh.status).toBe(200);
    expect(refreshCookie(refresh).split(';')[0]).not.toBe(cookie.split(';')[0]);
  });

  describe('against a recording upstream', () => {
    let upstream: Awaited<ReturnType<typeof startRecordingUpstream>>;
    let web: Awaited<ReturnType<typeof startWebServer>>;

    beforeAll(async () => {
      upstream = await startRecordingUpstream();
      // The same build as the main stack, pointed elsewhere only by the environment.
      web = await startWebServer(upstream.url, 'web-recording-upstream');
    });

    afterAll(async () => {
      await web?.stop();
      await upstream?.stop();
    });

    it('reads API_INTERNAL_URL at runtime, so one build serves any API address', async () => {
      const response = await fetch(`${web.url}/api/anything`);
      expect(response.headers.get('x-upstream')).toBe('recording');
      expect(upstream.requests.at(-1)?.url).toBe('/api/anything');
    });

    it('forwards method, path, query, body, cookies and x-forwarded-* unchanged', async () => {
      const response = await fetch(`${web.url}/api/teams/abc/members?limit=5&q=a%20b`, {
        method: 'PATCH',
        headers: {
          'content-type': 'application/json',
          cookie: 'gantry_refresh=opaque',
          authorization: 'Bearer token-1',
          'x-forwarded-for': '203.0.113.7',
          'x-forwarded-host': 'gantry.example.com',
          'x-forwarded-proto': 'https',
        },
        body: JSON.stringify({ role: 'admin' }),
      });
      expect(response.status).toBe(200);
      const seen = upstream.requests.at(-1)!;
      expect(seen).toMatchObject({ method: 'PATCH', url: '/api/teams/abc/members?limit=5&q=a%20b', body: '{"role":"admin"}' });
      expect(seen.headers).toMatchObject({
        cookie: 'gantry_refresh=opaque',
        authorization: 'Bearer token-1',
        'x-forwarded-for': '203.0.113.7',
        'x-forwarded-host': 'gantry.example.com',
        'x-forwarded-proto': 'https',
      });
    });

    it('fills x-forwarded-* for a direct client, so the API sees the public host and the client', async () => {
      await fetch(`${web.url}/oauth/token`, { method: 'POST', body: 'grant_type=x' });
      const seen = upstream.requests.at(-1)!;
      expect(seen).toMatchObject({ method: 'POST', url: '/oauth/token', body: 'grant_type=x' });
      expect(seen.headers['x-forwarded-host']).toBe(new URL(web.url).host);
      expect(seen.headers['x-forwarded-proto']).toBe('http');
      expect(seen.headers['x-forwarded-for']).toMatch(/127\.0\.0\.1/);
    });

    it('returns statuses, several Set-Cookie headers and other headers as the upstream sent them', async () => {
      for (const status of [201, 204, 401, 409, 429, 500]) {
        const response = await fetch(`${web.url}/api/status?status=${status}`, { method: 'POST' });
        expect(response.status).toBe(status);
        expect(response.headers.getSetCookie()).toEqual(['first=1; Path=/api/auth; HttpOnly; SameSite=Strict', 'second=2; Path=/']);
        expect(response.headers.get('retry-after')).toBe('42');
      }
    });

    it('covers /mcp, /mcp/*, /oauth/* and /.well-known/*, and leaves pages to Next', async () => {
      for (const path of ['/mcp', '/mcp/session', '/oauth/authorize?client_id=x', '/.well-known/oauth-authorization-server']) {
        const response = await fetch(`${web.url}${path}`);
        expect(response.headers.get('x-upstream'), path).toBe('recording');
        expect(upstream.requests.at(-1)?.url).toBe(path);
      }
      const page = await fetch(`${web.url}/login`);
      expect(page.headers.get('x-upstream')).toBeNull();
      expect(await page.text()).toContain('<html');
    });

    it('streams server-sent events as they come instead of buffering the response', async () => {
      const started = Date.now();
      // Clients that accept gzip (all MCP clients) must still get each event as it is sent.
      const response = await fetch(`${web.url}/mcp/stream`, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
      const reader = response.body!.getReader();
      const first = await reader.read();
      const firstAt = Date.now() - started;
      expect(new TextDecoder().decode(first.value)).toContain('data: first');
      expect(firstAt).toBeLessThan(1_000);
      let rest = '';
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
      expect(rest).toContain('data: second');
    });
  });
});

function refreshCookie(response: Response): string {
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith('gantry_refresh='));
  if (!cookie) throw new Error(`no gantry_refresh cookie in ${JSON.stringify(response.headers.getSetCookie())}`);
  return cookie;
}
