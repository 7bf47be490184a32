import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The integration suite runs against the Odoo test double from source, without building libs/testing first.
  resolve: { alias: { '@gantry/testing': fileURLToPath(new URL('../testing/src/index.ts', import.meta.url)) } },
  test: { name: 'odoo', include: ['src/**/*.spec.ts'], environment: 'node' },
});
