import type { TestProject } from 'vitest/node';
import { startMongoServer } from '@gantry/mongo-server';

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
