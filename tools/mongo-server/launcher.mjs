// Gantry's embedded MongoDB wire-protocol server (tools/mongo-server, built on mongo-java-server).
//
// Used by `npm start` (persistent H2 store) and by tests (in-memory backend). Dependency-free:
// only node: built-ins, Node 22+.
//
//   import { startMongoServer } from '@gantry/mongo-server';
//   const mongo = await startMongoServer({ backend: 'memory' });
//   await mongoose.connect(mongo.uri + 'gantry_test');
//   ...
//   await mongo.stop();
//
// CLI (foreground, forwards SIGINT/SIGTERM for a clean H2 shutdown):
//   node tools/mongo-server/launcher.mjs --backend h2 --file .gantry/data/mongo.h2 --port 27018
//
// The server speaks the MongoDB wire protocol and announces MongoDB 6.0.0 / wire version 17.
// Not supported by it: sessions and multi-document transactions; TTL indexes are accepted but
// documents never expire. See /work/shared/docs/test-infrastructure.md.

import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..');
export const MONGO_SERVER_DIR = path.join(REPO_ROOT, 'tools', 'mongo-server');
export const MONGO_SERVER_POM = path.join(MONGO_SERVER_DIR, 'pom.xml');
export const MONGO_SERVER_JAR = path.join(MONGO_SERVER_DIR, 'target', 'gantry-mongo-server.jar');

const READY_TIMEOUT_MS = 60_000;
const STOP_KILL_AFTER_MS = 10_000;
const BUILD_LOCK_STALE_MS = 10 * 60_000;
const BUILD_LOCK_WAIT_MS = 10 * 60_000;
const TAIL_LINES = 40;
const LISTENING_RE = /^gantry-mongo-server listening on (\S+):(\d+) backend=(memory|h2)(?: file=(.*))?$/;

// ---------------------------------------------------------------------------------------------
// Tool lookup

/** Absolute path of an executable found on PATH, or null. */
function findOnPath(command) {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, fsConstants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** The java executable: $JAVA_HOME/bin/java if it exists, else `java` from PATH. */
function resolveJava() {
  if (process.env.JAVA_HOME) {
    const candidate = path.join(process.env.JAVA_HOME, 'bin', 'java');
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // fall back to PATH
    }
  }
  const java = findOnPath('java');
  if (!java) {
    throw new Error(
      'gantry mongo server: `java` was not found on PATH (nor in $JAVA_HOME/bin). ' +
        'Install a Java 17+ runtime, e.g. `apt-get install -y openjdk-17-jre-headless`.',
    );
  }
  return java;
}

function resolveMaven() {
  const mvn = findOnPath('mvn');
  if (!mvn) {
    throw new Error(
      `gantry mongo server: ${path.relative(REPO_ROOT, MONGO_SERVER_JAR)} needs to be built, but \`mvn\` ` +
        'was not found on PATH. Install Maven and a Java 17 JDK, e.g. `apt-get install -y maven openjdk-17-jdk-headless`.',
    );
  }
  return mvn;
}

// ---------------------------------------------------------------------------------------------
// Building the jar

function mtimeMs(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

/** Newest mtime among pom.xml and everything under src/ (java sources and resources). */
function newestInputMtime() {
  let newest = mtimeMs(MONGO_SERVER_POM) ?? 0;
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) newest = Math.max(newest, mtimeMs(full) ?? 0);
    }
  };
  walk(path.join(MONGO_SERVER_DIR, 'src'));
  return newest;
}

function jarIsFresh() {
  const jar = mtimeMs(MONGO_SERVER_JAR);
  return jar !== null && jar >= newestInputMtime();
}

