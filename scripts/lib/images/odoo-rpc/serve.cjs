// Gantry TEST IMAGE ONLY (localhost/gantry-odoo-rpc): a workspace's "Odoo" web process that speaks
// Odoo's external API. It runs the project's Odoo XML-RPC test double (libs/testing) on the
// database named in odoo.conf, behind a small front on 8069 that also serves /web/login and
// /web/health like the stand-in. Nothing here pretends to be Odoo outside tests.
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const { OdooXmlRpcTestDouble, SEED_USERS } = require('@gantry/testing');

const confPath = process.argv[2] || '/etc/odoo/odoo.conf';
const conf = fs.readFileSync(confPath, 'utf8');
const confValue = (key) => (new RegExp(`^\\s*${key}\\s*=\\s*(.*)$`, 'm').exec(conf) || [])[1]?.trim();
const database = process.argv[3] || confValue('db_name') || 'odoo';
const log = (level, message) => process.stderr.write(`${new Date().toISOString().replace('T', ' ').slice(0, 19)} 1 ${level} ${database} odoo: ${message}\n`);

(async () => {
  // The admin password comes from the container's environment (tests pass a random one), as an
  // operator would set it in a real workspace database.
  const adminPassword = process.env.GANTRY_TEST_ODOO_ADMIN_PASSWORD;
  if (!adminPassword) throw new Error('GANTRY_TEST_ODOO_ADMIN_PASSWORD is not set');
  const users = SEED_USERS.map((user) => (user.login === 'admin' ? { ...user, password: adminPassword } : user));
  const double = new OdooXmlRpcTestDouble({ host: '127.0.0.1', port: 8070, database, serverVersion: '17.0', users });
  await double.start();
  const front = http.createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/web/login') {
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<html><body><form class="oe_login_form">Odoo (Gantry XML-RPC test image)</form></body></html>');
      return;
    }
    if (request.method === 'GET' && request.url === '/web/health') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status": "pass"}');
      return;
    }
    const upstream = http.request({ host: '127.0.0.1', port: 8070, method: request.method, path: request.url, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode || 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on('error', () => response.writeHead(502).end());
    request.pipe(upstream);
    log('INFO', `${request.method} ${request.url}`);
  });
  front.listen(8069, '0.0.0.0', () => log('INFO', `HTTP service (werkzeug) running on 0.0.0.0:8069, database ${database}`));
  const stop = () => {
    log('INFO', 'received signal, stopping');
    front.close();
    void double.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
})().catch((error) => {
  log('ERROR', error instanceof Error ? error.message : String(error));
  process.exit(1);
});
