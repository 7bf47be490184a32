// `npm start`: builds and runs the API (:3001) and the dashboard (:3000, the one public origin),
// against MONGODB_URI or, when it is unset, the embedded MongoDB-wire server persisting to .gantry/data.
import './check-node.mjs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMongoServer } from '@gantry/mongo-server';
import { startProcess, waitForHttp } from './lib/processes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const dev = process.argv.includes('--dev');
const apiPort = Number(process.env.API_PORT ?? 3001);
const webPort = Number(process.env.WEB_PORT ?? process.env.PORT ?? 3000);
const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${webPort}`;
const started = Date.now();
const children = [];
let mongo;

async function shutdown(code = 0) {
  for (const child of children.reverse()) await child.stop();
  if (mongo) await mongo.stop();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

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
    mongo = await startMongoServer({ backend: 'h2', file });
    mongoUri = `${mongo.uri}gantry`;
    console.log(
      `MONGODB_URI is not set: using the embedded MongoDB-wire server (mongo-java-server, H2 store at ${path.relative(root, file)}) on port ${mongo.port}`,
    );
  }

  const api = startProcess('api', process.execPath, [path.join(root, 'apps/api/dist/main.js')], {
    env: { NODE_ENV: process.env.NODE_ENV ?? 'development', API_PORT: String(apiPort), PUBLIC_URL: publicUrl, MONGODB_URI: mongoUri },
  });
  children.push(api);
  await waitForHttp(`http://127.0.0.1:${apiPort}/api/health`, api);

  const web = dev
    ? startProcess('web', bin('next'), ['dev', '-p', String(webPort)], {
        cwd: path.join(root, 'apps/web'),
        env: { API_INTERNAL_URL: `http://127.0.0.1:${apiPort}` },
      })
    : startProcess('web', bin('next'), ['start', '-p', String(webPort)], {
        cwd: path.join(root, 'apps/web'),
        env: { API_INTERNAL_URL: `http://127.0.0.1:${apiPort}`, NODE_ENV: 'production' },
      });
  children.push(web);
  await waitForHttp(`http://127.0.0.1:${webPort}/login`, web, { timeoutMs: 180_000 });

  console.log(
    `\nGantry is up after ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
      `  dashboard  ${publicUrl}\n  API        http://127.0.0.1:${apiPort}/api/health\n  API docs   ${publicUrl}/api/docs\nPress Ctrl+C to stop.`,
  );
  const first = await Promise.race(children.map((child) => child.exited.then((result) => ({ child, result }))));
  console.error(`${first.child.name} stopped (${JSON.stringify(first.result)}); shutting down`);
  await shutdown(1);
} catch (error) {
  console.error(`Gantry failed to start: ${error instanceof Error ? error.message : error}`);
  await shutdown(1);
}