function tail(text, lines = TAIL_LINES) {
  const plain = String(text).replace(/\u001b\[[0-9;]*m/g, '');
  const all = plain.replace(/\s+$/, '').split(/\r?\n/);
  return all.slice(-lines).join('\n');
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Cross-process lock (an atomic mkdir) so that parallel test workers don't run two Maven builds
 * into the same target/ directory. Stale locks (dead owner, or older than 10 min) are broken.
 */
async function withBuildLock(fn) {
  const targetDir = path.dirname(MONGO_SERVER_JAR);
  const lockDir = path.join(targetDir, '.gantry-build.lock');
  mkdirSync(targetDir, { recursive: true });
  const deadline = Date.now() + BUILD_LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let owner = NaN;
      try {
        owner = Number(readFileSync(path.join(lockDir, 'pid'), 'utf8'));
      } catch {
        // the owner may not have written its pid yet
      }
      const age = Date.now() - (mtimeMs(lockDir) ?? Date.now());
      if ((Number.isInteger(owner) && owner > 0 && !isAlive(owner)) || age > BUILD_LOCK_STALE_MS) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`gantry mongo server: timed out waiting for the build lock ${lockDir} (held by pid ${owner})`);
      }
      await delay(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function runMaven(mvn) {
  return new Promise((resolve, reject) => {
    const args = ['-q', '-B', '-f', MONGO_SERVER_POM, 'package', '-DskipTests'];
    const child = spawn(mvn, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk) => {
      output += chunk;
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout.setEncoding('utf8').on('data', collect);
    child.stderr.setEncoding('utf8').on('data', collect);
    child.on('error', (error) => reject(new Error(`gantry mongo server: could not run mvn: ${error.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      reject(
        new Error(
          `gantry mongo server: \`mvn ${args.join(' ')}\` failed (${signal ? `signal ${signal}` : `exit code ${code}`}).\n` +
            `--- last lines of Maven's output ---\n${tail(output) || '(no output)'}`,
        ),
      );
    });
  });
}

let inFlightEnsure = null;

/**
 * Makes sure tools/mongo-server/target/gantry-mongo-server.jar exists and is newer than pom.xml
 * and every file under tools/mongo-server/src; builds it with Maven otherwise.
 * Resolves to the jar's absolute path.
 */
export function ensureMongoServerJar({ log = console.log } = {}) {
  inFlightEnsure ??= ensureJarOnce(log).finally(() => {
    inFlightEnsure = null;
  });
  return inFlightEnsure;
}

async function ensureJarOnce(log) {
  resolveJava(); // fail early and clearly: the jar is useless without a JVM
  if (jarIsFresh()) return MONGO_SERVER_JAR;
  const mvn = resolveMaven();
  return withBuildLock(async () => {
    if (jarIsFresh()) return MONGO_SERVER_JAR; // another process built it while we waited
    log(`gantry mongo server: building ${path.relative(REPO_ROOT, MONGO_SERVER_JAR)} with Maven…`);
    await runMaven(mvn);
    if (mtimeMs(MONGO_SERVER_JAR) === null) {
      throw new Error(`gantry mongo server: Maven succeeded but ${MONGO_SERVER_JAR} was not produced`);
    }
    // Mark it newer than every input even if a source carries a future timestamp.
    const now = new Date(Math.max(Date.now(), newestInputMtime() + 1));
    utimesSync(MONGO_SERVER_JAR, now, now);
    return MONGO_SERVER_JAR;
  });
}

// ---------------------------------------------------------------------------------------------
// Running the server

/** Splits a readable stream into lines, calling onLine for each complete one. */
function onLines(stream, onLine) {
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    buffer += chunk;
    let index;
    while ((index = buffer.indexOf('\n')) !== -1) {
      const line = buffer.slice(0, index).replace(/\r$/, '');
      buffer = buffer.slice(index + 1);
      onLine(line);
    }
  });
  stream.on('end', () => {
    if (buffer) onLine(buffer);
    buffer = '';
  });
}

