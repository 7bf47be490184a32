// A real Odoo 18 for the real-Odoo test suites, from the tree shipped beside the repository
// (../shared/odoo/odoo-18.0-slim.tar.xz, or ODOO_SOURCE). Prepared once and cached by the hash of
// its inputs: the tree extracted, and a PostgreSQL cluster holding a template database with
// `base` and its demo data installed. Each server start copies that cluster, so servers never
// share a running postgres, and each suite copies the template into a database of its own.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLUSTER_SUPERUSER, clearLeftoverPostmaster, findPostgres, initCluster, psql, sqlIdentifier, startCluster, stopCluster } from './postgres-cluster.mjs';
import { freePort, isRunning, processStartTime, startProcess, waitForHttp } from './processes.mjs';
import { aptInstall } from './system-deps.mjs';
import { logMark, readOdooRequests } from './odoo-request-log.mjs';

const SCRIPT_PATH = fileURLToPath(import.meta.url);
const REPO_ROOT = path.resolve(path.dirname(SCRIPT_PATH), '../..');
export const DEFAULT_ODOO_TARBALL = path.join(REPO_ROOT, '..', 'shared', 'odoo', 'odoo-18.0-slim.tar.xz');
export const TEMPLATE_DATABASE = 'gantry_odoo_template';
const PYTHON = '/usr/bin/python3'; // Debian's Python, for which the python3-* packages are built
const READY_MARKER = 'ready.json';

/** The Debian (bookworm) packages the tree needs, per ../shared/odoo/README.md. */
export const ODOO_DEBIAN_PACKAGES = `python3-babel python3-dateutil python3-decorator python3-docutils python3-gevent python3-greenlet
python3-jinja2 python3-libsass python3-lxml python3-markupsafe python3-num2words python3-ofxparse python3-openpyxl python3-passlib
python3-polib python3-psutil python3-psycopg2 python3-pydot python3-pyparsing python3-pypdf2 python3-qrcode python3-reportlab
python3-requests python3-rjsmin python3-stdnum python3-tz python3-urllib3 python3-vobject python3-werkzeug python3-xlsxwriter
python3-xlrd python3-zeep python3-asn1crypto python3-cryptography python3-openssl python3-idna python3-chardet python3-pil
python3-serial python3-usb python3-ldap python3-geoip2 python3-magic python3-cbor2 python3-freezegun`.split(/\s+/);

export const cacheDir = () => process.env.GANTRY_CACHE_DIR ?? '/var/tmp/gantry-cache';

/**
 * Where the Odoo tree comes from: ODOO_SOURCE (a .tar.xz, or a directory holding odoo-bin), else the
 * tarball beside the repository; null when there is none. A set but unusable ODOO_SOURCE throws:
 * silently skipping the suites would hide the mistake.
 */
export function findOdooSource() {
  const configured = process.env.ODOO_SOURCE;
  if (configured) {
    const source = path.resolve(configured);
    if (existsSync(path.join(source, 'odoo-bin'))) return { kind: 'tree', path: source };
    if (/\.tar\.xz$/.test(source) && existsSync(source)) return { kind: 'tarball', path: source };
    throw new Error(`ODOO_SOURCE=${configured} is neither a .tar.xz file nor a directory holding odoo-bin`);
  }
  return existsSync(DEFAULT_ODOO_TARBALL) ? { kind: 'tarball', path: DEFAULT_ODOO_TARBALL } : null;
}

/** Installs, in one apt call, the packages of ODOO_DEBIAN_PACKAGES that dpkg does not report installed. */
export function ensureOdooPackages({ log = console.log } = {}) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package} ${Status}\n', ...ODOO_DEBIAN_PACKAGES], { encoding: 'utf8' });
  // dpkg-query exits 1 and prints nothing for a package it has never heard of: that one is missing too.
  const installed = new Set(
    (result.stdout ?? '')
      .split('\n')
      .filter((line) => / install ok installed$/.test(line))
      .map((line) => line.split(' ')[0]),
  );
  const missing = ODOO_DEBIAN_PACKAGES.filter((name) => !installed.has(name));
  if (missing.length > 0) {
    log(`Odoo 18 needs ${missing.length} Debian Python packages; installing them`);
    aptInstall(missing, log);
  }
  return missing;
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** A directory given as source is hashed by its files' paths, sizes and times (its .pyc files excepted: Python writes them). */
function treeFingerprint(root) {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name === '__pycache__' || entry.name.endsWith('.pyc')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const stats = statSync(full);
        hash.update(`${path.relative(root, full)}\0${stats.size}\0${stats.mtimeMs}\n`);
      }
    }
  };
  walk(root);
  return hash.digest('hex');
}

