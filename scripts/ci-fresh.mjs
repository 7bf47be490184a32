// `npm run ci:fresh`: CI as a machine that never saw the project sees it. A fresh clone of HEAD in
// a temporary folder, run by `.ci/run` with a bare environment, where nothing built earlier can be
// reused: its images get a namespace of their own (GANTRY_IMAGE_NAMESPACE), its npm, Maven and
// test caches are empty folders of its own, the project's test database containers are removed
// and the Podman service is restarted. System packages that are already installed stay (they are
// installed by the same scripts on a new machine; removing them would need the network again).
// Run it before you stop whenever images, install steps or scripts changed.
//   --keep   keep the clone, its caches and its images afterwards (they are removed by default)
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PODMAN_SOCKET, pingEngine, podman } from './lib/podman.mjs';
import { TEST_DATABASE_CONTAINERS } from './lib/workspace-images.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
const started = Date.now();

const head = git('rev-parse', '--short', 'HEAD');
if (git('status', '--porcelain')) console.log('ci:fresh: the checkout has uncommitted changes; only the commit HEAD is checked');
const work = mkdtempSync('/var/tmp/gantry-fresh-');
const clone = path.join(work, 'gantry');
const namespace = `fresh-${path.basename(work).slice('gantry-fresh-'.length).toLowerCase()}`;
console.log(`ci:fresh: cloning ${head} into ${clone}; images under localhost/${namespace}/`);
execFileSync('git', ['clone', '--quiet', '--no-hardlinks', root, clone]);

// What a new machine does not have: the test database containers, their volumes, a running engine.
if (existsSync('/usr/bin/podman') && (existsSync(PODMAN_SOCKET) || (await pingEngine()))) {
  for (const name of podman(['ps', '--all', '--format', '{{.Names}}'])
    .split('\n')
    .filter((line) => TEST_DATABASE_CONTAINERS.test(line))) {
    console.log(`ci:fresh: removing the test database container ${name} and its volume`);
    podman(['rm', '--force', '--volumes', '--time', '0', name]);
    try {
      podman(['volume', 'rm', '--force', `${name}-data`]);
    } catch {
      // no such volume
    }
  }
  try {
    execFileSync('pkill', ['-f', `podman system service .*${PODMAN_SOCKET}`]);
    console.log('ci:fresh: stopped the Podman service; CI starts its own');
  } catch {
    // not running
  }
}

// A bare environment: what a login shell on a new machine has, plus CI=true and the namespaces.
const shared = path.resolve(root, '../shared/odoo/odoo-18.0-slim.tar.xz');
const env = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: process.env.HOME ?? '/root',
  LANG: 'C.UTF-8',
  CI: 'true',
  GANTRY_IMAGE_NAMESPACE: namespace,
  GANTRY_CACHE_DIR: path.join(work, 'cache'),
  npm_config_cache: path.join(work, 'npm-cache'),
  MAVEN_OPTS: `-Dmaven.repo.local=${path.join(work, 'm2')}`,
  // The clone sits in a temporary folder, so the real Odoo tree beside the repository is named.
  ...(existsSync(shared) ? { ODOO_SOURCE: shared } : {}),
};
const child = spawn('bash', ['.ci/run'], { cwd: clone, env, stdio: 'inherit' });
const status = await new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
const minutes = ((Date.now() - started) / 60_000).toFixed(1);

if (!keep) {
  const images = podman(['images', '--format', '{{.Repository}}:{{.Tag}}', '--filter', `reference=localhost/${namespace}/*`])
    .split('\n')
    .filter(Boolean);
  for (const image of images) {
    try {
      podman(['image', 'rm', '--force', image]);
    } catch {
      // in use by a container that is still going away
    }
  }
  rmSync(work, { recursive: true, force: true });
}
console.log(`ci:fresh: ${head}, .ci/run exited ${status} after ${minutes} min (clone, install and every check)${keep ? `; kept ${work}` : ''}`);
process.exit(status);
