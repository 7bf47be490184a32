import type { TestProject } from 'vitest/node';
// The launcher is the project's own script, shared with `npm start` and `npm test`.
// @ts-expect-error -- plain ES module without type declarations
import { startMongoServer } from '../../../scripts/lib/mongo-server.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

/** One real MongoDB-wire server per run; every test app gets a database of its own on it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
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
