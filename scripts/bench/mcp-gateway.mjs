// npm run bench: what the MCP gateway costs on top of Odoo, measured in one run against a baseline.
// Starts the embedded MongoDB-wire server, the Odoo XML-RPC test double (fixed 2 ms latency, its own
// process) and the built API; then, at 1, 16 and 64 concurrent clients, runs the same search_read directly over
// XML-RPC, through a pass-through proxy (the floor any gateway process adds on this machine) and
// through /mcp (auth + policy + audit), each path as fast as it goes (closed loop); then
// both again at fixed offered loads, 64 connections, requests spaced evenly (open loop), which shows
// the latency the gateway adds when the machine is not saturated. Prints tables; the last line is
// machine-readable, for the closed-loop run at 64 connections.
import '../check-node.mjs';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { MongoClient } from 'mongodb';
import { startMongoServer } from '@gantry/mongo-server';
import { freePort, startProcess, waitForHttp } from '../lib/processes.mjs';
import { apiJson } from './api-json.mjs';
import { pacedLoad } from './paced-load.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 8);
// BENCH_CONNECTIONS / BENCH_RATES: comma-separated lists, e.g. 64 and 1000 for a quick look
const CONCURRENCY = (process.env.BENCH_CONNECTIONS ?? '1,16,64').split(',').filter(Boolean).map(Number);
// offered loads (calls/s) for the open-loop runs at 64 connections
const RATES = (process.env.BENCH_RATES ?? '500,1000,2000').split(',').filter(Boolean).map(Number);
const PACED_CONNECTIONS = 64;
const ODOO_LATENCY_MS = 2;

/** Starts one of the bench's helper scripts; resolves with the process and the URL it prints as "<name> <url>". */
async function startServerScript(name, script, env) {
  const handle = startProcess(name, process.execPath, [path.join(root, 'scripts/bench', script)], { quiet: true, env });
  const url = await new Promise((resolve, reject) => {
    handle.child.stdout.on('data', (chunk) => {
      const match = new RegExp(`${name} (\\S+)`).exec(chunk.toString());
      if (match) resolve(match[1]);
    });
    handle.exited.then(() => reject(new Error(`${script} exited:\n${handle.tail()}`)));
  });
  return [handle, url];
}

const mongo = await startMongoServer({ backend: 'memory', log: () => undefined });
const [odoo, odooUrl] = await startServerScript('odoo-double', 'odoo-double-process.mjs', { ODOO_LATENCY_MS: String(ODOO_LATENCY_MS) });
// the floor: the direct call through a process that only forwards it
const [proxy, proxyUrl] = await startServerScript('proxy', 'pass-through-proxy.mjs', { PROXY_TARGET: odooUrl });
const apiPort = await freePort();
const base = `http://127.0.0.1:${apiPort}`;
const admin = { email: 'bench@example.com', password: randomBytes(16).toString('hex') };
// BENCH_API_NODE_ARGS="<flags>" runs the API with those Node flags (e.g. --trace-gc; BENCH_API_LOG=1 shows its output)
const apiNodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
const api = startProcess('api', process.execPath, [...apiNodeArgs, path.join(root, 'apps/api/dist/main.js')], {
  quiet: !process.env.BENCH_API_LOG,
  env: {
    NODE_ENV: 'production',
    PUBLIC_URL: 'http://localhost:3000',
    API_PORT: String(apiPort),
    MONGODB_URI: `${mongo.uri}gantry-bench`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    COOKIE_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    GANTRY_ADMIN_EMAIL: admin.email,
    GANTRY_ADMIN_PASSWORD: admin.password,
    LOG_LEVEL: 'warn',
    OPENAPI_ENABLED: 'false',
    // The Odoo test double listens on loopback, which the SSRF guard refuses unless listed.
    ODOO_ALLOWED_HOSTS: '127.0.0.1',
    // BENCH_PROFILE=<dir> writes a V8 CPU profile of the API for this run
    ...(process.env.BENCH_PROFILE ? { NODE_OPTIONS: `--require ${path.join(root, 'scripts/bench/cpu-profile-preload.cjs')}` } : {}),
  },
});

const json = apiJson(base);

/** CPU seconds (user + system) a process has used so far, from /proc. */
const cpuSeconds = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
};
const processes = () => ({ api: api.child.pid, odoo: odoo.child.pid, mongo: mongo.process.pid, proxy: proxy.child.pid, load: process.pid });
const cpuNow = () => Object.fromEntries(Object.entries(processes()).map(([name, pid]) => [name, cpuSeconds(pid)]));
/** Microseconds of CPU per call, per process, between two cpuNow() readings. */
const cpuPerCall = (before, after, calls) =>
  Object.fromEntries(Object.keys(before).map((name) => [name, Math.round(((after[name] - before[name]) * 1e6) / Math.max(calls, 1))]));

