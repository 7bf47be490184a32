import { defineConfig } from 'vitest/config';

/** Every suite of the repository, run together by `npm test` (scripts/test.mjs). */
export default defineConfig({
  test: {
    projects: [
      'libs/*/vitest.config.{ts,mts}',
      'apps/*/vitest.config.{ts,mts}',
      'tools/*/vitest.config.{ts,mts}',
      'e2e/*/vitest.config.{ts,mts}',
      'scripts/vitest.config.mts',
    ],
  },
});
