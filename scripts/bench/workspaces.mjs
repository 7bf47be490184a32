// npm run bench:workspaces: how long a workspace takes to be ready, from a template and fresh.
// Real components: Podman's Docker API, the locally built PostgreSQL 15 image and the Odoo stand-in
// image, the built API and the embedded MongoDB-wire server. "Ready" = the create call returned and
// the workspace answered HTTP at its URL. The template holds a seeded database (rows and indexes)
// and a filestore, so CREATE DATABASE … TEMPLATE and the filestore copy do real work.
// Caveat printed with the figures: the stand-in does not run Odoo's own `-i base` (minutes with real
// Odoo), so the fresh figure is Gantry's overhead only.
import '../check-node.mjs';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import pg from 'pg';
import { startMongoServer } from '@gantry/mongo-server';
import { ensurePodman, PODMAN_SOCKET } from '../lib/podman.mjs';
import { freePort, startProcess, waitForHttp } from '../lib/processes.mjs';
import { ensureWorkspaceImages } from '../lib/workspace-images.mjs';
import { apiJson } from './api-json.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SEED_ROWS = Number(process.env.BENCH_SEED_ROWS ?? 200_000);
const DB_CONTAINER = 'gantry-db-bench';
const DB_PORT = 25434;

console.log('engine: Podman (Docker-compatible API) and locally built images');
const dockerHost = await ensurePodman();
const images = ensureWorkspaceImages();
const docker = new Docker({ socketPath: PODMAN_SOCKET });
const mongo = await startMongoServer({ backend: 'memory', log: () => undefined });
const apiPort = await freePort();
const base = `http://127.0.0.1:${apiPort}`;
const admin = { email: 'bench@example.com', password: randomBytes(16).toString('hex') };
const dataDir = mkdtempSync(path.join(tmpdir(), 'gantry-bench-ws-'));
const teamName = `Bench ${randomBytes(3).toString('hex')}`;
const api = startProcess('api', process.execPath, [path.join(root, 'apps/api/dist/main.js')], {
  quiet: true,
  env: {
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://localhost',
    API_PORT: String(apiPort),
    MONGODB_URI: `${mongo.uri}gantry-bench-ws`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    COOKIE_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    GANTRY_ADMIN_EMAIL: admin.email,
    GANTRY_ADMIN_PASSWORD: admin.password,
    GANTRY_ADMIN_TEAM: teamName,
    LOG_LEVEL: 'warn',
    OPENAPI_ENABLED: 'false',
    DOCKER_HOST: dockerHost,
    WORKSPACE_ODOO_IMAGE: images.odoo,
    WORKSPACE_DB_IMAGE: images.postgres,
    WORKSPACE_DB_CONTAINER: DB_CONTAINER,
    WORKSPACE_DB_HOST_PORT: String(DB_PORT),
    WORKSPACE_PORT_RANGE: '22000-22099',
    WORKSPACE_PUBLIC_HOST: '127.0.0.1',
    WORKSPACE_SLOTS_PER_TEAM: '4',
    WORKSPACE_DATA_DIR: dataDir,
  },
});

const json = apiJson(base);

async function answers(url) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${url}/web/login`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not answer`);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
let teamId;

try {
  await waitForHttp(`${base}/api/health`, api);
  const session = await json('POST', '/api/auth/login', admin);
  const token = session.accessToken;
  teamId = session.memberships[0].team.id;
  const ws = `/api/teams/${teamId}/workspaces`;

  console.log(`seeding a template: ${SEED_ROWS} rows and 200 filestore files`);
  const seed = await json('POST', ws, { name: 'seed' }, token);
  const password = (await docker.getContainer(DB_CONTAINER).inspect()).Config.Env.find((entry) => entry.startsWith('POSTGRES_PASSWORD=')).split('=')[1];
  const client = new pg.Client({ host: '127.0.0.1', port: DB_PORT, user: 'postgres', password, database: seed.database });
  await client.connect();
  await client.query(`CREATE TABLE res_partner (id serial PRIMARY KEY, name text, email text, create_date timestamp DEFAULT now())`);
  await client.query(`INSERT INTO res_partner (name, email) SELECT 'Partner ' || i, 'p' || i || '@example.com' FROM generate_series(1, ${SEED_ROWS}) AS i`);
  await client.query('CREATE INDEX ON res_partner (email)');
  await client.end();
  await json(
    'POST',
    `${ws}/seed/exec`,
    {
      command: [
        'sh',
        '-c',
        `cd /var/lib/odoo/filestore/${seed.database} && for i in $(seq 1 200); do mkdir -p d$((i % 16)) && head -c 8192 /dev/zero > d$((i % 16))/f$i; done`,
      ],
    },
    token,
  );
  await json('POST', `/api/teams/${teamId}/workspace-templates`, { name: 'bench-template', fromWorkspace: 'seed' }, token);
  await json('DELETE', `${ws}/seed`, undefined, token);

  const measure = async (label, body) => {
    const times = [];
    for (let run = 0; run < RUNS; run += 1) {
      const started = performance.now();
      const created = await json('POST', ws, { name: `${label}-${run}`, ...body }, token);
      await answers(created.url);
      times.push((performance.now() - started) / 1000);
      await json('DELETE', `${ws}/${label}-${run}`, undefined, token);
    }
    return times;
  };
  const fromTemplate = await measure('tpl', { template: 'bench-template' });
  const fresh = await measure('fresh', {});
  const fmt = (values) => values.map((value) => value.toFixed(2)).join(', ');
  console.log(`\nworkspace ready (create call + first HTTP answer), ${RUNS} runs each, seconds`);
  console.table([
    { kind: 'from template', median_s: +median(fromTemplate).toFixed(2), runs: fmt(fromTemplate) },
    { kind: 'fresh', median_s: +median(fresh).toFixed(2), runs: fmt(fresh) },
  ]);
  console.log(
    "note: the Odoo stand-in does not run Odoo's own base install; with a real Odoo image a fresh workspace adds that (minutes), a templated one does not.",
  );
  await json('DELETE', `/api/teams/${teamId}/workspace-templates/bench-template`, undefined, token);
  console.log(`bench: workspace_from_template_s=${median(fromTemplate).toFixed(2)} fresh_workspace_s=${median(fresh).toFixed(2)}`);
} finally {
  await api.stop();
  await mongo.stop();
  if (teamId) {
    for (const container of await docker.listContainers({ all: true, filters: { label: [`gantry.team-id=${teamId}`] } }))
      await docker
        .getContainer(container.Id)
        .remove({ force: true })
        .catch(() => undefined);
  }
  rmSync(dataDir, { recursive: true, force: true });
}
