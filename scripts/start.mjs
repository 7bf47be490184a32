// `npm start`: builds and runs the API (:3001) and the dashboard (:3000, the one public origin),
// against MONGODB_URI or, when it is unset, the embedded MongoDB-wire server persisting to .gantry/data.
// Settings come from the environment and, when present, from .env in the repository (the environment wins).
import './check-node.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMongoServer } from '@gantry/mongo-server';
import { startProcess, waitForHttp } from './lib/processes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const envFile = path.join(root, '.env');
if (existsSync(envFile)) {
  process.loadEnvFile(envFile);
  console.log('Settings read from .env (variables set in the environment take precedence)');
}
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const dev = process.argv.includes('--dev');
const apiPort = Number(process.env.API_PORT ?? 3001);
const webPort = Number(process.env.WEB_PORT ?? process.env.PORT ?? 3000);
const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${webPort}`;
const debug = ['debug', 'verbose'].includes(process.env.LOG_LEVEL ?? '');
const started = Date.now();
const children = [];
let mongo;
let stopping = false;

/** Stops the dashboard, then the API, then the database: each finishes its work before what it needs goes away. */
async function shutdown(code, reason) {
  if (stopping) return;
  stopping = true;
  if (reason) console.log(reason);
  for (const child of [...children].reverse()) await child.stop();
  if (mongo) await mongo.stop();
  console.log(code === 0 ? 'Gantry stopped: dashboard, API and database shut down cleanly.' : 'Gantry stopped after the failure above.');
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(signal, () => void shutdown(0, `\n${signal === 'SIGINT' ? 'Ctrl+C' : signal}: stopping Gantry…`));
// The children have process groups of their own (so that Ctrl+C reaches only this process); should
// this process end any other way, they must not outlive it.
process.on('exit', () => {
  for (const child of children) if (child.child.exitCode === null) child.child.kill('SIGTERM');
});

try {
  console.log(dev ? 'Building the libraries and the API (dev mode)…' : 'Building the API and the dashboard (cached after the first run)…');
  const targets = dev
    ? ['run-many', '-t', 'build', '--projects=api', '--outputStyle=static']
    : ['run-many', '-t', 'build', '--projects=api,web', '--outputStyle=static'];
  const build = spawnSync(bin('nx'), targets, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
  });
  if (build.status !== 0) throw new Error('build failed');

  let mongoUri = process.env.MONGODB_URI;
  if (!mongoUri) {
    const file = path.join(root, '.gantry', 'data', 'mongo.h2');
    // It ignores the secondary indexes it does not implement, with one warning each: shown at LOG_LEVEL=debug.
    const log = (line) => (debug || !/is not yet implemented\. ignoring/.test(line)) && console.log(line);
    mongo = await startMongoServer({ backend: 'h2', file, detached: true, log });
    mongoUri = `${mongo.uri}gantry`;
    console.log(
      `MONGODB_URI is not set: using the embedded MongoDB-wire server (mongo-java-server, H2 store at ${path.relative(root, file)}) on port ${mongo.port}`,
    );
  }

  const api = startProcess('api', process.execPath, [path.join(root, 'apps/api/dist/main.js')], {
    detached: true,
    env: { NODE_ENV: process.env.NODE_ENV ?? 'development', API_PORT: String(apiPort), PUBLIC_URL: publicUrl, MONGODB_URI: mongoUri },
  });
  children.push(api);
  await waitForHttp(`http://127.0.0.1:${apiPort}/api/health`, api);

  const web = dev
    ? startProcess('web', bin('next'), ['dev', '-p', String(webPort)], {
        cwd: path.join(root, 'apps/web'),
        detached: true,
        env: { API_INTERNAL_URL: `http://127.0.0.1:${apiPort}` },
      })
    : startProcess('web', bin('next'), ['start', '-p', String(webPort)], {
        cwd: path.join(root, 'apps/web'),
        detached: true,
        env: { API_INTERNAL_URL: `http://127.0.0.1:${apiPort}`, NODE_ENV: 'production' },
      });
  children.push(web);
  await waitForHttp(`http://127.0.0.1:${webPort}/login`, web, { timeoutMs: 180_000 });

  console.log(
    `\nGantry is up after ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
      `  dashboard  ${publicUrl}\n  API        http://127.0.0.1:${apiPort}/api/health\n  API docs   ${publicUrl}/api/docs\nPress Ctrl+C to stop.`,
  );
  const watched = [...children.map((child) => child.exited.then((result) => ({ name: child.name, result })))];
  if (mongo) watched.push(mongo.exited.then((result) => ({ name: 'database', result })));
  const first = await Promise.race(watched);
  if (!stopping) await shutdown(1, `The ${first.name} stopped on its own (${JSON.stringify(first.result)}); stopping the rest.`);
} catch (error) {
  if (!stopping) await shutdown(1, `Gantry failed to start: ${error instanceof Error ? error.message : error}`);
}
