import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Real browser against the real stack: MongoDB-wire server, the built API and the built web
 * app (started once in global-setup.ts). Files share that stack, so they run one after another.
 */
export default defineConfig({
  test: {
    name: 'browser-e2e',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['**/*.e2e.ts'],
    globalSetup: ['support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
