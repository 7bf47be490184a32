// The XML-RPC test image as the workspace suites use it: what goes into it comes from the
// dependency tree of @gantry/testing (not a hand-kept list), and a container of it starts and
// answers real XML-RPC calls on 8069.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePodman, podman } from '../../podman.mjs';
import { ensureOdooRpcImage } from '../../workspace-images.mjs';
import { odooRpc, runtimePackages } from './recipe.mjs';

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const xmlCall = (method, params) =>
  `<?xml version="1.0"?><methodCall><methodName>${method}</methodName><params>${params.map((value) => `<param><value><string>${value}</string></value></param>`).join('')}</params></methodCall>`;

async function xmlrpc(url, method, params) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xmlCall(method, params) });
  return { status: response.status, body: await response.text() };
}

describe('the gantry-odoo-rpc test image', () => {
  const name = `gantry-rpc-image-test-${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let base = '';

  beforeAll(async () => {
    await ensurePodman({ log: () => undefined });
    const image = ensureOdooRpcImage({ log: () => undefined });
    const port = await freePort();
    podman([
      'run',
      '--detach',
      '--name',
      name,
      '--publish',
      `127.0.0.1:${port}:8069`,
      '--env',
      `GANTRY_TEST_ODOO_ADMIN_PASSWORD=${password}`,
      image,
      'sh',
      '-c',
      'printf "[options]\\ndb_name = imagetest\\n" > /tmp/odoo.conf && exec odoo -c /tmp/odoo.conf',
    ]);
    base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ok = await fetch(`${base}/web/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`the container did not answer within 60 s:\n${podman(['logs', name])}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  afterAll(() => {
    podman(['rm', '--force', '--time', '0', name]);
  });

  it('takes its packages from the dependency tree: saxes and what saxes needs are in, type-only packages are not', () => {
    const targets = runtimePackages().map((pkg) => pkg.target);
    expect(targets).toEqual(expect.arrayContaining(['node_modules/@gantry/testing', 'node_modules/saxes', 'node_modules/xmlchars', 'node_modules/xmlrpc']));
    expect(targets.filter((target) => target.includes('@types/'))).toEqual([]);
    const labels = odooRpc.inputs().map(([label]) => label);
    expect(labels).toEqual(expect.arrayContaining(['lock:node_modules/saxes', 'lock:node_modules/xmlchars']));
  });

  it('starts and answers common.version and common.authenticate over XML-RPC', async () => {
    const version = await xmlrpc(`${base}/xmlrpc/2/common`, 'version', []);
    expect(version.status).toBe(200);
    expect(version.body).toMatch(/<name>server_version<\/name>\s*<value><string>17\.0<\/string>/);

    const uid = await xmlrpc(`${base}/xmlrpc/2/common`, 'authenticate', ['imagetest', 'admin', password, '']);
    expect(uid.body).toMatch(/<int>2<\/int>/);
    const refused = await xmlrpc(`${base}/xmlrpc/2/common`, 'authenticate', ['imagetest', 'admin', 'wrong', '']);
    expect(refused.body).toMatch(/<boolean>0<\/boolean>/);
  });
});
