import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startMongoServer } from '@gantry/mongo-server';
import { OdooXmlRpcTestDouble } from '@gantry/testing';
import type { TestProject } from 'vitest/node';
import { startApiServer } from './api-server';
import { API_MAIN, CHROMIUM_PATH, LOG_DIR, REPO_ROOT, TESTING_MAIN, WEB_DIR } from './paths';
import { freePort, randomHex } from './processes';
import { startWebServer } from './web-server';

export type StackInfo = {
  webUrl: string;
  apiUrl: string;
  /** `mongodb://host:port/` of the run's server, for suites that need an API of their own. */
  mongoUri: string;
  admin: { email: string; password: string; name: string; team: string };
  /** The Odoo XML-RPC test double (no real Odoo can run here) with its seeded admin/admin user. */
  odoo: { url: string; database: string; login: string; password: string; userName: string; companies: string[] };
  /**
   * The container engine the API drives for workspaces (Podman's Docker API with the locally built
   * stand-in images), or why it could not be set up: the workspace suite then fails, the others run.
   */
  workspaces: WorkspaceEngineInfo;
};

export type WorkspaceEngineInfo = { ok: true; dockerHost: string; dbContainer: string } | { ok: false; error: string };

/** A database container and ports of its own: the API suites use gantry-db-test, the benchmark gantry-db-bench. */
const E2E_DB_CONTAINER = 'gantry-db-e2e';
const E2E_DB_HOST_PORT = '25435';
const E2E_PORT_RANGE = '24000-24099';

async function removeE2eDatabase(dockerHost: string): Promise<void> {
  if (!dockerHost.startsWith('unix://')) return;
  const { default: Docker } = await import('dockerode');
  const docker = new Docker({ socketPath: dockerHost.slice('unix://'.length) });
  await docker
    .getContainer(E2E_DB_CONTAINER)
    .remove({ force: true, v: true })
    .catch(() => undefined);
  await docker
    .getVolume(`${E2E_DB_CONTAINER}-data`)
    .remove({ force: true })
    .catch(() => undefined);
}

/**
 * The engine and images, set up by the project's own scripts (as `npm test` does before Vitest;
 * then DOCKER_HOST is already set and the calls only check). Never throws: a failure is reported.
 */
async function setUpWorkspaceEngine(): Promise<{ info: WorkspaceEngineInfo; env: Record<string, string> }> {
  const script = (name: string) => pathToFileURL(path.join(REPO_ROOT, 'scripts', 'lib', name)).href;
  try {
    const podman = (await import(/* @vite-ignore */ script('podman.mjs'))) as { ensurePodman: (options: { log: () => void }) => Promise<string> };
    const images = (await import(/* @vite-ignore */ script('workspace-images.mjs'))) as {
      ensureWorkspaceImages: (options: { log: () => void }) => { odoo: string; postgres: string };
    };
    const log = () => undefined;
    const dockerHost = process.env.DOCKER_HOST || (await podman.ensurePodman({ log }));
    const built = images.ensureWorkspaceImages({ log });
    return {
      info: { ok: true, dockerHost, dbContainer: E2E_DB_CONTAINER },
      env: {
        DOCKER_HOST: dockerHost,
        WORKSPACE_ODOO_IMAGE: built.odoo,
        WORKSPACE_DB_IMAGE: built.postgres,
        WORKSPACE_DB_CONTAINER: E2E_DB_CONTAINER,
        WORKSPACE_DB_HOST_PORT: E2E_DB_HOST_PORT,
        WORKSPACE_PORT_RANGE: E2E_PORT_RANGE,
        WORKSPACE_PORTS_PER_TEAM: '10',
        WORKSPACE_PUBLIC_HOST: '127.0.0.1',
        WORKSPACE_MEMORY_MB: '256',
        WORKSPACE_PIDS: '128',
        WORKSPACE_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'gantry-e2e-ws-')),
      },
    };
  } catch (error) {
    return { info: { ok: false, error: `the workspace engine could not be set up: ${error instanceof Error ? error.message : String(error)}` }, env: {} };
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

/** The whole stack, as production runs it, once per run: MongoDB-wire server, API, web app. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  for (const [file, hint] of [
    [API_MAIN, 'npx nx run api:build'],
    [TESTING_MAIN, 'npx nx run testing:build'],
    [path.join(WEB_DIR, '.next', 'BUILD_ID'), 'npx nx run web:build'],
    [CHROMIUM_PATH, 'apt-get install -y chromium'],
  ]) {
    if (!existsSync(file)) throw new Error(`${file} is missing; run: ${hint}`);
  }
  mkdirSync(LOG_DIR, { recursive: true });

  const admin = { email: 'owner@gantry.test', password: `pw-${randomHex(8)}`, name: 'Olivia Owner', team: 'Acme Ops' };
  const mongo = await startMongoServer({ backend: 'memory', log: () => undefined });
  const stops: Array<() => Promise<unknown>> = [() => mongo.stop()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };

  try {
    const odoo = new OdooXmlRpcTestDouble({ serverVersion: '18.0' });
    const { url: odooUrl } = await odoo.start();
    stops.push(() => odoo.stop());

    const workspaces = await setUpWorkspaceEngine();
    if (workspaces.info.ok) {
      const { dockerHost } = workspaces.info;
      const dataDir = workspaces.env.WORKSPACE_DATA_DIR;
      // Runs after the API has stopped: the run's shared database goes too (the suite removes its workspaces).
      stops.push(async () => {
        rmSync(dataDir, { recursive: true, force: true });
        await removeE2eDatabase(dockerHost);
      });
    }

    const apiPort = await freePort();
    // The web port must be known before the API starts: invitation links are built from PUBLIC_URL.
    const webPort = await freePort();
    const api = await startApiServer({
      port: apiPort,
      mongoUri: `${mongo.uri}gantry-browser-e2e`,
      publicUrl: `http://127.0.0.1:${webPort}`,
      env: {
        GANTRY_ADMIN_EMAIL: admin.email,
        GANTRY_ADMIN_PASSWORD: admin.password,
        GANTRY_ADMIN_NAME: admin.name,
        GANTRY_ADMIN_TEAM: admin.team,
        // Small enough that the rate-limit test needs only a few failed sign-ins.
        LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
        // The Odoo test double listens on loopback, which the SSRF guard refuses unless listed.
        ODOO_ALLOWED_HOSTS: '127.0.0.1',
        ...workspaces.env,
      },
    });
    stops.push(() => api.stop());
    const web = await startWebServer(api.url, 'web', webPort);
    stops.push(() => web.stop());

    project.provide('stack', {
      webUrl: web.url,
      apiUrl: api.url,
      mongoUri: mongo.uri,
      admin,
      odoo: {
        url: odooUrl,
        database: odoo.database,
        login: 'admin',
        password: 'admin',
        userName: 'Mitchell Admin',
        companies: ['Gantry Demo Company', 'Gantry Europe SRL'],
      },
      workspaces: workspaces.info,
    });
  } catch (error) {
    await stopAll();
    throw error;
  }
  return stopAll;
}
