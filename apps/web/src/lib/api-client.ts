import { errorResponseSchema, sessionTokenResponseSchema, type FieldError, type SessionTokenResponse } from '@gantry/contracts';
import type { z } from 'zod';

/** Every failed call surfaces as this: the API's stable code, its message, and per-field errors. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly FieldError[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export type RequestOptions<T> = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Parses the response body; without it the call resolves to undefined (204 answers). */
  schema?: z.ZodType<T>;
  signal?: AbortSignal;
};

export type SessionListener = (session: SessionTokenResponse | null) => void;

const isBrowser = typeof window !== 'undefined';
/** Server components render while a visitor waits; an API that hangs must not hang the page. */
const SERVER_TIMEOUT_MS = 10_000;
const REFRESH_PATH = '/api/auth/refresh';
const RETRYABLE_401_CODES = new Set(['TOKEN_EXPIRED', 'UNAUTHENTICATED']);

// The session (and its access token) lives only in this module's memory: a reload restores it
// from the httpOnly refresh cookie, so script-readable storage never holds a credential.
let currentSession: SessionTokenResponse | null = null;
let refreshInFlight: Promise<SessionTokenResponse> | null = null;
const sessionListeners = new Set<SessionListener>();

/**
 * The one way the dashboard talks to the API. In the browser it goes through the same origin
 * (src/proxy.ts forwards /api); on the server (server components) it calls API_INTERNAL_URL.
 */
export function request<T = void>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  return withSessionRenewal(path, () => send(path, options));
}

/** A server-sent event stream (the audit live tail), opened with the bearer token like any call. */
export function openStream(path: string, signal: AbortSignal): Promise<Response> {
  return withSessionRenewal(path, () => fetchOk(path, { method: 'GET', accept: 'text/event-stream', signal }));
}

export type DownloadedFile = { blob: Blob; filename: string | null; headers: Headers };

/**
 * A file the API sends (an export). It needs the bearer token like any call, so a plain link
 * cannot fetch it: the caller gets the bytes as a Blob and saves them (see saveBlob).
 */
export function download(path: string, { signal }: { signal?: AbortSignal } = {}): Promise<DownloadedFile> {
  return withSessionRenewal(path, async () => {
    const response = await fetchOk(path, { method: 'GET', accept: '*/*', signal });
    return {
      blob: await response.blob(),
      filename: filenameOf(response.headers.get('content-disposition')),
      headers: response.headers,
    };
  });
}

/** Exchanges the refresh cookie for a new access token; concurrent callers share one call. */
export function refreshSession(): Promise<SessionTokenResponse> {
  refreshInFlight ??= send(REFRESH_PATH, { method: 'POST', schema: sessionTokenResponseSchema })
    .then((session) => {
      startSession(session);
      return session;
    })
    .finally(() => {
      refreshInFlight = null;
    });
  return refreshInFlight;
}

export function getSession(): SessionTokenResponse | null {
  return currentSession;
}

export function startSession(session: SessionTokenResponse): void {
  currentSession = session;
  for (const listener of sessionListeners) listener(session);
}

export function endSession(): void {
  currentSession = null;
  for (const listener of sessionListeners) listener(null);
}

export function onSessionChange(listener: SessionListener): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

async function withSessionRenewal<T>(path: string, call: () => Promise<T>): Promise<T> {
  const tokenUsed = currentSession?.accessToken;
  try {
    return await call();
  } catch (error) {
    if (!shouldRefreshAndRetry(error, path)) throw error;
    // Another call may already have rotated the token while this one was in flight.
    if (!currentSession || currentSession.accessToken === tokenUsed) await refreshSessionOrEnd();
    return call();
  }
}

async function refreshSessionOrEnd(): Promise<void> {
  try {
    await refreshSession();
  } catch (error) {
    endSession();
    if (error instanceof ApiError && error.status === 401) {
      throw new ApiError(401, error.code, 'Your session has ended. Please sign in again.');
    }
    throw error;
  }
}

function shouldRefreshAndRetry(error: unknown, path: string): boolean {
  return isBrowser && path !== REFRESH_PATH && error instanceof ApiError && error.status === 401 && RETRYABLE_401_CODES.has(error.code);
}

async function send<T>(path: string, { method = 'GET', body, schema, signal }: RequestOptions<T>): Promise<T> {
  const response = await fetchOk(path, { method, body, accept: 'application/json', signal });
  if (!schema) return undefined as T;

  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    console.error(`Unexpected response from ${method} ${path}`, parsed.error.issues);
    throw new ApiError(response.status, 'INVALID_RESPONSE', 'The server sent a response this page does not understand.');
  }
  return parsed.data;
}

/** One HTTP exchange with the API; any non-2xx answer becomes an ApiError. */
async function fetchOk(
  path: string,
  { method, body, accept, signal }: { method: string; body?: unknown; accept: string; signal?: AbortSignal },
): Promise<Response> {
  const headers = new Headers({ accept });
  if (body !== undefined) headers.set('content-type', 'application/json');
  if (isBrowser && currentSession) headers.set('authorization', `Bearer ${currentSession.accessToken}`);

  let response: Response;
  try {
    response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'include',
      cache: 'no-store',
      signal: signal ?? (isBrowser ? undefined : AbortSignal.timeout(SERVER_TIMEOUT_MS)),
    });
  } catch (error) {
    if (signal?.aborted) throw error; // the caller cancelled (e.g. TanStack Query), not a failure
    throw new ApiError(0, 'NETWORK_ERROR', 'Cannot reach the Gantry server. Check your connection and try again.');
  }

  if (!response.ok) throw await toApiError(response);
  return response;
}

/** `attachment; filename="gantry-audit-acme-2026-01-31.csv"` → the name, when there is one. */
function filenameOf(contentDisposition: string | null): string | null {
  const match = /filename="?([^";]+)"?/i.exec(contentDisposition ?? '');
  return match ? match[1] : null;
}

async function toApiError(response: Response): Promise<ApiError> {
  const parsed = errorResponseSchema.safeParse(await response.json().catch(() => undefined));
  if (parsed.success) {
    const { code, message, fields, retryAfterSeconds } = parsed.data.error;
    return new ApiError(response.status, code, message, fields, retryAfterSeconds ?? retryAfterHeader(response));
  }
  const message =
    response.status >= 500 ? `The server had a problem (HTTP ${response.status}). Try again in a moment.` : `The request failed (HTTP ${response.status}).`;
  return new ApiError(response.status, `HTTP_${response.status}`, message);
}

function retryAfterHeader(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

function baseUrl(): string {
  if (isBrowser) return '';
  return (process.env.API_INTERNAL_URL || 'http://127.0.0.1:3001').replace(/\/+$/, '');
}
