// System packages the test suites need beyond npm: Debian's Chromium for the browser e2e.
// Installed by the project's own scripts (no registry serves browser builds to these machines).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let aptUpdated = false;

export function aptInstall(packages, log = console.log) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`Missing system packages: ${packages.join(', ')}. Install them (e.g. "sudo apt-get install -y ${packages.join(' ')}") and run again.`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    log('apt-get update');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    aptUpdated = true;
  }
  log(`apt-get install -y ${packages.join(' ')}`);
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
}

export function ensureChromium({ log = console.log } = {}) {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  log("Chromium is not installed; installing Debian's chromium for the browser tests");
  aptInstall(['chromium', 'fonts-liberation'], log);
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`chromium was installed but ${CHROMIUM_PATH} is missing`);
  return CHROMIUM_PATH;
}
