import { OdooXmlRpcTestDouble, SEED_API_KEYS } from '@gantry/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config';
import { RecordingHttpServer } from '../../test/recording-http-server';
import { call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';

const ADMIN_KEY = SEED_API_KEYS.admin;

/** Odoo URLs under the SSRF guard: the test double and a non-Odoo listener on loopback stand in for internal services. */
describe('Odoo URLs and the SSRF guard', () => {
  let odoo: OdooXmlRpcTestDouble;
  let odooUrl: string;
  const internal = new RecordingHttpServer();
  /** ODOO_ALLOWED_HOSTS empty: public addresses only. */
  let strict: TestApp;
  let strictOwner: SignedInUser;
  let strictTeam: string;
  /** ODOO_ALLOWED_HOSTS=127.0.0.1, as every other suite runs. */
  let allowing: TestApp;
  let allowingOwner: SignedInUser;
  let allowingTeam: string;

  const input = (url: string) => ({ name: 'Odoo', url, database: odoo.database, login: 'admin', secret: ADMIN_KEY });
  const draftTest = (app: TestApp, owner: SignedInUser, teamId: string, url: string) =>
    call(app, 'POST', `/api/teams/${teamId}/odoo-connection/test`, { token: owner.token, body: input(url) });

  beforeAll(async () => {
    odoo = new OdooXmlRpcTestDouble({ serverVersion: '18.0', database: 'guarded-db' });
    odooUrl = (await odoo.start()).url;
    await internal.start();
    strict = await startTestApp({ ODOO_ALLOWED_HOSTS: '', ODOO_TIMEOUT_MS: '1500' });
    strictOwner = await login(strict, OWNER.email, OWNER.password);
    strictTeam = (await call(strict, 'GET', '/api/teams', { token: strictOwner.token })).body[0].id;
    allowing = await startTestApp({ ODOO_TIMEOUT_MS: '1500' });
    allowingOwner = await login(allowing, OWNER.email, OWNER.password);
    allowingTeam = (await call(allowing, 'GET', '/api/teams', { token: allowingOwner.token })).body[0].id;
  });
  afterAll(async () => {
    await strict.close();
    await allowing.close();
    await odoo.stop();
    await internal.stop();
  });

  it('without ODOO_ALLOWED_HOSTS, refuses to store or test loopback, private and link-local URLs, naming the setting', async () => {
    const saved = await call(strict, 'PUT', `/api/teams/${strictTeam}/odoo-connection`, { token: strictOwner.token, body: input(odooUrl) });
    expect(saved.status).toBe(422);
    expect(saved.body.error).toMatchObject({ code: 'URL_NOT_ALLOWED', fields: [{ path: 'url', message: expect.stringContaining('ODOO_ALLOWED_HOSTS') }] });

    for (const url of [odooUrl, internal.url, internal.url.replace('127.0.0.1', 'localhost'), 'http://10.0.0.1:8069', 'http://[::1]:8069']) {
      const tested = await draftTest(strict, strictOwner, strictTeam, url);
      expect(tested.status, url).toBe(200);
      expect(tested.body, url).toMatchObject({ ok: false, error: { code: 'URL_NOT_ALLOWED', message: expect.stringContaining('ODOO_ALLOWED_HOSTS') } });
    }
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://metadata.google.internal/', 'http://[fd00:ec2::254]/']) {
      const tested = await draftTest(strict, strictOwner, strictTeam, url);
      expect(tested.body, url).toMatchObject({ ok: false, error: { code: 'URL_NOT_ALLOWED', message: expect.stringContaining('never') } });
    }
    // Nothing was sent anywhere.
    expect(internal.received).toEqual([]);
    expect(odoo.callCount('common.version')).toBe(0);
  });

  it('with ODOO_ALLOWED_HOSTS, the listed host works, and link-local and metadata addresses are still refused', async () => {
    const tested = await draftTest(allowing, allowingOwner, allowingTeam, odooUrl);
    expect(tested.body).toMatchObject({ ok: true, serverVersion: '18.0' });
    for (const url of [
      'http://169.254.169.254/latest/meta-data',
      'http://metadata.google.internal/',
      'http://[::ffff:169.254.169.254]/',
      'http://10.0.0.1:8069',
    ]) {
      expect((await draftTest(allowing, allowingOwner, allowingTeam, url)).body, url).toMatchObject({ ok: false, error: { code: 'URL_NOT_ALLOWED' } });
    }
    const metadata = await call(allowing, 'PUT', `/api/teams/${allowingTeam}/odoo-connection`, {
      token: allowingOwner.token,
      body: input('http://169.254.169.254/'),
    });
    expect(metadata.status).toBe(422);
    // The setting itself cannot open them: the API refuses to start with such an entry.
    expect(() => loadConfig({ ...process.env, NODE_ENV: 'test', ODOO_ALLOWED_HOSTS: '127.0.0.1,169.254.169.254' })).toThrow(
      /ODOO_ALLOWED_HOSTS.*169\.254\.169\.254/,
    );
  });

  it('does not echo what a non-Odoo service answered: no status, content type, banner or body, one generic message', async () => {
    const tested = await draftTest(allowing, allowingOwner, allowingTeam, internal.url);
    expect(tested.body).toMatchObject({ ok: false, error: { code: 'ODOO_INVALID_RESPONSE' } });
    expect(tested.body.error.message).toBe(
      `There is no Odoo server at ${internal.url}: it did not answer like Odoo's external API. Check that this is the base URL of your Odoo, e.g. https://mycompany.odoo.com.`,
    );
    expect(JSON.stringify(tested.body)).not.toMatch(/418|Internal Admin Console|x-internal-banner|secret-internal-service|admin console/i);
  });

  it('checks a saved URL again whenever a client is opened: a connection saved while allowed is refused once it is not', async () => {
    await call(allowing, 'PUT', `/api/teams/${allowingTeam}/odoo-connection`, { token: allowingOwner.token, body: input(odooUrl) });
    const key = await call(allowing, 'POST', `/api/teams/${allowingTeam}/api-keys`, { token: allowingOwner.token, body: { name: 'assistant' } });
    // The same database and keys, served by an API whose ODOO_ALLOWED_HOSTS is empty.
    const restarted = await startTestApp(
      { ODOO_ALLOWED_HOSTS: '', ENCRYPTION_KEY: allowing.config.ENCRYPTION_KEY },
      { database: allowing.database, keepDatabase: true },
    );
    try {
      const before = odoo.callCount('common.authenticate');
      const response = await fetch(`${restarted.baseUrl}/mcp`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.body.secret}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'count_records', arguments: { model: 'res.partner' } } }),
      });
      const answer = (await response.json()) as { result: { isError?: boolean; content: Array<{ text: string }> } };
      expect(answer.result.isError).toBe(true);
      expect(answer.result.content[0]!.text).toContain('ODOO_ALLOWED_HOSTS');
      expect(odoo.callCount('common.authenticate')).toBe(before);
      const saved = await call(restarted, 'POST', `/api/teams/${allowingTeam}/odoo-connection/test`, {
        token: (await login(restarted, OWNER.email, OWNER.password)).token,
      });
      expect(saved.body).toMatchObject({ ok: false, error: { code: 'URL_NOT_ALLOWED' } });
    } finally {
      await restarted.close();
    }
  });
});
