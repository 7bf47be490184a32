// Gantry TEST IMAGE: the Odoo stand-in's root filesystem plus Node and the project's Odoo XML-RPC
// test double (@gantry/testing) with its runtime dependencies, so a workspace's "Odoo" answers the
// external API (serve.cjs). What goes in is read from the package's own dependency tree and the
// lockfile, never from a hand-kept list, and every piece of it is an input of the image's tag.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { directoryInputs, fileInput, REPO_ROOT } from '../../image-cache.mjs';
import { importOdooLikeImage, standinInputs, standinRootfs } from '../odoo-standin/recipe.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WORKSPACE = '@gantry/testing';

/**
 * The runtime packages of @gantry/testing as npm resolved them: `npm ls --omit=dev --all`.
 * Each is { source (its folder here), target (where it goes under /opt/gantry), inputs }.
 * Type-only packages (@types/*) carry no code and stay out.
 */
export function runtimePackages() {
  const listed = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable', '--workspace', WORKSPACE], { cwd: REPO_ROOT, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')).packages;
  const packages = [];
  for (const folder of listed) {
    const relative = path.relative(REPO_ROOT, folder);
    if (!relative.startsWith('node_modules/') || /(^|\/)node_modules\/@types\//.test(relative)) continue;
    const entry = lock[relative];
    if (!entry) throw new Error(`${relative} is in the dependency tree of ${WORKSPACE} but not in package-lock.json: run npm install`);
    if (entry.link) {
      // A workspace package: its package.json and built code.
      const source = realpathSync(folder);
      const dist = path.join(source, 'dist');
      if (!existsSync(dist)) throw new Error(`${path.relative(REPO_ROOT, dist)} is missing: build it first (npx nx run-many -t build)`);
      packages.push({
        source,
        target: relative,
        files: ['package.json', 'dist'],
        inputs: [fileInput(path.join(source, 'package.json')), ...directoryInputs(dist)],
      });
    } else {
      packages.push({
        source: folder,
        target: relative,
        files: null,
        inputs: [[`lock:${relative}`, `${entry.version} ${entry.integrity ?? entry.resolved ?? ''}`]],
      });
    }
  }
  if (!packages.some((pkg) => pkg.target === `node_modules/${WORKSPACE}`)) throw new Error(`npm ls did not list ${WORKSPACE}`);
  return packages;
}

/** Node (the one running this script) and the shared libraries it links against. */
function nodeFiles() {
  const node = process.execPath;
  const libraries = execFileSync('ldd', [node], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /(\/\S+\.so[^\s]*)/.exec(line)?.[1])
    .filter(Boolean);
  return { node, libraries };
}

export const odooRpc = {
  name: 'gantry-odoo-rpc',
  inputs() {
    const { node, libraries } = nodeFiles();
    return [
      ...directoryInputs(HERE),
      ...standinInputs(),
      fileInput(node, `node ${process.version}`),
      ...libraries.map((library) => fileInput(library, `host:${library}`)),
      ...runtimePackages().flatMap((pkg) => pkg.inputs),
    ];
  },
  build(image, labels) {
    const dir = mkdtempSync(path.join(tmpdir(), 'gantry-odoo-rpc-'));
    try {
      const rootfs = path.join(dir, 'rootfs');
      standinRootfs(rootfs);
      mkdirSync(path.join(rootfs, 'usr/local/bin'), { recursive: true });
      const { node, libraries } = nodeFiles();
      copyFileSync(node, path.join(rootfs, 'usr/local/bin/node'));
      chmodSync(path.join(rootfs, 'usr/local/bin/node'), 0o755);
      for (const library of libraries) {
        const target = path.join(rootfs, library);
        mkdirSync(path.dirname(target), { recursive: true });
        copyFileSync(library, target);
      }
      const app = path.join(rootfs, 'opt/gantry');
      for (const pkg of runtimePackages()) {
        const target = path.join(app, pkg.target);
        mkdirSync(pkg.files ? target : path.dirname(target), { recursive: true });
        if (!pkg.files) execFileSync('cp', ['-rL', pkg.source, target]);
        for (const item of pkg.files ?? []) execFileSync('cp', ['-rL', path.join(pkg.source, item), path.join(target, item)]);
      }
      copyFileSync(path.join(HERE, 'serve.cjs'), path.join(app, 'serve.cjs'));
      importOdooLikeImage(rootfs, image, { ...labels, 'gantry.standin': 'odoo-xmlrpc-double' }, ['--change', 'ENV=PATH=/usr/local/bin:/usr/bin:/bin']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
