import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inject } from 'vitest';

/** One request Odoo logged (werkzeug's line): the database it ran in ("None" for /xmlrpc/2/common), path, status, SQL queries. */
export interface OdooLoggedRequest {
  database: string;
  method: string;
  path: string;
  status: number;
  queries: number | null;
}

/** A server started by scripts/lib/real-odoo.mjs: one Odoo 18 over its own copy of the template cluster. */
export interface RealOdooServer {
  url: string;
  logFile: string;
  templateDatabase: string;
  /** CREATE DATABASE name TEMPLATE <template> (with its filestore): base with demo data. */
  createDatabase(name: string): string;
  dropDatabase(name: string): void;
  /** The log's current end; requestsSince(mark) lists the requests Odoo served after it. */
  mark(): number;
  requestsSince(mark: number): OdooLoggedRequest[];
  stop(): Promise<void>;
}

export interface RealOdooScript {
  DEFAULT_ODOO_TARBALL: string;
  findOdooSource(): { kind: 'tarball' | 'tree'; path: string } | null;
  startRealOdoo(options?: { log?: (line: string) => void }): Promise<RealOdooServer>;
}

/** The server of one test file, with the database of that file's own; stop() drops it and stops the server. */
export interface TestOdoo extends RealOdooServer {
  database: string;
}

// The plain ESM script `npm test` shares (outside any Nx project, hence loaded by URL).
export const loadRealOdooScript = (): Promise<RealOdooScript> =>
  import(/* @vite-ignore */ pathToFileURL(path.join(__dirname, '../../../scripts/lib/real-odoo.mjs')).href);

export const realOdooLog = (line: string) => console.log(`[real odoo] ${line}`);

/**
 * Where the Odoo tree is (null: none) or why ODOO_SOURCE cannot be used, found once per run by the
 * global setup; `skipNotice` is the one line it prints when the real-Odoo suites will be skipped.
 */
export interface RealOdooSource {
  path: string | null;
  error: string | null;
  skipNotice: string | null;
}

export async function findRealOdooSource(): Promise<RealOdooSource> {
  const script = await loadRealOdooScript();
  let path: string | null;
  try {
    path = script.findOdooSource()?.path ?? null;
  } catch (error) {
    return { path: null, error: (error as Error).message, skipNotice: null };
  }
  const skipNotice =
    path || process.env.CI
      ? null
      : `Real-Odoo suites skipped: no Odoo 18 tree. Set ODOO_SOURCE to a .tar.xz or a directory holding odoo-bin, or put the tarball at ${script.DEFAULT_ODOO_TARBALL}.`;
  return { path, error: null, skipNotice };
}

/**
 * Whether the real-Odoo suites run here: with an Odoo tree, or in CI, where they must run (and fail
 * in startTestOdoo without one). An ODOO_SOURCE that names nothing usable fails them everywhere.
 */
export function realOdooAvailable(): boolean {
  const source = inject('realOdooSource');
  if (source.error) throw new Error(source.error);
  return Boolean(source.path || process.env.CI);
}

/**
 * Starts a real Odoo 18 for one test file, with a database of the file's own. The first run on a
 * machine installs the Debian packages and builds the cached template (about a minute: give the
 * hook a long timeout); later starts take a couple of seconds.
 */
export async function startTestOdoo(): Promise<TestOdoo> {
  const server = await (await loadRealOdooScript()).startRealOdoo({ log: realOdooLog });
  try {
    const database = server.createDatabase(`gantry_test_${randomBytes(4).toString('hex')}`);
    return {
      ...server,
      database,
      async stop() {
        server.dropDatabase(database);
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
