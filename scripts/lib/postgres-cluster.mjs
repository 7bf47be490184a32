// A PostgreSQL cluster of the tests' own (Debian's server binaries, never the system's clusters):
// initdb, start on a loopback port with its socket inside the data directory, psql over that
// socket, stop. PostgreSQL refuses to run as root, so as root every server command runs as the
// `postgres` system user.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isRunning } from './processes.mjs';

const CLUSTER_OWNER = 'postgres';
/** Odoo refuses to connect as `postgres`, so the cluster's superuser gets another name. */
export const CLUSTER_SUPERUSER = 'odoo';
// A throwaway test cluster: durability buys nothing and costs seconds on every CREATE DATABASE.
const TEST_SETTINGS = ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off', "listen_addresses = '127.0.0.1'", 'max_connections = 200'];

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The newest PostgreSQL server Debian installed (/usr/lib/postgresql/<major>/bin), or GANTRY_PG_BIN. */
export function findPostgres() {
  const candidates = process.env.GANTRY_PG_BIN
    ? [process.env.GANTRY_PG_BIN]
    : existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .filter((name) => /^\d+$/.test(name))
          .sort((a, b) => Number(b) - Number(a))
          .map((major) => `/usr/lib/postgresql/${major}/bin`)
      : [];
  const bin = candidates.find((dir) => existsSync(path.join(dir, 'postgres')) && existsSync(path.join(dir, 'initdb')));
  if (!bin) throw new Error('No PostgreSQL server found in /usr/lib/postgresql/<major>/bin: install Debian\'s "postgresql-15" (or set GANTRY_PG_BIN).');
  const version = execFileSync(path.join(bin, 'postgres'), ['--version'], { encoding: 'utf8' });
  const major = /\b(\d+)(?:\.\d+)*/.exec(version)?.[1];
  if (!major) throw new Error(`cannot read the PostgreSQL version from "${version.trim()}"`);
  return { bin, major: Number(major) };
}

/** Runs a server program as the cluster's owner; throws with its output when it fails. */
function runAsOwner(bin, program, args) {
  const command = isRoot() ? ['runuser', '-u', CLUSTER_OWNER, '--', path.join(bin, program), ...args] : [path.join(bin, program), ...args];
  const result = spawnSync(command[0], command.slice(1), { encoding: 'utf8', cwd: '/' });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new Error(`${program} ${args.join(' ')} failed (${result.error?.message ?? `exit code ${result.status}`}): ${output}`);
  }
  return result.stdout;
}

/** A new cluster in `dataDir` (which must not exist) with a trusted superuser named CLUSTER_SUPERUSER. */
export function initCluster(bin, dataDir) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (isRoot())
    chownSync(
      dataDir,
      Number(execFileSync('id', ['-u', CLUSTER_OWNER], { encoding: 'utf8' })),
      Number(execFileSync('id', ['-g', CLUSTER_OWNER], { encoding: 'utf8' })),
    );
  runAsOwner(bin, 'initdb', ['-D', dataDir, '-U', CLUSTER_SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  appendFileSync(path.join(dataDir, 'postgresql.conf'), `\n# Gantry test cluster\n${TEST_SETTINGS.join('\n')}\n`);
}

/** The postmaster pid recorded in `dataDir`, whether that process still runs, and whether it is a postgres. */
function recordedPostmaster(dataDir) {
  const file = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  let command = '';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    // gone
  }
  return { file, pid, running: isRunning(pid) && /postgres/.test(command) };
}

/**
 * A run that was killed leaves postmaster.pid behind, and maybe its postgres still running. A
 * running one is shut down (immediately: its data is a throwaway copy); a stale file is removed,
 * since its pid may by now belong to another process, which makes postgres refuse to start.
 */
export function clearLeftoverPostmaster(bin, dataDir) {
  const postmaster = recordedPostmaster(dataDir);
  if (!postmaster) return;
  if (postmaster.running) stopCluster(bin, dataDir, 'immediate');
  rmSync(postmaster.file, { force: true });
}

/** Starts the cluster on 127.0.0.1:`port`, its unix socket in `dataDir`; waits until it accepts connections. */
export function startCluster(bin, dataDir, port) {
  clearLeftoverPostmaster(bin, dataDir);
  const socketPath = path.join(dataDir, `.s.PGSQL.${port}`);
  // The kernel's limit for a unix socket path (sun_path) is 107 bytes.
  if (socketPath.length > 107) throw new Error(`the PostgreSQL socket path ${socketPath} is too long; use a shorter GANTRY_CACHE_DIR`);
  // pg_ctl hands -o to a shell, hence the quotes.
  if (dataDir.includes("'")) throw new Error(`a PostgreSQL data directory path with a quote is not supported: ${dataDir}`);
  runAsOwner(bin, 'pg_ctl', ['-D', dataDir, '-l', path.join(dataDir, 'postgres.log'), '-o', `-p ${port} -k '${dataDir}'`, '-w', '-t', '60', 'start']);
  return { host: dataDir, port };
}

/**
 * Stops the cluster: `fast` cuts open sessions (a test server's), `immediate` does not even
 * checkpoint (for a copy about to be thrown away). A postgres that does not stop is killed.
 */
export function stopCluster(bin, dataDir, mode = 'fast') {
  const postmaster = recordedPostmaster(dataDir);
  if (!postmaster?.running) return;
  try {
    runAsOwner(bin, 'pg_ctl', ['-D', dataDir, '-m', mode, '-w', '-t', '30', 'stop']);
  } catch {
    if (isRunning(postmaster.pid)) process.kill(postmaster.pid, 'SIGKILL');
  }
}

/** One SQL command through psql over the cluster's socket, as its superuser; returns psql's unaligned output. */
export function psql(bin, cluster, sql, database = 'postgres') {
  return execFileSync(
    path.join(bin, 'psql'),
    ['-h', cluster.host, '-p', String(cluster.port), '-U', CLUSTER_SUPERUSER, '-d', database, '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

/** `"name"` for SQL, with embedded quotes doubled. */
export const sqlIdentifier = (name) => `"${String(name).replaceAll('"', '""')}"`;
