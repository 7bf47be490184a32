// node scripts/bench/odoo-client.mjs: what one Odoo call costs the client (@gantry/odoo's XML-RPC
// transport: serialise, HTTP, parse), in CPU microseconds per call and calls per second.
// The Odoo test double runs in a process of its own (no latency), so only the client's CPU is
// counted. Runs the built libraries: npx tsc -p libs/odoo/tsconfig.json && npx tsc -p libs/testing/tsconfig.json
// BENCH_DURATION_S (default 4) per row; BENCH_ODOO_MODULE=<path to an @gantry/odoo index.js> benchmarks
// another build (e.g. a copy of the previous one) against the same double.
import '../check-node.mjs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startProcess } from '../lib/processes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 4);
const WARMUP_S = 1;
const CONCURRENCY = [1, 64];
const { OdooClient } = process.env.BENCH_ODOO_MODULE
  ? await import(pathToFileURL(path.resolve(process.env.BENCH_ODOO_MODULE)).href)
  : await import('@gantry/odoo');

// The double's own process (scripts/bench/odoo-double-process.mjs: @gantry/testing's OdooXmlRpcTestDouble, Odoo 17.0).
const odoo = startProcess('odoo', process.execPath, [path.join(root, 'scripts/bench/odoo-double-process.mjs')], { quiet: true, env: { ODOO_LATENCY_MS: '0' } });
const url = await new Promise((resolve, reject) => {
  odoo.child.stdout.on('data', (chunk) => {
    const match = /odoo-double (\S+)/.exec(chunk.toString());
    if (match) resolve(match[1]);
  });
  odoo.exited.then(() => reject(new Error(`the Odoo test double exited:\n${odoo.tail()}`)));
});

// As the API does: one client per connection, 64 pooled sockets.
const client = new OdooClient({ url, database: 'bench', login: 'admin', secret: 'admin', maxSockets: 64 });

/** Runs `call` from `concurrency` loops for `seconds`; CPU of this process only. */
async function measure(call, concurrency, seconds) {
  const deadline = performance.now() + seconds * 1000;
  let calls = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await call();
        calls += 1;
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  return { calls, cpuUsPerCall: (user + system) / calls, callsPerS: calls / elapsedS };
}

try {
  // 80 more partners, so that a search_read of 80 records with every field has 80 to return.
  await client.create(
    'res.partner',
    Array.from({ length: 80 }, (_, index) => ({ name: `Bench partner ${index}`, email: `bench${index}@example.com`, is_company: index % 2 === 0 })),
  );
  const scenarios = [
    {
      name: 'searchRead 10 (3 fields)',
      call: () => client.searchRead('res.partner', [['is_company', '=', true]], { fields: ['name', 'email', 'country_id'], limit: 10 }),
      expect: (rows) => rows.length === 10,
    },
    { name: 'search_read 80 (all fields)', call: () => client.searchRead('res.partner', [], { limit: 80 }), expect: (rows) => rows.length === 80 },
  ];
  const rows = [];
  for (const scenario of scenarios) {
    const sample = await scenario.call();
    if (!scenario.expect(sample)) throw new Error(`${scenario.name}: unexpected answer (${sample.length} records)`);
    for (const concurrency of CONCURRENCY) {
      await measure(scenario.call, concurrency, WARMUP_S);
      const result = await measure(scenario.call, concurrency, DURATION_S);
      rows.push({
        scenario: scenario.name,
        concurrency,
        calls: result.calls,
        cpu_us_per_call: Math.round(result.cpuUsPerCall),
        calls_per_s: Math.round(result.callsPerS),
      });
    }
  }
  console.log(`@gantry/odoo client CPU per call (${process.env.BENCH_ODOO_MODULE ?? '@gantry/odoo'}, Node ${process.version}, ${DURATION_S} s per row)`);
  console.table(rows);
  console.log(`BENCH_ODOO_CLIENT ${JSON.stringify(rows)}`);
} finally {
  client.close();
  await odoo.stop();
}
