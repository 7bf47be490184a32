// Images the workspace tests run, built locally (no container registry is reachable here):
//  - localhost/gantry-odoo-standin:<v>  a busybox root filesystem whose `odoo` command parses the
//    options Gantry passes (-c, -d, -i, -u, --test-enable, --stop-after-init, shell), logs what Odoo
//    would do, keeps the installed-module list in its data dir, and serves HTTP on 8069 with
//    busybox httpd. It stands in for the Odoo web process only; it is named a stand-in everywhere.
//  - localhost/gantry-pg:15  Debian's postgresql-15 from debootstrap, with an entrypoint that
//    behaves like the official postgres image's (POSTGRES_PASSWORD, PGDATA, listen on all, scram).
// Cached: an image whose gantry.image-version label matches is not rebuilt.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { podman } from './podman.mjs';

const IMAGES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'images');

export const ODOO_STANDIN_VERSION = '5';
export const ODOO_STANDIN_IMAGE = `localhost/gantry-odoo-standin:${ODOO_STANDIN_VERSION}`;
export const PG_IMAGE_VERSION = '1';
export const PG_IMAGE = 'localhost/gantry-pg:15';

const BUSYBOX_APPLETS =
  'sh ash cat echo printf mkdir ls grep egrep sed awk tail head nc tar date sleep rm cp mv env id wc find touch sort uniq tr cut basename dirname test [ httpd kill ps true false xargs tee chmod hostname which';

function imageVersion(image) {
  try {
    return podman(['image', 'inspect', '--format', '{{ index .Labels "gantry.image-version" }}', image]).trim();
  } catch {
    return null;
  }
}

