import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { AssignableRole, REFRESH_COOKIE_NAME } from '@gantry/contracts';
import { INestApplication } from '@nestjs/common';
import mongoose from 'mongoose';
import { inject } from 'vitest';
import { createApp } from '../src/bootstrap';
import { AppConfig } from '../src/config/app-config';
import { loadConfig } from '../src/config/load-config';

export interface TestApp {
  baseUrl: string;
  /** The Nest application, for reaching services (e.g. the vault rotation) directly. */
  nest: INestApplication;
  database: string;
  config: AppConfig;
  /** A direct driver connection to the same database, for assertions on what is stored. */
  db: mongoose.mongo.Db;
  close(): Promise<void>;
}

export const OWNER = { email: 'owner@example.com', password: 'owner-password-1', name: 'Olivia Owner' };

/** Starts the real API (createApp = production bootstrap) on a free port over a fresh database. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { database?: string; keepDatabase?: boolean; publicUrlIsSelf?: boolean } = {},
): Promise<TestApp> {
  const database = options.database ?? `gantry-test-${randomUUID()}`;
  // OAuth needs the issuer (PUBLIC_URL) to be the address clients actually call.
  const port = options.publicUrlIsSelf ? await freePort() : 0;
  if (options.publicUrlIsSelf) env = { PUBLIC_URL: `http://127.0.0.1:${port}`, ...env };
  const config = loadConfig({
    NODE_ENV: 'test',
    API_HOST: '127.0.0.1',
    API_PORT: '0',
    MONGODB_URI: `${inject('mongoUri')}${database}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    COOKIE_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    GANTRY_ADMIN_EMAIL: OWNER.email,
    GANTRY_ADMIN_PASSWORD: OWNER.password,
    GANTRY_ADMIN_NAME: OWNER.name,
    GANTRY_ADMIN_TEAM: 'Acme',
    OPENAPI_ENABLED: 'true',
    // The Odoo test double (and other local stand-ins) listen on loopback, which the SSRF guard
    // refuses unless listed; suites that test the guard itself pass ODOO_ALLOWED_HOSTS: ''.
    ODOO_ALLOWED_HOSTS: '127.0.0.1',
    ...env,
  });
  // GANTRY_TEST_LOG=1 shows the API's own log lines while debugging a suite.
  const app = await createApp(config, process.env.GANTRY_TEST_LOG ? {} : { logger: false });
  await app.listen(port, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const client = await mongoose.mongo.MongoClient.connect(config.MONGODB_URI);
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    nest: app,
    database,
    config,
    db: client.db(database),
    async close() {
      if (!options.keepDatabase)
        await client
          .db(database)
          .dropDatabase()
          .catch(() => undefined);
      await client.close();
      await app.close();
    },
  };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  refreshCookie?: string;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  rawBody?: string;
  cookie?: string;
  headers?: Record<string, string>;
}

/** Real HTTP through fetch; returns status, parsed JSON and the refresh cookie if one was set. */
export async function call<T = any>(app: TestApp, method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = `${REFRESH_COOKIE_NAME}=${options.cookie}`;
  if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${app.baseUrl}${path}`, {
    method,
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  const setCookie = response.headers.getSetCookie().find((cookie) => cookie.startsWith(`${REFRESH_COOKIE_NAME}=`));
  const cookieValue = setCookie?.split(';')[0]?.slice(REFRESH_COOKIE_NAME.length + 1);
  return {
    status: response.status,
    body: text ? JSON.parse(text) : undefined,
    headers: response.headers,
    refreshCookie: cookieValue || undefined,
  };
}

export interface SignedInUser {
  token: string;
  cookie: string;
  userId: string;
  email: string;
}

export async function login(app: TestApp, email: string, password: string): Promise<SignedInUser> {
  const response = await call(app, 'POST', '/api/auth/login', { body: { email, password } });
  if (response.status !== 200) throw new Error(`login of ${email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { token: response.body.accessToken, cookie: response.refreshCookie!, userId: response.body.user.id, email };
}

/** Invites `email` into the team as `role` and accepts as a new account; returns the signed-in newcomer. */
export async function addMember(
  app: TestApp,
  inviter: SignedInUser,
  teamId: string,
  person: { email: string; name: string; password: string },
  role: AssignableRole,
): Promise<SignedInUser> {
  const invitation = await call(app, 'POST', `/api/teams/${teamId}/invitations`, { token: inviter.token, body: { email: person.email, role } });
  if (invitation.status !== 201) throw new Error(`invitation failed: ${invitation.status} ${JSON.stringify(invitation.body)}`);
  const token = String(invitation.body.acceptUrl).split('/invitations/')[1];
  const accepted = await call(app, 'POST', '/api/invitations/accept', { body: { token, name: person.name, password: person.password } });
  if (accepted.status !== 200) throw new Error(`accept failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return { token: accepted.body.accessToken, cookie: accepted.refreshCookie!, userId: accepted.body.user.id, email: person.email };
}

/** A port that was free a moment ago (for servers that must know their own URL before listening). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
