// Gantry's Odoo STAND-IN test image: a busybox root filesystem whose `odoo` command (odoo.sh)
// parses the options Gantry passes (-c, -d, -i, -u, --test-enable, --stop-after-init, shell), logs
// what Odoo would do, keeps the installed-module list in its data dir, and serves HTTP on 8069 with
// busybox httpd. It stands in for the Odoo web process only; it is named a stand-in everywhere.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { directoryInputs, fileInput, labelChanges } from '../../image-cache.mjs';
import { podman } from '../../podman.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BUSYBOX = '/bin/busybox';
const BUSYBOX_APPLETS =
  'sh ash cat echo printf mkdir ls grep egrep sed awk tail head nc tar date sleep rm cp mv env id wc find touch sort uniq tr cut basename dirname test [ httpd kill ps true false xargs tee chmod hostname which';

/** This recipe's files and the busybox binary it copies. */
export function standinInputs() {
  return [...directoryInputs(HERE), fileInput(BUSYBOX, 'host:/bin/busybox')];
}

/** The stand-in's root filesystem: busybox, the `odoo` script, the static pages httpd serves, users. */
export function standinRootfs(rootfs) {
  for (const sub of ['bin', 'usr/bin', 'etc/odoo', 'var/lib/odoo', 'mnt/extra-addons', 'var/www/web', 'tmp'])
    mkdirSync(path.join(rootfs, sub), { recursive: true });
  copyFileSync(BUSYBOX, path.join(rootfs, 'bin/busybox'));
  chmodSync(path.join(rootfs, 'bin/busybox'), 0o755);
  for (const applet of BUSYBOX_APPLETS.split(' ')) symlinkSync('busybox', path.join(rootfs, 'bin', applet));
  copyFileSync(path.join(HERE, 'odoo.sh'), path.join(rootfs, 'usr/bin/odoo'));
  chmodSync(path.join(rootfs, 'usr/bin/odoo'), 0o755);
  writeFileSync(path.join(rootfs, 'var/www/index.html'), '<html><body>Odoo stand-in (Gantry test image)</body></html>\n');
  writeFileSync(path.join(rootfs, 'var/www/web/login'), '<html><body><form class="oe_login_form">Odoo stand-in login</form></body></html>\n');
  writeFileSync(path.join(rootfs, 'var/www/web/health'), '{"status": "pass"}\n');
  writeFileSync(path.join(rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nodoo:x:101:101:odoo:/var/lib/odoo:/bin/sh\n');
  writeFileSync(path.join(rootfs, 'etc/group'), 'root:x:0:\nodoo:x:101:\n');
  chmodSync(path.join(rootfs, 'tmp'), 0o1777);
}

/** Packs `rootfs` and imports it as `image` with an Odoo-like command, port and the given labels. */
export function importOdooLikeImage(rootfs, image, labels, extraChanges = []) {
  const tarball = `${rootfs}.tar`;
  execFileSync('tar', ['-C', rootfs, '-cf', tarball, '.']);
  podman([
    'import',
    '--change',
    'CMD=["odoo","-c","/etc/odoo/odoo.conf"]',
    '--change',
    'EXPOSE=8069',
    ...extraChanges,
    ...labelChanges(labels),
    tarball,
    image,
  ]);
}

export const odooStandin = {
  name: 'gantry-odoo-standin',
  inputs: standinInputs,
  build(image, labels) {
    const dir = mkdtempSync(path.join(tmpdir(), 'gantry-odoo-standin-'));
    try {
      const rootfs = path.join(dir, 'rootfs');
      standinRootfs(rootfs);
      importOdooLikeImage(rootfs, image, { ...labels, 'gantry.standin': 'odoo' }, ['--change', 'ENV=PATH=/usr/bin:/bin']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
