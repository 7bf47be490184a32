#!/usr/bin/env node
// `npx gantry …` from the repository. The CLI and the API it runs database commands in are built
// TypeScript; on first use (no build yet) this builds them once with Nx, then runs the CLI.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const adminEntry = fileURLToPath(new URL('../../api/dist/admin-commands/admin-commands.js', import.meta.url));
if (!existsSync(main) || !existsSync(adminEntry)) {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  process.stderr.write('gantry: building the CLI and the API once (npx nx run cli:build)…\n');
  const build = spawnSync('npx', ['nx', 'run', 'cli:build', '--outputStyle=static'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) {
    process.stderr.write('gantry: the build failed; run `npx nx run cli:build` to see why\n');
    process.exit(1);
  }
}
createRequire(import.meta.url)(main);
