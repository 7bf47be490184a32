// System packages the test suites need beyond npm (Debian's Chromium for the browser e2e, Podman
// for the workspace suites, Odoo's Python packages for the real-Odoo suites), installed by the
// project's own scripts: no registry serves browser builds or container engines to these machines.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** How long apt waits for another apt or dpkg process (unattended upgrades, a second test run) to let go of its locks. */
const LOCK_WAIT_SECONDS = 300;
const LOCK_HELD = /Could not get lock|Unable to acquire the dpkg frontend lock|Unable to lock directory|is another process using it/i;
const NETWORK_ERROR =
  /Failed to fetch|Temporary failure resolving|Could not resolve|Connection failed|Unable to connect|Some index files failed to download|Hash Sum mismatch|Connection timed out/i;

let aptUpdated = false;

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * One apt-get command that waits for the dpkg/apt locks (apt's own DPkg::Lock::Timeout, and a
 * retry loop for the lists lock of `update`, which older apt does not wait for), and is tried
 * once more after a network error. Output is shown as it comes; a failure says what to run by hand.
 */
export function aptGet(args, { log = console.log, what = args.join(' ') } = {}) {
  const command = ['apt-get', '-o', `DPkg::Lock::Timeout=${LOCK_WAIT_SECONDS}`, ...args];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const deadline = Date.now() + LOCK_WAIT_SECONDS * 1000;
  let networkRetries = 1;
  for (;;) {
    const result = spawnSync(command[0], command.slice(1), { env, encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
    if (result.stderr) process.stderr.write(result.stderr);
    if (result.status === 0) return;
    const stderr = result.stderr ?? '';
    if (LOCK_HELD.test(stderr) && Date.now() < deadline) {
      log(`apt is busy (another apt or dpkg process holds its lock); waiting and trying "${command.join(' ')}" again`);
      sleep(5_000);
      continue;
    }
    if (NETWORK_ERROR.test(stderr) && networkRetries-- > 0) {
      log(`apt-get failed with a network error; trying once more in 10 s`);
      sleep(10_000);
      continue;
    }
    const reason = result.error ? result.error.message : `exit code ${result.status}`;
    throw new Error(`"${command.join(' ')}" failed (${reason}) while installing ${what}. Run it by hand to see why, then run the tests again.`);
  }
}

/** Installs Debian packages (as root, after one `apt-get update` per process); elsewhere says what to install. */
export function aptInstall(packages, log = console.log) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`Missing system packages: ${packages.join(', ')}. Install them (e.g. "sudo apt-get install -y ${packages.join(' ')}") and run again.`);
  }
  const what = packages.join(', ');
  if (!aptUpdated) {
    log('apt-get update');
    aptGet(['update', '-qq'], { log, what });
    aptUpdated = true;
  }
  log(`apt-get install -y ${packages.join(' ')}`);
  aptGet(['install', '-y', '-qq', '--no-install-recommends', ...packages], { log, what });
}

export function ensureChromium({ log = console.log } = {}) {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  log("Chromium is not installed; installing Debian's chromium for the browser tests");
  aptInstall(['chromium', 'fonts-liberation'], log);
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`chromium was installed but ${CHROMIUM_PATH} is missing`);
  return CHROMIUM_PATH;
}