/** A lock directory in the cache, so concurrent test processes prepare the cache once; a dead holder's lock is taken over. */
async function withCacheLock(cache, work) {
  const lock = path.join(cache, 'real-odoo.lock');
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number(readOrEmpty(path.join(lock, 'pid')));
      // No pid a few seconds after the lock was made: its maker died in between.
      const abandoned = holder ? !isRunning(holder) : ageMs(lock) > 10_000;
      if (abandoned) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${lock} is held by process ${holder} for more than 15 minutes`);
      else await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const readOrEmpty = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const ageMs = (file) => {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
};

/** The extracted tree: `<cache>/odoo-src-<tarball sha256, 16 hex>`, extracted once (into a temporary name, then renamed). */
function extractTree(cache, tarball, hash, log) {
  const target = path.join(cache, `odoo-src-${hash.slice(0, 16)}`);
  if (!existsSync(target)) {
    const partial = `${target}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    log(`extracting ${tarball} into ${target}`);
    execFileSync('tar', ['-xJf', tarball, '-C', partial]);
    renameSync(partial, target);
  }
  const tree = [target, ...readdirSync(target).map((name) => path.join(target, name))].find((dir) => existsSync(path.join(dir, 'odoo-bin')));
  if (!tree) throw new Error(`${tarball} holds no odoo-bin at its top or one level down`);
  return tree;
}

/** Removes `<cache>/<prefix><other hash>` directories, except those a live server still uses. */
function removeOldCacheDirs(cache, prefix, keep, inUse) {
  for (const name of readdirSync(cache)) {
    const full = path.join(cache, name);
    if (name.startsWith(prefix) && full !== keep && !inUse.has(full)) rmSync(full, { recursive: true, force: true });
  }
}

/** The Odoo command line shared by the template's init and the test server. */
function odooArgs(tree, { pgPort, dataDir }) {
  return [
    path.join(tree, 'odoo-bin'),
    // An empty config file of our own, so that no ~/.odoorc of the machine changes what runs.
    `--config=${path.join(dataDir, 'odoo.conf')}`,
    '--db_host=127.0.0.1',
    `--db_port=${pgPort}`,
    `--db_user=${CLUSTER_SUPERUSER}`,
    `--addons-path=${path.join(tree, 'odoo', 'addons')}`,
    `--data-dir=${dataDir}`,
    '--workers=0',
    '--max-cron-threads=0',
  ];
}

function writeEmptyOdooConfig(dataDir) {
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, 'odoo.conf'), '[options]\n');
}

