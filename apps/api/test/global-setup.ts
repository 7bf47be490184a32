import type { TestProject } from 'vitest/node';
import { startMongoServer } from '@gantry/mongo-server';
import { findRealOdooSource, RealOdooSource } from './real-odoo';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    realOdooSource: RealOdooSource;
  }
}

/**
 * One real MongoDB-wire server per run (every test app gets a database of its own on it), and where
 * the real-Odoo suites find their Odoo tree (each of them starts its own server: test/real-odoo.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const realOdooSource = await findRealOdooSource();
  if (realOdooSource.skipNotice) console.log(realOdooSource.skipNotice);
  project.provide('realOdooSource', realOdooSource);
  if (process.env.MONGODB_URI) {
    project.provide('mongoUri', process.env.MONGODB_URI.replace(/\/[^/]*$/, '/'));
    return async () => undefined;
  }
  const server = await startMongoServer({ backend: 'memory', log: () => undefined });
  project.provide('mongoUri', server.uri);
  return async () => {
    await server.stop();
  };
}
