// Debian's postgresql-15 from debootstrap, with an entrypoint (docker-entrypoint.sh) that behaves
// like the official postgres image's: POSTGRES_PASSWORD, PGDATA, listen on all, scram.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { directoryInputs, labelChanges } from '../../image-cache.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SUITE = 'bookworm';
const PACKAGES = ['postgresql-15'];

/** The Debian mirror apt already uses here (debootstrap must reach the same one). */
export function debianMirror() {
  for (const file of ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list']) {
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

/** A minimal Debian root filesystem with `packages`, its apt caches emptied. */
export function debootstrap(rootfs, packages, log) {
  const mirror = debianMirror();
  log(`debootstrap --variant=minbase --include=${packages.join(',')} ${SUITE} (${mirror}); a minute or more`);
  execFileSync('debootstrap', ['--variant=minbase', `--include=${packages.join(',')}`, SUITE, rootfs, mirror], { stdio: ['ignore', 'ignore', 'inherit'] });
  rmSync(path.join(rootfs, 'var/cache/apt/archives'), { recursive: true, force: true });
  mkdirSync(path.join(rootfs, 'var/cache/apt/archives/partial'), { recursive: true });
}

export const postgres = {
  name: 'gantry-pg',
  inputs: () => directoryInputs(HERE),
  build(image, labels, log) {
    const dir = mkdtempSync(path.join('/var/tmp', 'gantry-pg-'));
    try {
      const rootfs = path.join(dir, 'rootfs');
      debootstrap(rootfs, PACKAGES, log);
      // The Debian package's cluster is not used: the entrypoint initialises PGDATA itself.
      rmSync(path.join(rootfs, 'var/lib/postgresql/15'), { recursive: true, force: true });
      copyFileSync(path.join(HERE, 'docker-entrypoint.sh'), path.join(rootfs, 'usr/local/bin/docker-entrypoint.sh'));
      chmodSync(path.join(rootfs, 'usr/local/bin/docker-entrypoint.sh'), 0o755);
      const changes = [
        'ENV=PATH=/usr/lib/postgresql/15/bin:/usr/local/bin:/usr/bin:/bin',
        'ENV=PGDATA=/var/lib/postgresql/data',
        'CMD=["/usr/local/bin/docker-entrypoint.sh"]',
        'EXPOSE=5432',
      ].flatMap((change) => ['--change', change]);
      execFileSync('sh', ['-c', `tar -C "$0" -c . | podman import "$@" - "$IMAGE"`, rootfs, ...changes, ...labelChanges(labels)], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, IMAGE: image },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