/** Creates the template database in a fresh cluster with `odoo-bin -i base` (demo data, as Odoo installs by default). */
async function initTemplate(pg, tree, clusterDir, log) {
  rmSync(clusterDir, { recursive: true, force: true });
  const pgdata = path.join(clusterDir, 'pgdata');
  const dataDir = path.join(clusterDir, 'data');
  mkdirSync(clusterDir, { recursive: true });
  initCluster(pg.bin, pgdata);
  writeEmptyOdooConfig(dataDir);
  const cluster = await startClusterOnFreePort(pg.bin, pgdata);
  try {
    log(`installing Odoo's base module with demo data into ${TEMPLATE_DATABASE}`);
    const odooLog = path.join(clusterDir, 'odoo-init.log');
    const args = [...odooArgs(tree, { pgPort: cluster.port, dataDir }), '-d', TEMPLATE_DATABASE, '-i', 'base', '--stop-after-init', `--logfile=${odooLog}`];
    const init = startProcess('odoo -i base', PYTHON, args, { cwd: clusterDir, quiet: true });
    const { code, signal } = await init.exited;
    if (code !== 0) throw new Error(`odoo-bin -i base failed (${signal ?? `exit code ${code}`}); ${odooLog}:\n${tail(odooLog)}\n${init.tail()}`);
    // A template nobody can open: Odoo never holds a connection that would stop CREATE DATABASE … TEMPLATE.
    psql(pg.bin, cluster, `ALTER DATABASE ${sqlIdentifier(TEMPLATE_DATABASE)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  } finally {
    stopCluster(pg.bin, pgdata);
  }
}

const tail = (file, lines = 30) => readOrEmpty(file).split('\n').slice(-lines).join('\n');

/** Another process may take the free port before postgres binds it: then another port is tried. */
async function startClusterOnFreePort(bin, pgdata) {
  for (let attempt = 1; ; attempt++) {
    try {
      return startCluster(bin, pgdata, await freePort());
    } catch (error) {
      if (attempt === 3 || !/could not bind|Address already in use/i.test(String(error) + tail(path.join(pgdata, 'postgres.log'), 5))) throw error;
    }
  }
}

/**
 * Everything a server start needs, prepared once per input: the Debian packages, the extracted tree
 * and the template cluster. The cluster is keyed by a hash of the tree's hash, this recipe (the text
 * of this script and of postgres-cluster.mjs) and the PostgreSQL major version, and counts as ready
 * only once its marker file is written, so an interrupted init is redone.
 */
export async function ensureRealOdoo({ log = console.log } = {}) {
  const source = findOdooSource();
  if (!source) throw new Error(`No Odoo 18 tree: set ODOO_SOURCE to a .tar.xz or a directory holding odoo-bin, or put the tarball at ${DEFAULT_ODOO_TARBALL}`);
  ensureOdooPackages({ log });
  const pg = findPostgres();
  const cache = cacheDir();
  mkdirSync(cache, { recursive: true });
  // The cluster's files belong to the postgres user, who must be able to walk into the cache.
  chmodSync(cache, statSync(cache).mode | 0o711);
  return withCacheLock(cache, async () => {
    const inUse = liveRunInputs(cache);
    const sourceHash = source.kind === 'tarball' ? sha256(readFileSync(source.path)) : treeFingerprint(source.path);
    const tree = source.kind === 'tarball' ? extractTree(cache, source.path, sourceHash, log) : source.path;
    if (source.kind === 'tarball') removeOldCacheDirs(cache, 'odoo-src-', path.join(cache, `odoo-src-${sourceHash.slice(0, 16)}`), inUse);
    const recipe = [
      sourceHash,
      readFileSync(SCRIPT_PATH, 'utf8'),
      readFileSync(new URL('./postgres-cluster.mjs', import.meta.url), 'utf8'),
      `postgres ${pg.major}`,
    ];
    const clusterDir = path.join(cache, `odoo-db-${sha256(recipe.join('\0')).slice(0, 16)}`);
    removeOldCacheDirs(cache, 'odoo-db-', clusterDir, inUse);
    if (!existsSync(path.join(clusterDir, READY_MARKER))) {
      // An init whose process was killed may have left its Odoo and postgres running.
      killOdooProcessesIn(clusterDir, log);
      clearLeftoverPostmaster(pg.bin, path.join(clusterDir, 'pgdata'));
      await initTemplate(pg, tree, clusterDir, log);
      writeFileSync(
        path.join(clusterDir, READY_MARKER),
        JSON.stringify({ source: source.path, sourceHash, tree, postgres: pg.major, at: new Date().toISOString() }),
      );
    }
    const inputs = [source.kind === 'tarball' ? path.join(cache, `odoo-src-${sourceHash.slice(0, 16)}`) : tree, clusterDir];
    return { tree, clusterDir, inputs, pg, templateDatabase: TEMPLATE_DATABASE };
  });
}

const ownerIsAlive = (owner) => isRunning(owner.pid) && processStartTime(owner.pid) === owner.startTime;
/** A run directory is someone's until its owner is gone; one just made, whose owner.json is not written yet, counts as in use. */
const runIsLive = (run) => (run.owner.pid ? ownerIsAlive(run.owner) : ageMs(run.dir) < 60_000);

/** The server runs in the cache: `<cache>/odoo-run-*`, each with an owner.json naming the process that started it. */
function listRuns(cache) {
  return readdirSync(cache)
    .filter((name) => name.startsWith('odoo-run-'))
    .map((name) => ({ dir: path.join(cache, name), owner: JSON.parse(readOrEmpty(path.join(cache, name, 'owner.json')) || '{}') }));
}

/** The tree and cluster directories that servers still running use (never removed as "old"). */
function liveRunInputs(cache) {
  return new Set(listRuns(cache).flatMap((run) => (runIsLive(run) ? (run.owner.inputs ?? []) : [])));
}

/** Kills the Odoo processes working in `dir` (their data directory is inside it), left by a test process killed mid-run. */
function killOdooProcessesIn(dir, log) {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const commandLine = readOrEmpty(`/proc/${pid}/cmdline`);
    if (commandLine.includes('odoo-bin') && commandLine.includes(`${dir}/`)) {
      log(`stopping Odoo ${pid}, left running in ${dir} by a test process that is gone`);
      process.kill(Number(pid), 'SIGKILL');
    }
  }
}

/** Runs whose owner is gone (killed before it could stop them): their Odoo and postgres may still run. */
function removeDeadRuns(cache, pg, log) {
  for (const run of listRuns(cache)) {
    if (runIsLive(run)) continue;
    killOdooProcessesIn(run.dir, log);
    clearLeftoverPostmaster(pg.bin, path.join(run.dir, 'pgdata'));
    rmSync(run.dir, { recursive: true, force: true });
  }
}

/**
 * Starts a real Odoo 18 over a copy of the template cluster: postgres on a free loopback port, and
 * one Odoo HTTP server (threaded, no cron) that serves any database, so each suite can work in a
 * copy of the template of its own. stop() leaves no process behind; the logs stay in the run
 * directory until the next start clears it.
 */
export async function startRealOdoo({ log = console.log } = {}) {
  const prepared = await ensureRealOdoo({ log });
  const { pg, tree, clusterDir } = prepared;
  const cache = cacheDir();
  removeDeadRuns(cache, pg, log);
  const runDir = mkdtempSync(path.join(cache, 'odoo-run-'));
  chmodSync(runDir, 0o711);
  const owner = { pid: process.pid, startTime: processStartTime(process.pid), inputs: prepared.inputs };
  writeFileSync(path.join(runDir, 'owner.json'), JSON.stringify(owner));
  const pgdata = path.join(runDir, 'pgdata');
  execFileSync('cp', ['-a', path.join(clusterDir, 'pgdata'), pgdata]);
  const dataDir = path.join(runDir, 'data');
  writeEmptyOdooConfig(dataDir);
  const cluster = await startClusterOnFreePort(pg.bin, pgdata);
  const logFile = path.join(runDir, 'odoo.log');
  let odoo;
  let url;
  // Should the test process end without stop(), nothing of this run outlives it.
  const killOnExit = () => {
    odoo?.child.kill('SIGKILL');
    stopCluster(pg.bin, pgdata, 'immediate');
  };
  process.once('exit', killOnExit);
  try {
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      const args = [...odooArgs(tree, { pgPort: cluster.port, dataDir }), '--http-interface=127.0.0.1', `--http-port=${port}`, `--logfile=${logFile}`];
      odoo = startProcess('odoo', PYTHON, args, { cwd: runDir, quiet: true });
      try {
        await waitForHttp(`${url}/web/health`, odoo, { timeoutMs: 60_000 });
        break;
      } catch (error) {
        await odoo.stop();
        // Another process took the port between freePort and Odoo's bind: try another.
        if (attempt === 3 || !/Address already in use/.test(tail(logFile, 10))) throw new Error(`${error.message}\n${logFile}:\n${tail(logFile)}`);
      }
    }
  } catch (error) {
    killOnExit();
    process.removeListener('exit', killOnExit);
    throw error;
  }
  const filestore = (database) => path.join(dataDir, 'filestore', database);
  return {
    url,
    logFile,
    templateDatabase: prepared.templateDatabase,
    /** A database of the caller's own, copied from the template (with its filestore, if it has one). */
    createDatabase(name) {
      psql(pg.bin, cluster, `CREATE DATABASE ${sqlIdentifier(name)} TEMPLATE ${sqlIdentifier(prepared.templateDatabase)}`);
      const templateFiles = path.join(clusterDir, 'data', 'filestore', prepared.templateDatabase);
      if (existsSync(templateFiles)) cpSync(templateFiles, filestore(name), { recursive: true });
      return name;
    },
    /** Drops it even while Odoo still holds connections to it. */
    dropDatabase(name) {
      psql(pg.bin, cluster, `DROP DATABASE IF EXISTS ${sqlIdentifier(name)} WITH (FORCE)`);
      rmSync(filestore(name), { recursive: true, force: true });
    },
    /** The log's current end, to count the requests made after it with requestsSince. */
    mark: () => logMark(logFile),
    /** The requests Odoo logged (werkzeug's lines) since `mark`. */
    requestsSince: (mark) => readOdooRequests(logFile, mark),
    async stop() {
      process.removeListener('exit', killOnExit);
      await odoo.stop(10_000);
      stopCluster(pg.bin, pgdata);
      for (const dir of [pgdata, dataDir]) rmSync(dir, { recursive: true, force: true });
    },
  };
}
