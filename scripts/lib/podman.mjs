// A Docker-compatible engine for the workspace tests: Debian's Podman serving the Docker REST API
// on a unix socket (there is no Docker daemon on these machines). Idempotent: installs the
// packages when missing, writes the engine configuration this machine needs, starts the service
// when its socket does not answer, and waits for /_ping.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { aptInstall } from './system-deps.mjs';

export const PODMAN_SOCKET = process.env.GANTRY_PODMAN_SOCKET ?? '/run/gantry-podman.sock';
export const PODMAN_DOCKER_HOST = `unix://${PODMAN_SOCKET}`;

const PACKAGES = { podman: '/usr/bin/podman', runc: '/usr/sbin/runc', 'busybox-static': '/bin/busybox', debootstrap: '/usr/sbin/debootstrap' };

// crun fails on these machines (cgroups hybrid mode) and raising rlimits is not permitted.
const CONTAINERS_CONF = `# Written by Gantry's scripts/lib/podman.mjs for the workspace tests.
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
events_logger = "file"
`;
const CONF_PATH = '/etc/containers/containers.conf';

/** GET /_ping on the socket; resolves true when the engine answers OK. */
export function pingEngine(socketPath = PODMAN_SOCKET, timeoutMs = 2000) {
  return new Promise((resolve) => {
    if (!existsSync(socketPath)) return resolve(false);
    const request = http.get({ socketPath, path: '/_ping', timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => {
      request.destroy();
      resolve(false);
    });
  });
}

/**
 * The running service outlives the checkout that started it. If that directory is gone, the service
 * still answers /_ping but cannot start containers ("write child: broken pipe": its children
 * inherit a deleted working directory). So a service whose working directory is gone is restarted.
 */
function serviceWithLostCwd() {
  let pids = [];
  try {
    pids = execFileSync('pgrep', ['-f', `podman system service .*${PODMAN_SOCKET}`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
  return pids.filter((pid) => {
    try {
      return readlinkSync(`/proc/${pid}/cwd`).endsWith(' (deleted)');
    } catch {
      return false;
    }
  });
}

const isAlive = (pid) => pid > 0 && existsSync(`/proc/${pid}`);

// States in which a container has a process; one caught in any of them by a kill never leaves it.
const WITH_PROCESS = new Set(['running', 'paused', 'stopping']);

/** Containers Podman reports as having a process although neither that process nor its conmon exists. */
function deadRunningContainers() {
  const listed = podman(['ps', '--all', '--format', '{{.ID}}']).split('\n').filter(Boolean);
  if (listed.length === 0) return [];
  const states = JSON.parse(podman(['inspect', '--type', 'container', '--format', 'json', ...listed]));
  return states
    .filter((state) => WITH_PROCESS.has(state.State?.Status) && !isAlive(state.State.Pid) && !isAlive(state.State.ConmonPid))
    .map((state) => ({ id: state.Id, name: state.Name, pid: state.State.Pid }));
}

/**
 * Podman keeps container state on disk under /run. When a machine's processes are all killed but
 * /run survives (a session ending here, then CI starting on the same disk), Podman still reports
 * the old containers as running: their processes are gone, their ports refuse connections, and
 * `podman stop` leaves them "Stopping" for good. Only a forced remove clears them, so such
 * containers (the shared test databases among them) are removed and get recreated on first use.
 * A container is judged dead only if it still looks so a second later, so one that is merely
 * between its exit and Podman reading the exit file is left alone.
 */
export async function removeDeadContainers({ log = console.log } = {}) {
  const first = deadRunningContainers();
  if (first.length === 0) return [];
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const again = new Set(deadRunningContainers().map((container) => container.id));
  const dead = first.filter((container) => again.has(container.id));
  for (const container of dead) {
    log(`removing container ${container.name}: Podman reports it running, but its process ${container.pid} is gone`);
    podman(['rm', '--force', '--time', '0', container.id]);
  }
  return dead.map((container) => container.name);
}

export async function ensurePodman({ log = console.log, logDir = path.join(os.tmpdir(), 'gantry-podman') } = {}) {
  const broken = serviceWithLostCwd();
  if (broken.length > 0) {
    log(`restarting podman system service: its working directory was deleted (pid ${broken.join(', ')})`);
    for (const pid of broken) process.kill(Number(pid), 'SIGTERM');
    const until = Date.now() + 10_000;
    while (Date.now() < until && (await pingEngine())) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (await pingEngine()) return PODMAN_DOCKER_HOST;
  const missing = Object.entries(PACKAGES)
    .filter(([, binary]) => !existsSync(binary))
    .map(([name]) => name);
  if (missing.length > 0) {
    log(`Podman (the Docker-compatible engine the workspace tests use) needs: ${missing.join(', ')}`);
    aptInstall(missing, log);
  }
  if (!existsSync(CONF_PATH) || readFileSync(CONF_PATH, 'utf8') !== CONTAINERS_CONF) {
    mkdirSync(path.dirname(CONF_PATH), { recursive: true });
    writeFileSync(CONF_PATH, CONTAINERS_CONF);
  }
  // No service answered, so nothing of an earlier run is alive: clear what Podman still thinks runs.
  await removeDeadContainers({ log });
  mkdirSync(logDir, { recursive: true });
  const out = openSync(path.join(logDir, 'podman-service.log'), 'a');
  log(`starting podman system service on ${PODMAN_DOCKER_HOST}`);
  // Started from / with its log outside the checkout: the service outlives the directory that started it.
  const child = spawn('podman', ['system', 'service', '--time=0', PODMAN_DOCKER_HOST], { detached: true, cwd: '/', stdio: ['ignore', out, out] });
  child.unref();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await pingEngine()) return PODMAN_DOCKER_HOST;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`podman system service did not answer on ${PODMAN_SOCKET} within 30 s (see ${path.join(logDir, 'podman-service.log')})`);
}

/** `podman` CLI, for the image builds only (the API itself talks to the engine over its socket). */
export function podman(args, options = {}) {
  return execFileSync('podman', args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...options });
}
