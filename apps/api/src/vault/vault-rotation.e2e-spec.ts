import { randomBytes } from 'node:crypto';
import { OdooXmlRpcTestDouble } from '@gantry/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, login, OWNER, startTestApp, TestApp } from '../../test/test-app';
import { keyIdOf } from './vault';
import { VaultRotationService } from './vault-rotation.service';

/** Key rotation over a real database: key 1 → key 2 (key 1 as previous) → key 2 alone. */
describe('vault key rotation', () => {
  const key1 = randomBytes(32).toString('hex');
  const key2 = randomBytes(32).toString('hex');
  const database = `gantry-rotation-${randomBytes(4).toString('hex')}`;
  const apps: TestApp[] = [];
  let odoo: OdooXmlRpcTestDouble;
  let odooUrl: string;
  const teamIds: string[] = [];

  const start = async (env: Record<string, string>) => {
    const app = await startTestApp(env, { database, keepDatabase: true });
    apps.push(app);
    return app;
  };
  const stop = async (app: TestApp) => {
    await app.close();
    apps.splice(apps.indexOf(app), 1);
  };
  const keyIds = async (app: TestApp) =>
    (await app.db.collection('odoo_connections').find().toArray()).flatMap((doc) =>
      ['url', 'database', 'login', 'secret'].map((field) => String(doc[field]).split('$')[0]),
    );
  const readAll = async (app: TestApp) => {
    const owner = await login(app, OWNER.email, OWNER.password);
    return Promise.all(teamIds.map(async (teamId) => (await call(app, 'POST', `/api/teams/${teamId}/odoo-connection/test`, { token: owner.token })).body.ok));
  };

  beforeAll(async () => {
    odoo = new OdooXmlRpcTestDouble({ database: 'rotation-db' });
    odooUrl = (await odoo.start()).url;
    const app = await start({ ENCRYPTION_KEY: key1 });
    const owner = await login(app, OWNER.email, OWNER.password);
    for (let index = 0; index < 5; index += 1) {
      const team = await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: `Team ${index}` } });
      teamIds.push(team.body.id);
      const saved = await call(app, 'PUT', `/api/teams/${team.body.id}/odoo-connection`, {
        token: owner.token,
        body: { name: 'Odoo', url: odooUrl, database: 'rotation-db', login: 'admin', secret: 'admin' },
      });
      expect(saved.status).toBe(200);
    }
    expect(new Set(await keyIds(app))).toEqual(new Set([keyIdOf(Buffer.from(key1, 'hex'))]));
    await stop(app);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    const cleanup = await startTestApp({}, { database });
    await cleanup.close();
    await odoo.stop();
  });

  it('with key 2 current and key 1 previous, everything still decrypts', async () => {
    const app = await start({ ENCRYPTION_KEY: key2, ENCRYPTION_KEYS_PREVIOUS: key1 });
    expect(await readAll(app)).toEqual([true, true, true, true, true]);
    await stop(app);
  });

  it('without key 1 and before rotation, old secrets fail clearly (no silent garbage)', async () => {
    const app = await start({ ENCRYPTION_KEY: key2 });
    const owner = await login(app, OWNER.email, OWNER.password);
    const response = await call(app, 'POST', `/api/teams/${teamIds[0]}/odoo-connection/test`, { token: owner.token });
    expect(response.status).toBe(500);
    expect(response.body.error.message).toMatch(/not configured/);
    await stop(app);
  });

  it('a rotation stopped half way leaves every secret readable; running again finishes; a third run does nothing', async () => {
    const app = await start({ ENCRYPTION_KEY: key2, ENCRYPTION_KEYS_PREVIOUS: key1 });
    const rotation = app.nest.get(VaultRotationService);
    const partial = await rotation.rotate({ maxDocuments: 2 });
    expect(partial.rotated).toBe(2);
    expect(new Set(await keyIds(app)).size).toBe(2);
    expect(await readAll(app)).toEqual([true, true, true, true, true]);

    const rest = await rotation.rotate();
    // The OAuth signing key is the sixth secret: replaced under key 2 by the start without key 1, so already current.
    expect(rest).toMatchObject({ rotated: 3, alreadyCurrent: 3, conflicts: 0, failed: [] });
    expect(new Set(await keyIds(app))).toEqual(new Set([keyIdOf(Buffer.from(key2, 'hex'))]));
    expect(await rotation.rotate()).toMatchObject({ rotated: 0, alreadyCurrent: 6 });
    await stop(app);
  });

  it('after rotation, key 1 can be removed and everything still decrypts', async () => {
    const app = await start({ ENCRYPTION_KEY: key2 });
    expect(await readAll(app)).toEqual([true, true, true, true, true]);
    await stop(app);
  });
});
