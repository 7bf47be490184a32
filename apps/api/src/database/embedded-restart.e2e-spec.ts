import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMongoServer } from '@gantry/mongo-server';
import { describe, expect, it } from 'vitest';
import { addMember, call, login, OWNER, startTestApp } from '../../test/test-app';

/**
 * The embedded default (`npm start` without MONGODB_URI): mongo-java-server with its H2 store.
 * Records written through the API survive stopping the server with SIGTERM and starting it again.
 */
describe('embedded database restart', () => {
  it('keeps every record written through the API across a SIGTERM restart of the embedded server', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gantry-h2-')), 'mongo.h2');
    const secrets = {
      JWT_SECRET: randomBytes(32).toString('hex'),
      COOKIE_SECRET: randomBytes(32).toString('hex'),
      ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    };

    const first = await startMongoServer({ backend: 'h2', file, log: () => undefined });
    const app = await startTestApp({ ...secrets, MONGODB_URI: `${first.uri}gantry` }, { database: 'gantry', keepDatabase: true });
    const owner = await login(app, OWNER.email, OWNER.password);
    const teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    const written = { teams: [] as string[], members: [] as string[] };
    for (let index = 0; index < 20; index += 1) {
      const team = await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: `Persisted ${index}` } });
      expect(team.status).toBe(201);
      written.teams.push(team.body.id);
    }
    for (let index = 0; index < 5; index += 1) {
      const member = await addMember(app, owner, teamId, { email: `kept${index}@example.com`, name: `Kept ${index}`, password: 'kept-password-1' }, 'member');
      written.members.push(member.userId);
    }
    await call(app, 'PUT', `/api/teams/${teamId}/odoo-connection`, {
      token: owner.token,
      body: { name: 'Survives', url: 'https://odoo.example.com', database: 'prod', login: 'bot', secret: 'kept-secret' },
    });
    await app.close();
    const stopped = await first.stop();
    expect(stopped.signal ?? stopped.code).toBeTruthy();

    const second = await startMongoServer({ backend: 'h2', file, log: () => undefined });
    try {
      const again = await startTestApp({ ...secrets, MONGODB_URI: `${second.uri}gantry` }, { database: 'gantry', keepDatabase: true });
      try {
        const signedIn = await login(again, OWNER.email, OWNER.password);
        const teams = (await call(again, 'GET', '/api/teams', { token: signedIn.token })).body.map((team: { id: string }) => team.id);
        expect(teams).toEqual(expect.arrayContaining([teamId, ...written.teams]));
        expect(teams).toHaveLength(21);
        const members = (await call(again, 'GET', `/api/teams/${teamId}/members`, { token: signedIn.token })).body.map(
          (member: { userId: string }) => member.userId,
        );
        expect(members).toEqual(expect.arrayContaining(written.members));
        const connection = await call(again, 'GET', `/api/teams/${teamId}/odoo-connection`, { token: signedIn.token });
        expect(connection.body).toMatchObject({ name: 'Survives', details: { login: 'bot', database: 'prod' } });
      } finally {
        await again.close();
      }
    } finally {
      await second.stop();
    }
  });
});
