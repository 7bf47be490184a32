import { OdooXmlRpcTestDouble, SEED_API_KEYS } from '@gantry/testing';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecordingHttpServer } from '../../test/recording-http-server';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';

/** Against the Odoo XML-RPC test double over real HTTP — the one stand-in, since no Odoo runs here. */
describe('Odoo connection', () => {
  let app: TestApp;
  let odoo: OdooXmlRpcTestDouble;
  let odooUrl: string;
  let owner: SignedInUser;
  let admin: SignedInUser;
  let member: SignedInUser;
  let teamId: string;
  const ADMIN_KEY = SEED_API_KEYS.admin;

  const input = () => ({ name: 'Production', url: odooUrl, database: odoo.database, login: 'admin', secret: ADMIN_KEY });

  beforeAll(async () => {
    odoo = new OdooXmlRpcTestDouble({ serverVersion: '18.0', database: 'acme-production-db' });
    odooUrl = (await odoo.start()).url;
    app = await startTestApp({ ODOO_TIMEOUT_MS: '1500' });
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    admin = await addMember(app, owner, teamId, { email: 'admin@example.com', name: 'Ada', password: 'admin-password-1' }, 'admin');
    member = await addMember(app, owner, teamId, { email: 'member@example.com', name: 'Max', password: 'member-password-1' }, 'member');
  });
  afterAll(async () => {
    await app.close();
    await odoo.stop();
  });

  it('creates, tests and reads back the connection masked', async () => {
    const saved = await call(app, 'PUT', `/api/teams/${teamId}/odoo-connection`, { token: admin.token, body: input() });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ name: 'Production', status: 'untested', host: new URL(odooUrl).host });
    expect(saved.body.details).toEqual({ url: odooUrl, database: odoo.database, login: 'admin', secretSet: true, secretMasked: '••••••••' });
    expect(JSON.stringify(saved.body)).not.toContain(ADMIN_KEY);

    const tested = await call(app, 'POST', `/api/teams/${teamId}/odoo-connection/test`, { token: admin.token });
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ ok: true, serverVersion: '18.0', uid: expect.any(Number), userName: expect.any(String), error: null });
    expect(tested.body.companies.length).toBeGreaterThan(0);

    const read = await call(app, 'GET', `/api/teams/${teamId}/odoo-connection`, { token: owner.token });
    expect(read.body).toMatchObject({ status: 'ok', serverVersion: '18.0', odooUser: { uid: tested.body.uid } });
    expect(read.body.lastCheckedAt).toBe(tested.body.checkedAt);
    expect(JSON.stringify(read.body)).not.toContain(ADMIN_KEY);
  });

  it('stores none of the URL, database, login or secret in plaintext', async () => {
    const raw = await app.db.collection('odoo_connections').find().toArray();
    expect(raw).toHaveLength(1);
    const dump = JSON.stringify(raw);
    for (const plaintext of [odooUrl, new URL(odooUrl).host, odoo.database, '"admin"', ADMIN_KEY]) expect(dump).not.toContain(plaintext);
    for (const field of ['url', 'database', 'login', 'secret']) expect(raw[0]![field]).toMatch(/^k[0-9a-f]{8}\$[0-9a-f]{32}:[0-9a-f]{32}:[0-9a-f]+$/);
  });

  it('members see name, host and status only, and cannot edit, test or delete', async () => {
    const read = await call(app, 'GET', `/api/teams/${teamId}/odoo-connection`, { token: member.token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ name: 'Production', host: new URL(odooUrl).host, status: 'ok' });
    expect(read.body.details).toBeUndefined();
    expect(JSON.stringify(read.body)).not.toContain(odoo.database);
    for (const [method, path, body] of [
      ['PUT', '', input()],
      ['PATCH', '', { secret: 'x' }],
      ['POST', '/test', undefined],
      ['DELETE', '', undefined],
    ] as const) {
      const response = await call(app, method, `/api/teams/${teamId}/odoo-connection${path}`, { token: member.token, body });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
  });

  it('explains each failure in words: wrong database, wrong credentials, wrong URL, timeout', async () => {
    const draft = (changes: Record<string, string>) => ({ ...input(), ...changes });
    const test = (body: unknown) => call(app, 'POST', `/api/teams/${teamId}/odoo-connection/test`, { token: admin.token, body });

    const wrongDb = await test(draft({ database: 'nope' }));
    expect(wrongDb.body).toMatchObject({ ok: false, error: { code: 'ODOO_DATABASE_NOT_FOUND' } });
    const wrongSecret = await test(draft({ secret: 'wrong-secret' }));
    expect(wrongSecret.body).toMatchObject({ ok: false, error: { code: 'ODOO_ACCESS_DENIED' } });
    expect(wrongSecret.body.error.message).not.toContain('wrong-secret');
    const refused = await test(draft({ url: 'http://127.0.0.1:9' }));
    expect(refused.body).toMatchObject({ ok: false, error: { code: 'ODOO_NETWORK' } });
    const tls = await test(draft({ url: odooUrl.replace('http:', 'https:') }));
    expect(tls.body).toMatchObject({ ok: false, error: { code: 'ODOO_NETWORK' } });
    expect(tls.body.error.message).toMatch(/TLS|SSL/i);
    odoo.hangNextCall();
    const timedOut = await test(draft({}));
    expect(timedOut.body).toMatchObject({ ok: false, error: { code: 'ODOO_TIMEOUT' } });
    expect(timedOut.body.durationMs).toBeGreaterThanOrEqual(1400);
    for (const response of [wrongDb, wrongSecret, refused, tls, timedOut]) {
      expect(response.status).toBe(200);
      expect(response.body.error.message.length).toBeGreaterThan(10);
    }
    // a draft test changes nothing that is stored
    expect((await call(app, 'GET', `/api/teams/${teamId}/odoo-connection`, { token: owner.token })).body.status).toBe('ok');
  });

  it('records a failed test of the saved connection', async () => {
    odoo.setUserCredentials('admin', { apiKeys: [] });
    try {
      const tested = await call(app, 'POST', `/api/teams/${teamId}/odoo-connection/test`, { token: admin.token });
      expect(tested.body).toMatchObject({ ok: false, error: { code: 'ODOO_ACCESS_DENIED' } });
      const read = await call(app, 'GET', `/api/teams/${teamId}/odoo-connection`, { token: member.token });
      expect(read.body).toMatchObject({ status: 'error', lastError: { code: 'ODOO_ACCESS_DENIED' } });
    } finally {
      odoo.setUserCredentials('admin', { apiKeys: [ADMIN_KEY] });
    }
  });

  it('validates input with field messages and refuses credentials inside the URL', async () => {
    const response = await call(app, 'PUT', `/api/teams/${teamId}/odoo-connection`, {
      token: admin.token,
      body: { name: '', url: 'ftp://x', database: '', login: 'a', secret: '', extra: true },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.fields.map((field: { path: string }) => field.path).sort()).toEqual(['database', 'extra', 'name', 'secret', 'url']);
    const notAUrl = await call(app, 'PUT', `/api/teams/${teamId}/odoo-connection`, { token: admin.token, body: { ...input(), url: 'odoo dot example' } });
    expect(notAUrl.status).toBe(400);
    expect(notAUrl.body.error.fields).toEqual([{ path: 'url', message: 'must be an absolute URL such as https://mycompany.odoo.com' }]);
    const withCredentials = await call(app, 'PUT', `/api/teams/${teamId}/odoo-connection`, {
      token: admin.token,
      body: { ...input(), url: 'https://user:pw@odoo.example.com' },
    });
    expect(withCredentials.status).toBe(400);
  });

  it('a partial update keeps the stored secret and resets the status', async () => {
    const updated = await call(app, 'PATCH', `/api/teams/${teamId}/odoo-connection`, { token: admin.token, body: { name: 'Prod EU' } });
    expect(updated.body).toMatchObject({ name: 'Prod EU' });
    const moved = await call(app, 'PATCH', `/api/teams/${teamId}/odoo-connection`, { token: admin.token, body: { login: 'admin' } });
    expect(moved.body.status).toBe('untested');
    const tested = await call(app, 'POST', `/api/teams/${teamId}/odoo-connection/test`, { token: admin.token });
    expect(tested.body.ok).toBe(true);
  });

  it('never sends the stored secret to another server: moving the URL or database needs the secret again', async () => {
    const elsewhere = new RecordingHttpServer({ answersVersion: true });
    await elsewhere.start();
    const patch = (body: unknown) => call(app, 'PATCH', `/api/teams/${teamId}/odoo-connection`, { token: admin.token, body });
    const test = (body?: unknown) => call(app, 'POST', `/api/teams/${teamId}/odoo-connection/test`, { token: admin.token, body });
    try {
      const moved = await patch({ url: elsewhere.url });
      expect(moved.status).toBe(422);
      expect(moved.body.error).toMatchObject({ code: 'ODOO_SECRET_REQUIRED', fields: [{ path: 'secret', message: 'is required when the URL changes' }] });
      const otherDatabase = await patch({ database: 'another-db', login: 'someone' });
      expect(otherDatabase.status).toBe(422);
      expect(otherDatabase.body.error.fields).toEqual([{ path: 'secret', message: 'is required when the database changes' }]);
      // Nothing moved: the saved connection still tests against its own server.
      expect((await call(app, 'GET', `/api/teams/${teamId}/odoo-connection`, { token: admin.token })).body.details).toMatchObject({
        url: odooUrl,
        database: odoo.database,
        login: 'admin',
      });
      expect((await test()).body.ok).toBe(true);
      // A draft without a secret is refused, never completed with the stored one.
      const draft = await test({ name: 'Elsewhere', url: elsewhere.url, database: odoo.database, login: 'admin' });
      expect(draft.status).toBe(400);
      expect(draft.body.error.fields).toEqual([{ path: 'secret', message: expect.any(String) }]);
      // Re-sending the same URL is no move.
      expect((await patch({ url: odooUrl, name: 'Production' })).status).toBe(200);
      expect(elsewhere.received).toEqual([]);

      // With the secret in the same request the connection moves, and only that secret goes there.
      expect((await patch({ url: elsewhere.url, secret: 'the-secret-for-elsewhere' })).status).toBe(200);
      expect((await test()).body.ok).toBe(false);
      expect(elsewhere.dump).toContain('the-secret-for-elsewhere');
      expect(elsewhere.dump).not.toContain(ADMIN_KEY);
    } finally {
      await call(app, 'PUT', `/api/teams/${teamId}/odoo-connection`, { token: admin.token, body: input() });
      await elsewhere.stop();
    }
  });

  it("unlinks members' own Odoo logins when the connection moves, so they never reach the new server", async () => {
    const elsewhere = new RecordingHttpServer({ answersVersion: true });
    await elsewhere.start();
    try {
      const linked = await call(app, 'PUT', `/api/teams/${teamId}/odoo-identity`, { token: member.token, body: { login: 'demo', secret: SEED_API_KEYS.demo } });
      expect(linked.body.linked).toBe(true);
      const key = await call(app, 'POST', `/api/teams/${teamId}/api-keys`, { token: member.token, body: { name: 'assistant' } });
      const count = () =>
        fetch(`${app.baseUrl}/mcp`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key.body.secret}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'count_records', arguments: { model: 'res.partner' } } }),
        }).then((response) => response.json() as Promise<any>);

      expect((await count()).result.isError).toBeFalsy();
      expect(
        (
          await call(app, 'PATCH', `/api/teams/${teamId}/odoo-connection`, {
            token: admin.token,
            body: { url: elsewhere.url, secret: 'team-secret-for-elsewhere' },
          })
        ).status,
      ).toBe(200);
      expect((await call(app, 'GET', `/api/teams/${teamId}/odoo-identity`, { token: member.token })).body.linked).toBe(false);
      expect(await app.db.collection('odoo_identities').countDocuments()).toBe(0);
      // The gateway re-reads credentials every few seconds; wait that out, then call through the moved connection.
      await new Promise((resolve) => setTimeout(resolve, 5_500));
      expect((await count()).result.isError).toBe(true);
      expect(elsewhere.dump).toContain('team-secret-for-elsewhere');
      expect(elsewhere.dump).not.toContain(SEED_API_KEYS.demo);
    } finally {
      await call(app, 'PUT', `/api/teams/${teamId}/odoo-connection`, { token: admin.token, body: input() });
      await elsewhere.stop();
    }
  });

  it('tampering with one byte of stored ciphertext gives a clear error and no data', async () => {
    const [stored] = await app.db.collection('odoo_connections').find().toArray();
    const original = stored!.secret as string;
    const last = original.at(-1) === '0' ? '1' : '0';
    await app.db.collection('odoo_connections').updateOne({ _id: stored!._id }, { $set: { secret: original.slice(0, -1) + last } });
    try {
      const tested = await call(app, 'POST', `/api/teams/${teamId}/odoo-connection/test`, { token: admin.token });
      expect(tested.status).toBe(500);
      expect(tested.body.error).toEqual({ code: 'INTERNAL', message: 'Stored secret failed its integrity check (tampered or moved); it was not used' });
      expect(JSON.stringify(tested.body)).not.toMatch(/[0-9a-f]{32}/);
    } finally {
      await app.db.collection('odoo_connections').updateOne({ _id: stored!._id }, { $set: { secret: original } });
    }
    expect((await call(app, 'POST', `/api/teams/${teamId}/odoo-connection/test`, { token: admin.token })).body.ok).toBe(true);
  });

  it('ciphertext copied from another team does not decrypt there', async () => {
    const other = (await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Other team' } })).body.id;
    await call(app, 'PUT', `/api/teams/${other}/odoo-connection`, { token: owner.token, body: { ...input(), secret: 'other-secret' } });
    const mine = await app.db.collection('odoo_connections').findOne({ teamId: new ObjectId(teamId) });
    await app.db.collection('odoo_connections').updateOne({ teamId: new ObjectId(other) }, { $set: { secret: mine!.secret } });
    const tested = await call(app, 'POST', `/api/teams/${other}/odoo-connection/test`, { token: owner.token });
    expect(tested.body.error.message).toMatch(/integrity check/);
  });

  it("another team's admin cannot see or touch it (404)", async () => {
    const founder = await addMember(app, owner, teamId, { email: 'f@example.com', name: 'F', password: 'founder-password' }, 'member');
    const theirTeam = (await call(app, 'POST', '/api/teams', { token: founder.token, body: { name: 'Theirs' } })).body.id;
    await call(app, 'DELETE', `/api/teams/${teamId}/members/${founder.userId}`, { token: owner.token });
    expect(theirTeam).toBeTruthy();
    for (const method of ['GET', 'PUT', 'PATCH', 'DELETE'] as const) {
      const response = await call(app, method, `/api/teams/${teamId}/odoo-connection`, {
        token: founder.token,
        body: method === 'GET' || method === 'DELETE' ? undefined : input(),
      });
      expect(response.status).toBe(404);
    }
  });

  it('deletes the connection with its ciphertext', async () => {
    expect((await call(app, 'DELETE', `/api/teams/${teamId}/odoo-connection`, { token: owner.token })).status).toBe(204);
    expect(await app.db.collection('odoo_connections').countDocuments({ teamId: new ObjectId(teamId) })).toBe(0);
    expect((await call(app, 'GET', `/api/teams/${teamId}/odoo-connection`, { token: owner.token })).status).toBe(404);
  });
});
