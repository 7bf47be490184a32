import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const lib = (name: string) => fileURLToPath(new URL(`../../libs/${name}/src/index.ts`, import.meta.url));

export default defineConfig({
  // Nest's dependency injection reads decorator metadata, which esbuild does not emit; SWC does.
  plugins: [
    swc.vite({ jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2023' } }),
  ],
  // Tests run the libraries from source, so no build is needed before `vitest`.
  resolve: { alias: { '@gantry/contracts': lib('contracts'), '@gantry/odoo': lib('odoo'), '@gantry/testing': lib('testing') } },
  test: {
    name: 'api',
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['src/**/*.spec.ts', 'src/**/*.e2e-spec.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
