import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { OdooClient } from '@gantry/odoo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRealOdooScript, realOdooAvailable, realOdooLog, RealOdooScript, startTestOdoo, TestOdoo } from '../../test/real-odoo';

/** The pids of running processes whose command line names `dir` (Odoo and postgres name their run directory). */
function processesUsing(dir: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** What scripts/lib/real-odoo.mjs promises: databases that are copies, and no process left behind, even by a killed run. */
describe.skipIf(!realOdooAvailable())('real Odoo harness', () => {
  let script: RealOdooScript;
  let odoo: TestOdoo;

  beforeAll(async () => {
    script = await loadRealOdooScript();
    odoo = await startTestOdoo();
  }, 10 * 60_000);
  afterAll(async () => {
    await odoo?.stop();
  });

  it('gives each suite a copy of the template: a change in one database is not in another', async () => {
    const other = odoo.createDatabase(`${odoo.database}_other`);
    const mine = new OdooClient({ url: odoo.url, database: odoo.database, login: 'admin', secret: 'admin' });
    const theirs = new OdooClient({ url: odoo.url, database: other, login: 'admin', secret: 'admin' });
    try {
      const id = await mine.create('res.partner', { name: 'Only in the first copy' });
      expect(await mine.searchCount('res.partner', [['name', '=', 'Only in the first copy']])).toBe(1);
      expect(await theirs.searchCount('res.partner', [['name', '=', 'Only in the first copy']])).toBe(0);
      expect(await theirs.searchCount('res.partner')).toBe(37);
      expect(id).toBeGreaterThan(41);
    } finally {
      mine.close();
      theirs.close();
      odoo.dropDatabase(other);
    }
  });

  it('counts the requests Odoo served, one log line each', async () => {
    const client = new OdooClient({ url: odoo.url, database: odoo.database, login: 'admin', secret: 'admin' });
    try {
      await client.authenticate();
      const mark = odoo.mark();
      await client.searchCount('res.partner');
      await client.version();
      const requests = odoo.requestsSince(mark);
      expect(requests.map(({ database, method, path, status }) => ({ database, method, path, status }))).toEqual([
        { database: odoo.database, method: 'POST', path: '/xmlrpc/2/object', status: 200 },
        { database: 'None', method: 'POST', path: '/xmlrpc/2/common', status: 200 },
      ]);
      expect(requests[0]!.queries).toBeGreaterThan(0);
    } finally {
      client.close();
    }
  });

  it('stop() leaves no process behind', async () => {
    const server = await script.startRealOdoo({ log: realOdooLog });
    const runDir = path.dirname(server.logFile);
    expect(processesUsing(runDir).length).toBeGreaterThanOrEqual(2); // Odoo and the postmaster at least
    await server.stop();
    expect(processesUsing(runDir)).toEqual([]);
  }, 60_000);

  it('a server whose test process was killed is stopped and cleared by the next start', async () => {
    // A separate Node process starts a server, reports where it runs, and is then killed outright.
    const scriptUrl = pathToFileURL(path.join(__dirname, '../../../../scripts/lib/real-odoo.mjs')).href;
    const starter = `import(${JSON.stringify(scriptUrl)})
      .then((m) => m.startRealOdoo({ log: () => undefined }))
      .then((server) => console.log(JSON.stringify({ logFile: server.logFile })));
      setInterval(() => undefined, 60_000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', starter], { stdio: ['ignore', 'pipe', 'inherit'] });
    const started = await new Promise<{ logFile: string }>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const line = output.split('\n').find((candidate) => candidate.startsWith('{"logFile"'));
        if (line) resolve(JSON.parse(line));
      });
      child.once('exit', (code) => reject(new Error(`the starter exited with ${code}`)));
    });
    const runDir = path.dirname(started.logFile);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(processesUsing(runDir).length).toBeGreaterThanOrEqual(2); // orphans: Odoo and postgres outlive their starter

    const next = await script.startRealOdoo({ log: realOdooLog });
    try {
      expect(processesUsing(runDir)).toEqual([]);
      expect(existsSync(runDir)).toBe(false);
    } finally {
      await next.stop();
    }
  }, 120_000);
});