function uriHost(host) {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts the server as a child JVM.
 *
 * @param {object} [options]
 * @param {'memory'|'h2'} [options.backend='memory']
 * @param {string} [options.file]  H2 store file (required for backend 'h2'); parent dirs are created
 * @param {number} [options.port=0]  0 picks a free port
 * @param {string} [options.host='127.0.0.1']
 * @param {(line: string) => void} [options.log=console.log]  progress lines and the server's stderr
 * @param {string} [options.logLevel]  slf4j level for the server (default warn; env GANTRY_MONGO_LOG_LEVEL)
 * @param {boolean} [options.detached=false]  its own process group, so a terminal's Ctrl+C reaches only
 *   the parent, which stops it last (it still exits when the parent dies: its stdin closes)
 * @returns {Promise<{ uri: string, host: string, port: number, backend: string, file?: string,
 *   process: import('node:child_process').ChildProcess,
 *   exited: Promise<{ code: number|null, signal: string|null }>,
 *   stop: () => Promise<{ code: number|null, signal: string|null }> }>}
 *   uri is `mongodb://127.0.0.1:<port>/`; append a database name.
 */
export async function startMongoServer({
  backend = 'memory',
  file,
  port = 0,
  host = '127.0.0.1',
  log = console.log,
  logLevel = process.env.GANTRY_MONGO_LOG_LEVEL,
  detached = false,
} = {}) {
  if (backend !== 'memory' && backend !== 'h2') {
    throw new Error(`gantry mongo server: backend must be 'memory' or 'h2', got ${JSON.stringify(backend)}`);
  }
  if (backend === 'h2' && !file) throw new Error("gantry mongo server: backend 'h2' needs a file");
  if (backend === 'memory' && file) throw new Error("gantry mongo server: 'file' is only valid with backend 'h2'");
  if (!Number.isInteger(Number(port)) || Number(port) < 0 || Number(port) > 65535) {
    throw new Error(`gantry mongo server: invalid port ${JSON.stringify(port)}`);
  }
  const absoluteFile = file ? path.resolve(file) : undefined;

  const jar = await ensureMongoServerJar({ log });
  const java = resolveJava();
  const jvmArgs = [];
  if (logLevel) jvmArgs.push(`-Dorg.slf4j.simpleLogger.defaultLogLevel=${logLevel}`);
  // The memory backend keeps every stored document on the heap until it is deleted: promote what
  // survives a young collection at once instead of copying it between survivor spaces up to 15
  // times. Measured with npm run bench: the server's CPU per audit record fell from 110–130 µs to
  // about 93 µs, and its young pauses got shorter.
  if (backend === 'memory') jvmArgs.push('-XX:MaxTenuringThreshold=0');
  const args = [
    ...jvmArgs,
    '-jar',
    jar,
    '--host',
    host,
    '--port',
    String(Number(port)),
    '--backend',
    backend,
    ...(absoluteFile ? ['--file', absoluteFile] : []),
    // stdin is a pipe from us: when this process dies, the pipe closes and the server exits.
    '--exit-on-stdin-close',
  ];

  const child = spawn(java, args, { stdio: ['pipe', 'pipe', 'pipe'], detached });
  // Never write to the server's stdin; just keep the pipe open. Ignore EPIPE if it is gone.
  child.stdin.on('error', () => {});

  const stderrTail = [];
  const stdoutTail = [];
  const remember = (buffer, line) => {
    buffer.push(line);
    if (buffer.length > TAIL_LINES) buffer.shift();
  };
  let ready = false;
  let stopping = false;

  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (message) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      const details = stderrTail.length ? stderrTail.join('\n') : stdoutTail.join('\n') || '(no output)';
      reject(new Error(`gantry mongo server: ${message}\n--- last lines of the server's stderr ---\n${details}`));
    };

    const timer = setTimeout(() => fail(`did not report "listening" within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);

    child.once('error', (error) => fail(`could not start ${java}: ${error.message}`));

    onLines(child.stderr, (line) => {
      remember(stderrTail, line);
      if (ready && line.trim()) log(`[mongo] ${line}`);
    });

    onLines(child.stdout, (line) => {
      remember(stdoutTail, line);
      const match = !ready && LISTENING_RE.exec(line);
      if (!match) {
        if (ready && line.trim() && !(stopping && line === 'gantry-mongo-server stopped')) log(`[mongo] ${line}`);
        return;
      }
      ready = true;
      settled = true;
      clearTimeout(timer);
      const boundPort = Number(match[2]);
      log(line);

      let stopPromise = null;
      const stop = () => {
        stopPromise ??= (async () => {
          stopping = true;
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const killTimer = setTimeout(() => {
              log(`gantry mongo server: pid ${child.pid} did not exit ${STOP_KILL_AFTER_MS / 1000} s after SIGTERM; sending SIGKILL`);
              child.kill('SIGKILL');
            }, STOP_KILL_AFTER_MS);
            try {
              return await exited;
            } finally {
              clearTimeout(killTimer);
            }
          }
          return exited;
        })();
        return stopPromise;
      };

      exited.then(({ code, signal }) => {
        if (!stopping) {
          log(
            `gantry mongo server: exited unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})` +
              (stderrTail.length ? `\n${stderrTail.join('\n')}` : ''),
          );
        }
      });

      resolve({
        uri: `mongodb://${uriHost(host)}:${boundPort}/`,
        host,
        port: boundPort,
        backend,
        file: absoluteFile,
        process: child,
        exited,
        stop,
      });
    });

    // 'close' (not 'exit') so that the stderr tail is complete when we report the failure.
    child.once('close', (code, signal) => {
      if (!ready) fail(`exited before listening (${signal ? `signal ${signal}` : `exit code ${code}`})`);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// CLI

function parseCliArgs(argv) {
  const options = { backend: 'memory', port: 0, host: '127.0.0.1' };
  const usage = 'usage: node tools/mongo-server/launcher.mjs [--backend memory|h2] [--file PATH] [--port N] [--host ADDRESS] [--build-only]';
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const next = () => {
      if (value !== undefined) return value;
      if (i + 1 >= argv.length) throw new Error(`${arg} expects a value\n${usage}`);
      return argv[++i];
    };
    switch (arg) {
      case '--backend':
        options.backend = next();
        break;
      case '--file':
        options.file = next();
        break;
      case '--port':
        options.port = Number(next());
        break;
      case '--host':
        options.host = next();
        break;
      case '--build-only':
        options.buildOnly = true;
        break;
      case '--help':
      case '-h':
        console.log(usage);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${JSON.stringify(argv[i])}\n${usage}`);
    }
  }
  return options;
}

async function main() {
  const options = parseCliArgs(process.argv.slice(2));
  if (options.buildOnly) {
    console.log(await ensureMongoServerJar());
    return;
  }
  const server = await startMongoServer(options);
  console.log(`gantry mongo server: ${server.uri} (pid ${server.process.pid}); Ctrl-C to stop`);

  let signalled = false;
  const onSignal = async (signal) => {
    if (signalled) return;
    signalled = true;
    console.log(`gantry mongo server: ${signal} received, stopping…`);
    await server.stop();
    console.log('gantry mongo server: stopped');
    process.exit(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const { code, signal } = await server.exited;
  if (!signalled) process.exit(code ?? (signal ? 1 : 0));
}

const invokedDirectly = (() => {
  try {
    return Boolean(process.argv[1]) && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  main().catch((error) => {
    console.error(error.message ?? error);
    process.exit(1);
  });
}
