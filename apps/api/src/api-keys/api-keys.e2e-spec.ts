import { createHash } from 'node:crypto';
import { apiKeySchema, createdApiKeySchema } from '@gantry/contracts';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';
import { ApiKeysService } from './api-keys.service';

const KEY_FORMAT = /^gnt_live_[0-9A-Za-z]{43}$/;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const basic = (username: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` });

describe('API keys (real HTTP, real MongoDB-wire server)', () => {
  let app: TestApp;
  let owner: SignedInUser;
  let admin: SignedInUser;
  let member: SignedInUser;
  let teamId: string;
  let otherTeamId: string;
  let people = 0;

  const keysUrl = (team = teamId) => `/api/teams/${team}/api-keys`;
  const createKey = (user: SignedInUser, body: unknown = { name: 'CI' }, team = teamId) => call(app, 'POST', keysUrl(team), { token: user.token, body });
  const listKeys = (user: SignedInUser, query = '') => call(app, 'GET', `${keysUrl()}${query}`, { token: user.token });
  const revokeKey = (user: SignedInUser, keyId: string, team = teamId) => call(app, 'DELETE', `${keysUrl(team)}/${keyId}`, { token: user.token });
  const members = (headers: Record<string, string>, team = teamId) => call(app, 'GET', `/api/teams/${team}/members`, { headers });
  const newMember = () => {
    people += 1;
    return addMember(app, owner, teamId, { email: `person${people}@example.com`, name: `Person ${people}`, password: 'person-password-1' }, 'member');
  };
  /** A key for REST calls: `audit` lets it read the member list (members.read), which the tests below use to see whether it works. */
  async function newKey(user: SignedInUser, body: unknown = { name: 'CI', scopes: ['audit'] }): Promise<{ id: string; secret: string }> {
    const response = await createKey(user, body);
    expect(response.status).toBe(201);
    return response.body;
  }

  beforeAll(async () => {
    app = await startTestApp();
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    admin = await addMember(app, owner, teamId, { email: 'admin@example.com', name: 'Ada Admin', password: 'admin-password-1' }, 'admin');
    member = await addMember(app, owner, teamId, { email: 'member@example.com', name: 'Max Member', password: 'member-password-1' }, 'member');
    // The owner belongs to this second team too, so only the key's team binding keeps a key out of it.
    otherTeamId = (await call(app, 'POST', '/api/teams', { token: owner.token, body: { name: 'Beta Corp' } })).body.id;
  });
  afterAll(() => app.close());

  describe('creating and listing', () => {
    it('shows the secret once, with the default scopes, and stores only its SHA-256', async () => {
      const response = await createKey(member, { name: '  Cursor on my laptop ' });
      expect(response.status).toBe(201);
      const created = createdApiKeySchema.parse(response.body);
      expect(created.secret).toMatch(KEY_FORMAT);
      expect(created).toMatchObject({
        name: 'Cursor on my laptop',
        prefix: created.secret.slice(0, 'gnt_live_'.length + 8),
        scopes: ['query', 'read', 'schema'],
        owner: { id: member.userId, name: 'Max Member', email: member.email },
        expiresAt: null,
        lastUsedAt: null,
        revokedAt: null,
      });

      const list = await listKeys(member);
      expect(list.status).toBe(200);
      const listed = list.body.find((key: { id: string }) => key.id === created.id);
      const { secret: _secret, ...withoutSecret } = created;
      expect(apiKeySchema.strict().parse(listed)).toEqual(withoutSecret);
      expect(JSON.stringify(list.body)).not.toContain(created.secret.slice('gnt_live_'.length));

      const raw = await app.db.collection('api_keys').find().toArray();
      const stored = raw.find((key) => key._id.toString() === created.id)!;
      expect(stored.keyHash).toBe(sha256(created.secret));
      expect(stored.prefixId).toBe(created.secret.slice(9, 17));
      expect(Object.keys(stored).sort()).toEqual(
        [
          '__v',
          '_id',
          'createdAt',
          'expiresAt',
          'keyHash',
          'lastUsedAt',
          'models',
          'name',
          'prefixId',
          'revokedAt',
          'scopes',
          'teamId',
          'tools',
          'userId',
        ].sort(),
      );
      const dump = JSON.stringify(raw);
      expect(dump).not.toContain(created.secret);
      expect(dump).not.toContain(created.secret.slice(17));
    });

    it('gives every key a different secret and a unique hash index', async () => {
      const secrets = await Promise.all([1, 2, 3].map(async () => (await newKey(member)).secret));
      expect(new Set(secrets).size).toBe(3);
      const indexes = await app.db.collection('api_keys').indexes();
      expect(indexes.find((index) => index.key.keyHash === 1)).toMatchObject({ unique: true });
    });

    it('accepts chosen scopes and a future expiry', async () => {
      const expiresAt = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
      const response = await createKey(admin, { name: 'Nightly export', scopes: ['read', 'write', 'execute'], expiresAt });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ scopes: ['read', 'write', 'execute'], expiresAt });
    });

    it("gives a key only the scopes the creator's role allows, and narrows it when the owner is demoted", async () => {
      const refused = await createKey(member, { name: 'too much', scopes: ['read', 'delete', 'execute'] });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain('delete, execute');
      expect((await createKey(member, { name: 'enough', scopes: ['query', 'read', 'create', 'write', 'schema', 'workspaces'] })).status).toBe(201);

      const promoted = await newMember();
      expect((await call(app, 'PATCH', `/api/teams/${teamId}/members/${promoted.userId}`, { token: owner.token, body: { role: 'admin' } })).status).toBe(200);
      const key = await newKey(promoted, { name: 'admin key', scopes: ['read', 'delete'] });
      const toolNames = async () => {
        const response = await fetch(`${app.baseUrl}/mcp`, {
          method: 'POST',
          headers: { ...bearer(key.secret), 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
        });
        return ((await response.json()) as { result: { tools: Array<{ name: string }> } }).result.tools.map((tool) => tool.name);
      };
      expect(await toolNames()).toContain('delete_record');
      expect((await call(app, 'PATCH', `/api/teams/${teamId}/members/${promoted.userId}`, { token: owner.token, body: { role: 'member' } })).status).toBe(200);
      const after = await toolNames();
      expect(after).not.toContain('delete_record');
      expect(after).toContain('get_record');
    });

    it('refuses bad input with 400 and the path of each field, writing nothing', async () => {
      const before = await app.db.collection('api_keys').countDocuments();
      const cases: Array<[unknown, string[]]> = [
        [{}, ['name']],
        [{ name: '   ' }, ['name']],
        [{ name: 'x'.repeat(81) }, ['name']],
        [{ name: 'k', scopes: ['read', 'root'] }, ['scopes.1']],
        [{ name: 'k', scopes: [] }, ['scopes']],
        [{ name: 'k', scopes: ['read', 'read'] }, ['scopes']],
        [{ name: 'k', scopes: 'read' }, ['scopes']],
        [{ name: 'k', expiresAt: new Date(Date.now() - 60_000).toISOString() }, ['expiresAt']],
        [{ name: 'k', expiresAt: 'next tuesday' }, ['expiresAt']],
        [{ name: 'k', userId: admin.userId }, ['userId']],
      ];
      for (const [body, paths] of cases) {
        const response = await createKey(member, body);
        expect(response.status, JSON.stringify(body)).toBe(400);
        expect(response.body.error.code).toBe('VALIDATION_FAILED');
        expect(response.body.error.fields.map((field: { path: string }) => field.path).sort(), JSON.stringify(body)).toEqual(paths);
      }
      const past = await createKey(member, { name: 'k', expiresAt: '2020-01-01T00:00:00Z' });
      expect(past.body.error.fields).toEqual([{ path: 'expiresAt', message: 'must be in the future' }]);
      expect(await app.db.collection('api_keys').countDocuments()).toBe(before);
    });

    it('shows members their own keys and owners and admins every key of the team', async () => {
      const adminKey = await newKey(admin, { name: 'admin key' });
      const memberKey = await newKey(member, { name: 'member key' });
      const ownerKey = await newKey(owner, { name: 'owner key' });
      const ids = async (user: SignedInUser) => (await listKeys(user)).body.map((key: { id: string }) => key.id);

      const seenByMember = await listKeys(member);
      expect(seenByMember.body.length).toBeGreaterThan(0);
      expect(seenByMember.body.every((key: { owner: { id: string } }) => key.owner.id === member.userId)).toBe(true);
      expect(seenByMember.body.map((key: { id: string }) => key.id)).toContain(memberKey.id);
      for (const user of [admin, owner]) expect(await ids(user)).toEqual(expect.arrayContaining([adminKey.id, memberKey.id, ownerKey.id]));
      // newest first
      const createdAts = (await listKeys(owner)).body.map((key: { createdAt: string }) => key.createdAt);
      expect(createdAts).toEqual([...createdAts].sort().reverse());
    });

    it('hides revoked keys unless ?includeRevoked=true', async () => {
      const key = await newKey(member, { name: 'soon revoked' });
      expect((await revokeKey(member, key.id)).status).toBe(204);
      const ids = async (query: string) => (await listKeys(member, query)).body.map((listed: { id: string }) => listed.id);
      expect(await ids('')).not.toContain(key.id);
      expect(await ids('?includeRevoked=false')).not.toContain(key.id);
      const withRevoked = await listKeys(member, '?includeRevoked=true');
      expect(withRevoked.body.find((listed: { id: string }) => listed.id === key.id)).toMatchObject({ revokedAt: expect.any(String) });
      const bad = await listKeys(member, '?includeRevoked=yes');
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].path).toBe('includeRevoked');
    });
  });

  describe('revoking', () => {
    it('lets anyone revoke their own key, idempotently; unknown ids are 404', async () => {
      const key = await newKey(member);
      expect((await revokeKey(member, key.id)).status).toBe(204);
      const revokedAt = (await app.db.collection('api_keys').findOne({ _id: new mongoose.Types.ObjectId(key.id) }))!.revokedAt;
      expect(revokedAt).toBeInstanceOf(Date);
      expect((await revokeKey(member, key.id)).status).toBe(204);
      // a second revocation keeps the first time
      expect((await app.db.collection('api_keys').findOne({ _id: new mongoose.Types.ObjectId(key.id) }))!.revokedAt).toEqual(revokedAt);
      for (const unknown of [new mongoose.Types.ObjectId().toString(), 'not-an-id']) {
        const response = await revokeKey(member, unknown);
        expect(response.status).toBe(404);
        expect(response.body.error.code).toBe('NOT_FOUND');
        expect((await revokeKey(member, unknown)).status).toBe(404);
      }
    });

    it("needs apiKeys.manage for another member's key: member 403, admin and owner 204", async () => {
      const adminKey = await newKey(admin);
      const denied = await revokeKey(member, adminKey.id);
      expect(denied.status).toBe(403);
      expect(denied.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('apiKeys.manage') });
      expect((await members(bearer(adminKey.secret))).status).toBe(200);

      const memberKey = await newKey(member);
      expect((await revokeKey(admin, memberKey.id)).status).toBe(204);
      const otherMemberKey = await newKey(member);
      expect((await revokeKey(owner, otherMemberKey.id)).status).toBe(204);
    });

    it("answers 404 for another team's key and for a team the caller is not in", async () => {
      const foreignKey = (await createKey(owner, { name: 'beta key', scopes: ['audit'] }, otherTeamId)).body;
      expect((await revokeKey(owner, foreignKey.id)).status).toBe(404);
      expect((await revokeKey(admin, foreignKey.id)).status).toBe(404);
      expect((await listKeys(owner)).body.map((key: { id: string }) => key.id)).not.toContain(foreignKey.id);
      // admin is not a member of Beta Corp
      expect((await call(app, 'GET', keysUrl(otherTeamId), { token: admin.token })).status).toBe(404);
      expect((await createKey(admin, { name: 'sneaky' }, otherTeamId)).status).toBe(404);
      expect((await revokeKey(admin, foreignKey.id, otherTeamId)).status).toBe(404);
      expect((await members(bearer(foreignKey.secret), otherTeamId)).status).toBe(200);
    });
  });

  describe('authenticating REST calls with a key', () => {
    it('accepts the key as a Bearer token and as the password of HTTP Basic with the owner email', async () => {
      const key = await newKey(member);
      const viaBearer = await members(bearer(key.secret));
      expect(viaBearer.status).toBe(200);
      expect(viaBearer.body.map((person: { email: string }) => person.email)).toContain(member.email);
      expect((await members(basic(member.email, key.secret))).status).toBe(200);
      expect((await members(basic('MEMBER@Example.COM', key.secret))).status).toBe(200);
      expect((await members({ authorization: `basic   ${Buffer.from(`${member.email}:${key.secret}`).toString('base64')}` })).status).toBe(200);
    });

    it('refuses a wrong Basic username, a malformed header, a non-key password and an unknown key with 401', async () => {
      const key = await newKey(member);
      const wrongUser = await members(basic(admin.email, key.secret));
      expect(wrongUser.status).toBe(401);
      expect(wrongUser.body.error).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/owner's email/) });
      const accountPassword = await members(basic(member.email, 'member-password-1'));
      expect(accountPassword.body.error.message).toMatch(/API key .* as the password/);
      for (const headers of [
        basic('', key.secret),
        basic(member.email, 'member-password-1'),
        basic(member.email, `${key.secret}x`),
        { authorization: 'Basic !!!not-base64!!!' },
        { authorization: `Basic ${Buffer.from(key.secret).toString('base64')}` },
        bearer(`gnt_live_${'A'.repeat(43)}`),
        bearer(key.secret.slice(0, -1)),
        bearer(`${key.secret.slice(0, -1)}${key.secret.endsWith('a') ? 'b' : 'a'}`),
      ]) {
        const response = await members(headers);
        expect(response.status, headers.authorization).toBe(401);
        expect(response.body.error.code).toBe('UNAUTHENTICATED');
      }
    });

    it('refuses a revoked key on the very next request', async () => {
      const key = await newKey(member);
      expect((await members(bearer(key.secret))).status).toBe(200);
      expect((await revokeKey(member, key.id)).status).toBe(204);
      const after = await members(bearer(key.secret));
      expect(after.status).toBe(401);
      expect(after.body.error.message).toMatch(/revoked/);
      expect((await members(basic(member.email, key.secret))).status).toBe(401);
    });

    it('lets a key with the admin scope revoke itself; a key without it cannot', async () => {
      const readOnly = await newKey(member);
      expect((await call(app, 'DELETE', `${keysUrl()}/${readOnly.id}`, { headers: bearer(readOnly.secret) })).status).toBe(403);
      const key = await newKey(admin, { name: 'self-destruct', scopes: ['admin', 'audit'] });
      expect((await call(app, 'DELETE', `${keysUrl()}/${key.id}`, { headers: bearer(key.secret) })).status).toBe(204);
      expect((await members(bearer(key.secret))).status).toBe(401);
    });

    it('refuses a key once it has expired', async () => {
      // the key is used (and so cached) before it expires; expiry must still hold to the second
      const expiresAt = new Date(Date.now() + 1_500);
      const key = await newKey(member, { name: 'short-lived', scopes: ['audit'], expiresAt: expiresAt.toISOString() });
      expect((await members(bearer(key.secret))).status).toBe(200);
      expect((await members(bearer(key.secret))).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 50));
      expect((await members(bearer(key.secret))).status).toBe(401);
    });

    it("refuses a key whose owner was removed from the key's team", async () => {
      const leaver = await newMember();
      const key = await newKey(leaver);
      expect((await members(bearer(key.secret))).status).toBe(200);
      expect((await call(app, 'DELETE', `/api/teams/${teamId}/members/${leaver.userId}`, { token: owner.token })).status).toBe(204);
      expect((await members(bearer(key.secret))).status).toBe(401);
      expect((await members(basic(leaver.email, key.secret))).status).toBe(401);
      // the removal revoked the key: inviting the person back does not revive it
      const again = await call(app, 'POST', `/api/teams/${teamId}/invitations`, { token: owner.token, body: { email: leaver.email } });
      const token = String(again.body.acceptUrl).split('/invitations/')[1];
      expect((await call(app, 'POST', `/api/invitations/${token}/join`, { token: leaver.token })).status).toBe(200);
      expect((await members(bearer(key.secret))).status).toBe(401);
      const stored = await app.db.collection('api_keys').findOne({ _id: new mongoose.Types.ObjectId(key.id) });
      expect(stored!.revokedAt).toBeInstanceOf(Date);
    });

    it('a role change takes effect on the very next request, despite the credential cache', async () => {
      const changing = await newMember();
      expect((await call(app, 'PATCH', `/api/teams/${teamId}/members/${changing.userId}`, { token: owner.token, body: { role: 'admin' } })).status).toBe(200);
      const key = await newKey(changing, { name: 'admin work', scopes: ['admin'] });
      const invite = () => call(app, 'POST', `/api/teams/${teamId}/invitations`, { headers: bearer(key.secret), body: { email: 'via-key@example.com' } });
      expect((await invite()).status).toBe(201);
      expect((await call(app, 'PATCH', `/api/teams/${teamId}/members/${changing.userId}`, { token: owner.token, body: { role: 'member' } })).status).toBe(200);
      const demoted = await invite();
      expect(demoted.status).toBe(403);
      expect(demoted.body.error.message).toMatch(/member/);
      // Promoting them back does not need a new key: the key's own scopes were never widened, only capped by the role.
      expect((await call(app, 'PATCH', `/api/teams/${teamId}/members/${changing.userId}`, { token: owner.token, body: { role: 'admin' } })).status).toBe(200);
      expect((await invite()).status).toBe(201);
    });

    it("answers 404 when a key addresses another team's URL, even one its owner belongs to", async () => {
      const key = await newKey(owner, { name: 'acme only', scopes: ['audit'] });
      expect((await members(bearer(key.secret))).status).toBe(200);
      expect((await call(app, 'GET', `/api/teams/${otherTeamId}/members`, { token: owner.token })).status).toBe(200);
      for (const path of [`/api/teams/${otherTeamId}`, `/api/teams/${otherTeamId}/members`, keysUrl(otherTeamId)]) {
        const response = await call(app, 'GET', path, { headers: bearer(key.secret) });
        expect(response.status, path).toBe(404);
        expect(response.body.error.code).toBe('NOT_FOUND');
      }
      expect((await call(app, 'GET', `/api/teams/${teamId.toUpperCase()}`, { headers: bearer(key.secret) })).status).toBe(200);
    });

    it("acts with the owner's role in the key's team", async () => {
      const memberKey = await newKey(member);
      const patch = await call(app, 'PATCH', `/api/teams/${teamId}`, { headers: bearer(memberKey.secret), body: { name: 'Renamed' } });
      expect(patch.status).toBe(403);
      const adminKey = await newKey(admin, { name: 'admin work', scopes: ['admin'] });
      const invite = await call(app, 'POST', `/api/teams/${teamId}/invitations`, { headers: bearer(adminKey.secret), body: { email: 'by-key@example.com' } });
      expect(invite.status).toBe(201);
    });

    it('may ask who it is, but not manage sessions, teams or other keys', async () => {
      const key = await newKey(member);
      const me = await call(app, 'GET', '/api/auth/me', { headers: bearer(key.secret) });
      expect(me.status).toBe(200);
      expect(me.body.user).toEqual({ id: member.userId, email: member.email, name: 'Max Member' });
      for (const [method, path] of [
        ['GET', '/api/auth/sessions'],
        ['DELETE', `/api/auth/sessions/${new mongoose.Types.ObjectId()}`],
        ['GET', '/api/teams'],
        ['POST', '/api/teams'],
      ] as const) {
        const response = await call(app, method, path, { headers: bearer(key.secret), body: method === 'POST' ? { name: 'Key Corp' } : undefined });
        expect(response.status, `${method} ${path}`).toBe(403);
        expect(response.body.error.message).toMatch(/dashboard sign-in/);
      }
      const mint = await call(app, 'POST', keysUrl(), { headers: bearer(key.secret), body: { name: 'successor' } });
      expect(mint.status).toBe(403);
      expect(mint.body.error.message).toMatch(/dashboard sign-in.*create an API key/);
      // Listing keys is administration: it needs the admin scope, which a member cannot put on a key.
      const list = await call(app, 'GET', keysUrl(), { headers: bearer(key.secret) });
      expect(list.status).toBe(403);
      expect(list.body.error.code).toBe('INSUFFICIENT_SCOPE');
      // logout is public and ends dashboard sessions only: the key keeps working
      expect((await call(app, 'POST', '/api/auth/logout', { headers: bearer(key.secret) })).status).toBe(204);
      expect((await members(bearer(key.secret))).status).toBe(200);
      // sessions keep working as before
      expect((await call(app, 'GET', '/api/auth/sessions', { token: member.token })).status).toBe(200);
    });

    it('records the last use after a flush, not on the request', async () => {
      const service = app.nest.get(ApiKeysService);
      // Stops the periodic flush (and writes what is queued), so only the explicit flush below can write.
      await service.onApplicationShutdown();
      const key = await newKey(member, { name: 'used', scopes: ['audit'] });
      const before = Date.now();
      expect((await members(bearer(key.secret))).status).toBe(200);
      expect((await members(basic(member.email, key.secret))).status).toBe(200);
      const listed = async () => (await listKeys(member)).body.find((listedKey: { id: string }) => listedKey.id === key.id);
      expect((await listed()).lastUsedAt).toBeNull();
      await service.flushLastUsed();
      const lastUsedAt = (await listed()).lastUsedAt;
      expect(lastUsedAt).toEqual(expect.any(String));
      expect(new Date(lastUsedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(new Date(lastUsedAt).getTime()).toBeLessThanOrEqual(Date.now());
    });
  });
});

describe('API key last-used times on shutdown', () => {
  it('are written when the application stops', async () => {
    const app = await startTestApp({}, { keepDatabase: true });
    const client = await mongoose.mongo.MongoClient.connect(`${inject('mongoUri')}${app.database}`);
    try {
      const owner = await login(app, OWNER.email, OWNER.password);
      const teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
      const key = (await call(app, 'POST', `/api/teams/${teamId}/api-keys`, { token: owner.token, body: { name: 'shutdown', scopes: ['audit'] } })).body;
      expect((await call(app, 'GET', `/api/teams/${teamId}/members`, { headers: bearer(key.secret) })).status).toBe(200);
      await app.close();
      const stored = await client
        .db(app.database)
        .collection('api_keys')
        .findOne({ _id: new mongoose.Types.ObjectId(key.id) });
      expect(stored!.lastUsedAt).toBeInstanceOf(Date);
    } finally {
      await client.db(app.database).dropDatabase();
      await client.close();
    }
  });
});
