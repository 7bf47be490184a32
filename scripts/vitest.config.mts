import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Tests of the project's own scripts (image builds, system set-up), against the real engine. */
export default defineConfig({
  test: {
    name: 'scripts',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['**/*.test.mjs'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