const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${api.child.pid}/status`, 'utf8'))[1]) / 1024;

async function load(options) {
  return new Promise((resolve, reject) => {
    autocannon({ duration: DURATION_S, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

try {
  await waitForHttp(`${base}/api/health`, api);
  const session = await json('POST', '/api/auth/login', admin);
  const teamId = session.memberships[0].team.id;
  await json(
    'PUT',
    `/api/teams/${teamId}/odoo-connection`,
    { name: 'bench', url: odooUrl, database: 'bench', login: 'admin', secret: 'admin' },
    session.accessToken,
  );
  // a generous limit: the benchmark measures the gateway, not the rate limiter's refusals
  await json(
    'PATCH',
    `/api/teams/${teamId}`,
    { settings: { mcpPolicy: { rateLimits: { callsPerMinute: 100000, writesPerMinute: 100000 } } } },
    session.accessToken,
  );
  const key = (await json('POST', `/api/teams/${teamId}/api-keys`, { name: 'bench' }, session.accessToken)).secret;

  const domain = [['is_company', '=', true]];
  const fields = ['name', 'email', 'country_id'];
  const xmlValue = (value) =>
    typeof value === 'number'
      ? `<value><int>${value}</int></value>`
      : typeof value === 'boolean'
        ? `<value><boolean>${value ? 1 : 0}</boolean></value>`
        : Array.isArray(value)
          ? `<value><array><data>${value.map(xmlValue).join('')}</data></array></value>`
          : typeof value === 'object'
            ? `<value><struct>${Object.entries(value)
                .map(([name, inner]) => `<member><name>${name}</name>${xmlValue(inner)}</member>`)
                .join('')}</struct></value>`
            : `<value><string>${value}</string></value>`;
  const direct = {
    url: `${odooUrl}/xmlrpc/2/object`,
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: `<?xml version="1.0"?><methodCall><methodName>execute_kw</methodName><params>${[
      'bench',
      2,
      'admin',
      'res.partner',
      'search_read',
      [domain],
      { fields, limit: 10 },
    ]
      .map((param) => `<param>${xmlValue(param)}</param>`)
      .join('')}</params></methodCall>`,
  };
  const viaProxy = { ...direct, url: `${proxyUrl}/xmlrpc/2/object` };
  const viaMcp = {
    url: `${base}/mcp`,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${key}` },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'search_records', arguments: { model: 'res.partner', domain, fields, limit: 10 } },
    }),
  };
  const mongoClient = await MongoClient.connect(`${mongo.uri}gantry-bench`);
  const audits = () => mongoClient.db('gantry-bench').collection('audit_logs').countDocuments();
  /** Waits until the audit writer has drained: the count holds still for a second. */
  async function settledAuditCount() {
    let previous = -1;
    let current = await audits();
    while (current !== previous) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      previous = current;
      current = await audits();
    }
    return current;
  }

  // warm up both paths (JIT, keep-alive sockets, caches)
  await load({ ...direct, connections: 8, duration: 2 });
  await load({ ...viaProxy, connections: 8, duration: 2 });
  const warmup = await load({ ...viaMcp, connections: 8, duration: 2 });
  // Requests still in flight when autocannon stops are answered (and audited) but not in its 2xx
  // count, so calls made = requests sent minus the ones that failed.
  const made = (result) => result.requests.sent - result.non2xx - result.errors;
  let callsMade = made(warmup);
  const rows = [];
  const cpuRows = [];
  const floorRows = [];
  for (const connections of CONCURRENCY) {
    const before = await settledAuditCount();
    const cpu0 = cpuNow();
    const baseline = await load({ ...direct, connections });
    const cpu1 = cpuNow();
    const forwarded = await load({ ...viaProxy, connections });
    const cpu2 = cpuNow();
    const gateway = await load({ ...viaMcp, connections });
    const cpu3 = cpuNow();
    const written = (await settledAuditCount()) - before;
    const calls = made(gateway);
    cpuRows.push(
      { connections, path: 'direct', ...cpuPerCall(cpu0, cpu1, baseline.requests.total) },
      { connections, path: 'proxy', ...cpuPerCall(cpu1, cpu2, forwarded.requests.total) },
      { connections, path: '/mcp', ...cpuPerCall(cpu2, cpu3, calls) },
    );
    floorRows.push({
      connections,
      proxy_p50: forwarded.latency.p50,
      proxy_p99: forwarded.latency.p99,
      proxy_rps: Math.round(forwarded.requests.average),
      proxy_errors: forwarded.non2xx + forwarded.errors,
      floor_p50: +(forwarded.latency.p50 - baseline.latency.p50).toFixed(2),
      floor_p99: +(forwarded.latency.p99 - baseline.latency.p99).toFixed(2),
      mcp_above_floor_p50: +(gateway.latency.p50 - forwarded.latency.p50).toFixed(2),
      mcp_above_floor_p99: +(gateway.latency.p99 - forwarded.latency.p99).toFixed(2),
    });
    callsMade += calls;
    const row = {
      connections,
      direct_p50: baseline.latency.p50,
      direct_p99: baseline.latency.p99,
      direct_rps: Math.round(baseline.requests.average),
      mcp_p50: gateway.latency.p50,
      mcp_p99: gateway.latency.p99,
      mcp_rps: Math.round(gateway.requests.average),
      overhead_p50: +(gateway.latency.p50 - baseline.latency.p50).toFixed(2),
      overhead_p99: +(gateway.latency.p99 - baseline.latency.p99).toFixed(2),
      ratio_p50: +(gateway.latency.p50 / Math.max(baseline.latency.p50, 0.01)).toFixed(2),
      errors: gateway.non2xx + gateway.errors,
      calls,
      audited: written,
      lost_audit: calls - written,
      rss_mb: Math.round(rss()),
    };
    rows.push(row);
  }

  // The same two calls at fixed offered loads, 64 connections, requests spaced evenly (open loop).
  const paced = [];
  const directFailed = (status, body) => status !== 200 || body.includes('<fault>');
  const mcpFailed = (status, body) => status !== 200 || body.includes('"isError":true') || body.includes('"error":{');
  for (const rate of RATES) {
    const before = await settledAuditCount();
    const common = { connections: PACED_CONNECTIONS, rate, durationS: DURATION_S };
    const baseline = await pacedLoad({ ...direct, ...common, failed: directFailed });
    const gateway = await pacedLoad({ ...viaMcp, ...common, failed: mcpFailed });
    const written = (await settledAuditCount()) - before;
    callsMade += gateway.answered;
    paced.push({
      offered_rps: rate,
      direct_p50: baseline.p50,
      direct_p99: baseline.p99,
      direct_rps: baseline.rate,
      mcp_p50: gateway.p50,
      mcp_p99: gateway.p99,
      mcp_max: gateway.max,
      mcp_rps: gateway.rate,
      overhead_p50: +(gateway.p50 - baseline.p50).toFixed(2),
      overhead_p99: +(gateway.p99 - baseline.p99).toFixed(2),
      direct_errors: baseline.errors,
      mcp_errors: gateway.errors,
      lost_audit: gateway.answered - written,
    });
    for (const failure of [...baseline.failures.map((text) => `direct: ${text}`), ...gateway.failures.map((text) => `/mcp: ${text}`)]) {
      console.log(`at ${rate} calls/s, a failed call: ${failure}`);
    }
  }
  const totalAudited = await settledAuditCount();
  await mongoClient.close();
  console.log(`audit: ${callsMade} tool calls made in all (warm-up included), ${totalAudited} audit records written, ${callsMade - totalAudited} lost`);
  console.log(`\nMCP gateway vs direct XML-RPC (Odoo test double, ${ODOO_LATENCY_MS} ms simulated latency, ${DURATION_S} s per run, latencies in ms)`);
  console.table(rows);
  console.log('\nThe floor: the direct call through a pass-through proxy (its own process, forwards and does nothing else); floor = proxy - direct (ms)');
  console.table(floorRows);
  console.log('\nCPU per call, in microseconds, by process (load = autocannon in this process; mongo = the audit database)');
  console.table(cpuRows);
  console.log(`\nAt fixed offered loads, ${PACED_CONNECTIONS} connections, requests spaced evenly; latency from when each call was due (ms)`);
  console.table(paced);
  // machine-readable, for 64 connections (or the first run when BENCH_CONNECTIONS leaves 64 out)
  const last = rows.find((row) => row.connections === 64) ?? rows[0];
  if (last)
    console.log(
      `bench: overhead_p50_ms=${last.overhead_p50} overhead_p99_ms=${last.overhead_p99} audited_calls_per_s=${last.mcp_rps} lost_audit=${last.lost_audit}`,
    );
} finally {
  await api.stop();
  await proxy.stop();
  await odoo.stop();
  await mongo.stop();
}
