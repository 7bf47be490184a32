import type { SessionTokenResponse } from '@gantry/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

type ApiClient = typeof import('./api-client');

const session = (accessToken: string): SessionTokenResponse => ({
  accessToken,
  tokenType: 'Bearer',
  expiresIn: 900,
  user: { id: 'u1', email: 'a@b.test', name: 'A' },
  memberships: [],
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const apiError = (status: number, code: string, message = code, extra: object = {}) => json(status, { error: { code, message, ...extra } });

describe('api client', () => {
  let client: ApiClient;
  let fetchMock: ReturnType<typeof vi.fn<typeof fetch>>;

  beforeEach(async () => {
    // The client is browser code: the token and the refresh logic exist only where `window` does.
    vi.stubGlobal('window', {});
    fetchMock = vi.fn<typeof fetch>();
    vi.stubGlobal('fetch', fetchMock);
    vi.resetModules();
    client = await import('./api-client');
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const authorizationOf = (call: number) => new Headers(fetchMock.mock.calls[call][1]?.headers).get('authorization');
  const refreshCalls = () => fetchMock.mock.calls.filter(([url]) => url === '/api/auth/refresh').length;

  it('sends the in-memory token and the cookie, and parses the body with the given schema', async () => {
    client.startSession(session('token-1'));
    fetchMock.mockResolvedValueOnce(json(200, { n: 1 }));
    await expect(client.request('/api/x', { schema: z.object({ n: z.number() }) })).resolves.toEqual({ n: 1 });
    expect(authorizationOf(0)).toBe('Bearer token-1');
    expect(fetchMock.mock.calls[0][1]).toMatchObject({ method: 'GET', credentials: 'include' });
  });

  it('maps error bodies to ApiError with code, message, fields and retry delay', async () => {
    fetchMock.mockResolvedValueOnce(apiError(400, 'VALIDATION_FAILED', 'Invalid request', { fields: [{ path: 'email', message: 'bad' }] }));
    await expect(client.request('/api/x', { method: 'POST', body: {} })).rejects.toMatchObject({
      name: 'ApiError',
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'Invalid request',
      fields: [{ path: 'email', message: 'bad' }],
    });

    fetchMock.mockResolvedValueOnce(apiError(429, 'RATE_LIMITED', 'slow down', { retryAfterSeconds: 30 }));
    await expect(client.request('/api/x')).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 30 });
  });

  it('describes failures that are not API errors in words', async () => {
    fetchMock.mockResolvedValueOnce(new Response('Bad Gateway', { status: 502 }));
    await expect(client.request('/api/x')).rejects.toMatchObject({ status: 502, message: expect.stringMatching(/server had a problem/) });

    fetchMock.mockRejectedValueOnce(new TypeError('fetch failed'));
    await expect(client.request('/api/x')).rejects.toMatchObject({ code: 'NETWORK_ERROR', message: expect.stringMatching(/Cannot reach/) });

    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    fetchMock.mockResolvedValueOnce(json(200, { n: 'one' }));
    await expect(client.request('/api/x', { schema: z.object({ n: z.number() }) })).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('renews an expired token once for concurrent calls and retries each with the new one', async () => {
    client.startSession(session('old'));
    let releaseRefresh: () => void = () => undefined;
    fetchMock.mockImplementation(async (url, init) => {
      if (url === '/api/auth/refresh') {
        await new Promise<void>((resolve) => (releaseRefresh = resolve));
        return json(200, session('new'));
      }
      const token = new Headers(init?.headers).get('authorization');
      return token === 'Bearer new' ? json(200, { ok: url }) : apiError(401, 'TOKEN_EXPIRED');
    });
    const schema = z.object({ ok: z.string() });

    const calls = Promise.all(['/api/a', '/api/b', '/api/c'].map((path) => client.request(path, { schema })));
    await vi.waitFor(() => expect(refreshCalls()).toBe(1));
    releaseRefresh();

    await expect(calls).resolves.toEqual([{ ok: '/api/a' }, { ok: '/api/b' }, { ok: '/api/c' }]);
    expect(refreshCalls()).toBe(1);
    expect(client.getSession()?.accessToken).toBe('new');
  });

  it('ends the session (the dashboard then shows sign-in) when the refresh is refused', async () => {
    client.startSession(session('old'));
    const sessions: Array<SessionTokenResponse | null> = [];
    client.onSessionChange((value) => sessions.push(value));
    fetchMock.mockImplementation(async (url) =>
      url === '/api/auth/refresh' ? apiError(401, 'REFRESH_TOKEN_INVALID', 'ended') : apiError(401, 'UNAUTHENTICATED'),
    );

    const results = await Promise.allSettled([client.request('/api/a'), client.request('/api/b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(results[0]).toMatchObject({ reason: { status: 401, message: 'Your session has ended. Please sign in again.' } });
    expect(refreshCalls()).toBe(1);
    expect(sessions.at(-1)).toBeNull();
    expect(client.getSession()).toBeNull();
  });

  it('downloads a file with the token, renewing it once when expired, and reads its name', async () => {
    client.startSession(session('old'));
    fetchMock.mockImplementation(async (url, init) => {
      if (url === '/api/auth/refresh') return json(200, session('new'));
      if (new Headers(init?.headers).get('authorization') !== 'Bearer new') return apiError(401, 'TOKEN_EXPIRED');
      return new Response('time,tool\n', {
        status: 200,
        headers: { 'content-type': 'text/csv', 'content-disposition': 'attachment; filename="audit.csv"', 'x-export-truncated': 'false' },
      });
    });

    const file = await client.download('/api/export?format=csv');
    await expect(file.blob.text()).resolves.toBe('time,tool\n');
    expect(file.filename).toBe('audit.csv');
    expect(file.headers.get('x-export-truncated')).toBe('false');
    expect(refreshCalls()).toBe(1);

    fetchMock.mockResolvedValueOnce(apiError(403, 'FORBIDDEN', 'not yours'));
    await expect(client.download('/api/export')).rejects.toMatchObject({ status: 403, message: 'not yours' });
  });

  it('does not try to refresh on other errors', async () => {
    client.startSession(session('token'));
    fetchMock.mockResolvedValue(apiError(403, 'FORBIDDEN'));
    await expect(client.request('/api/x')).rejects.toMatchObject({ status: 403 });
    fetchMock.mockResolvedValue(apiError(401, 'INVALID_CREDENTIALS'));
    await expect(client.request('/api/auth/login', { method: 'POST', body: {} })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(refreshCalls()).toBe(0);
  });
});
