import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { name: 'contracts', root: fileURLToPath(new URL('.', import.meta.url)), include: ['src/**/*.spec.ts'] },
});