/** The stand-in's root filesystem: busybox, the `odoo` script, the static pages httpd serves, users. */
function standinRootfs(rootfs) {
  for (const sub of ['bin', 'usr/bin', 'etc/odoo', 'var/lib/odoo', 'mnt/extra-addons', 'var/www/web', 'tmp'])
    mkdirSync(path.join(rootfs, sub), { recursive: true });
  copyFileSync('/bin/busybox', path.join(rootfs, 'bin/busybox'));
  chmodSync(path.join(rootfs, 'bin/busybox'), 0o755);
  for (const applet of BUSYBOX_APPLETS.split(' ')) symlinkSync('busybox', path.join(rootfs, 'bin', applet));
  copyFileSync(path.join(IMAGES_DIR, 'odoo-standin.sh'), path.join(rootfs, 'usr/bin/odoo'));
  chmodSync(path.join(rootfs, 'usr/bin/odoo'), 0o755);
  writeFileSync(path.join(rootfs, 'var/www/index.html'), '<html><body>Odoo stand-in (Gantry test image)</body></html>\n');
  writeFileSync(path.join(rootfs, 'var/www/web/login'), '<html><body><form class="oe_login_form">Odoo stand-in login</form></body></html>\n');
  writeFileSync(path.join(rootfs, 'var/www/web/health'), '{"status": "pass"}\n');
  writeFileSync(path.join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nodoo:x:101:101:odoo:/var/lib/odoo:/bin/sh\n');
  writeFileSync(path.join(rootfs, 'etc/group'), 'root:x:0:\nodoo:x:101:\n');
  chmodSync(path.join(rootfs, 'tmp'), 0o1777);
}

function buildOdooStandin(log) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gantry-odoo-standin-'));
  try {
    const rootfs = path.join(dir, 'rootfs');
    standinRootfs(rootfs);
    const tarball = path.join(dir, 'rootfs.tar');
    execFileSync('tar', ['-C', rootfs, '-cf', tarball, '.']);
    log(`importing ${ODOO_STANDIN_IMAGE}`);
    podman([
      'import',
      '--change',
      'ENV=PATH=/usr/bin:/bin',
      '--change',
      'CMD=["odoo","-c","/etc/odoo/odoo.conf"]',
      '--change',
      'EXPOSE=8069',
      '--change',
      `LABEL=gantry.image-version=${ODOO_STANDIN_VERSION}`,
      '--change',
      'LABEL=gantry.standin=odoo',
      tarball,
      ODOO_STANDIN_IMAGE,
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function debianMirror() {
  const sources = ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list'];
  for (const file of sources) {
    try {
      const text = readFileSync(file, 'utf8');
      const deb822 = /^URIs:\s*(\S+)/m.exec(text);
      if (deb822) return deb822[1];
      const legacy = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+bookworm\s/m.exec(text);
      if (legacy) return legacy[1];
    } catch {
      // next candidate
    }
  }
  return 'http://deb.debian.org/debian';
}

function buildPostgres(log) {
  const dir = mkdtempSync(path.join('/var/tmp', 'gantry-pg-'));
  try {
    const rootfs = path.join(dir, 'rootfs');
    const mirror = debianMirror();
    log(`debootstrap --variant=minbase --include=postgresql-15 bookworm (${mirror}); about a minute`);
    execFileSync('debootstrap', ['--variant=minbase', '--include=postgresql-15', 'bookworm', rootfs, mirror], { stdio: ['ignore', 'ignore', 'inherit'] });
    rmSync(path.join(rootfs, 'var/cache/apt/archives'), { recursive: true, force: true });
    mkdirSync(path.join(rootfs, 'var/cache/apt/archives/partial'), { recursive: true });
    // The Debian package's cluster is not used: the entrypoint initialises PGDATA itself.
    rmSync(path.join(rootfs, 'var/lib/postgresql/15'), { recursive: true, force: true });
    copyFileSync(path.join(IMAGES_DIR, 'postgres-entrypoint.sh'), path.join(rootfs, 'usr/local/bin/docker-entrypoint.sh'));
    chmodSync(path.join(rootfs, 'usr/local/bin/docker-entrypoint.sh'), 0o755);
    log(`importing ${PG_IMAGE}`);
    execFileSync(
      'sh',
      [
        '-c',
        `tar -C "${rootfs}" -c . | podman import --change 'ENV=PATH=/usr/lib/postgresql/15/bin:/usr/local/bin:/usr/bin:/bin' --change 'ENV=PGDATA=/var/lib/postgresql/data' --change 'CMD=["/usr/local/bin/docker-entrypoint.sh"]' --change 'EXPOSE=5432' --change 'LABEL=gantry.image-version=${PG_IMAGE_VERSION}' - ${PG_IMAGE}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const ODOO_RPC_VERSION = '3';
export const ODOO_RPC_IMAGE = `localhost/gantry-odoo-rpc:${ODOO_RPC_VERSION}`;
const ROOT = path.resolve(IMAGES_DIR, '../../..');

/**
 * localhost/gantry-odoo-rpc: the stand-in's root filesystem plus Node and the project's Odoo
 * XML-RPC test double (libs/testing/dist), so a workspace's Odoo answers the external API. Needs
 * libs/testing built (npm test builds it before the suites run); the suites that use it call this.
 */
export function ensureOdooRpcImage({ log = console.log } = {}) {
  if (imageVersion(ODOO_RPC_IMAGE) === ODOO_RPC_VERSION) return ODOO_RPC_IMAGE;
  const dist = path.join(ROOT, 'libs/testing/dist/index.js');
  try {
    readFileSync(dist);
  } catch {
    throw new Error(`${dist} is missing: build libs/testing first (nx run testing:build)`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'gantry-odoo-rpc-'));
  try {
    const rootfs = path.join(dir, 'rootfs');
    standinRootfs(rootfs);
    for (const sub of ['usr/local/bin', 'opt/gantry/node_modules']) mkdirSync(path.join(rootfs, sub), { recursive: true });
    // Node (the one npm installed for the project) and the shared libraries it links against.
    const node = process.execPath;
    copyFileSync(node, path.join(rootfs, 'usr/local/bin/node'));
    chmodSync(path.join(rootfs, 'usr/local/bin/node'), 0o755);
    const libraries = execFileSync('ldd', [node], { encoding: 'utf8' })
      .split('\n')
      .map((line) => /(\/\S+\.so[^\s]*)/.exec(line)?.[1])
      .filter(Boolean);
    for (const library of libraries) {
      const target = path.join(rootfs, library);
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(library, target);
    }
    execFileSync('cp', ['-r', path.join(ROOT, 'libs/testing/dist'), path.join(rootfs, 'opt/gantry/testing')]);
    for (const pkg of ['xmlrpc', 'sax', 'xmlbuilder'])
      execFileSync('cp', ['-rL', path.join(ROOT, 'node_modules', pkg), path.join(rootfs, 'opt/gantry/node_modules', pkg)]);
    copyFileSync(path.join(IMAGES_DIR, 'odoo-rpc-serve.cjs'), path.join(rootfs, 'opt/gantry/serve.cjs'));
    const tarball = path.join(dir, 'rootfs.tar');
    execFileSync('tar', ['-C', rootfs, '-cf', tarball, '.']);
    log(`importing ${ODOO_RPC_IMAGE}`);
    podman([
      'import',
      '--change',
      'ENV=PATH=/usr/local/bin:/usr/bin:/bin',
      '--change',
      'ENV=NODE_PATH=/opt/gantry/node_modules',
      '--change',
      'CMD=["odoo","-c","/etc/odoo/odoo.conf"]',
      '--change',
      'EXPOSE=8069',
      '--change',
      `LABEL=gantry.image-version=${ODOO_RPC_VERSION}`,
      '--change',
      'LABEL=gantry.standin=odoo-xmlrpc-double',
      tarball,
      ODOO_RPC_IMAGE,
    ]);
    return ODOO_RPC_IMAGE;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds the images the workspace tests use unless the same version is already present. */
export function ensureWorkspaceImages({ log = console.log } = {}) {
  if (imageVersion(ODOO_STANDIN_IMAGE) !== ODOO_STANDIN_VERSION) buildOdooStandin(log);
  if (imageVersion(PG_IMAGE) !== PG_IMAGE_VERSION) buildPostgres(log);
  return { odoo: ODOO_STANDIN_IMAGE, postgres: PG_IMAGE };
}
