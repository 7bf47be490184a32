import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { startMongoServer } from '@gantry/mongo-server';
import { OdooXmlRpcTestDouble } from '@gantry/testing';
import type { TestProject } from 'vitest/node';
import { startApiServer } from './api-server';
import { API_MAIN, CHROMIUM_PATH, LOG_DIR, TESTING_MAIN, WEB_DIR } from './paths';
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
};

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
    });
  } catch (error) {
    await stopAll();
    throw error;
  }
  return stopAll;
}
