import { activityRecordSchema } from '@gantry/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT, flushTrail, teamTrail } from '../../test/activity-trail';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';

const ODOO_SECRET = 'odoo-Secret-Value-4f9a2c';
const ODOO_SECRET_2 = 'odoo-Rotated-Secret-77b1e0';

/** What every REST change leaves in the trail, over real HTTP: one record each, with who, how, from where and what changed. */
describe('admin trail of REST changes', () => {
  let app: TestApp;
  let owner: SignedInUser;
  let admin: SignedInUser;
  let member: SignedInUser;
  let teamId: string;
  const secrets: string[] = [ODOO_SECRET, ODOO_SECRET_2, OWNER.password, 'admin-password-1', 'member-password-1'];

  const as = (user: SignedInUser, method: string, path: string, body?: unknown) =>
    call(app, method, `/api/teams/${teamId}${path}`, { token: user.token, body, headers: CLIENT });

  /** The one record of `action` (on `targetId`, if given); fails if there are none or several. */
  const onlyRecord = async (action: string, targetId?: string) => {
    const records = (await teamTrail(app, owner, teamId, { action })).filter((record) => targetId === undefined || record.target?.id === targetId);
    expect(records, `${action} ${targetId ?? ''}`).toHaveLength(1);
    expect(activityRecordSchema.safeParse(records[0]).success).toBe(true);
    return records[0];
  };

  const madeBy = (user: SignedInUser, credentialType = 'session') => ({
    teamId,
    actor: { id: user.userId, email: user.email, name: expect.any(String) },
    credential: { type: credentialType, id: expect.any(String), label: credentialType === 'session' ? null : expect.any(String) },
    ip: '203.0.113.7',
    userAgent: CLIENT['user-agent'],
  });

  beforeAll(async () => {
    app = await startTestApp();
    owner = await login(app, OWNER.email, OWNER.password);
    teamId = (await call(app, 'GET', '/api/teams', { token: owner.token })).body[0].id;
    admin = await addMember(app, owner, teamId, { email: 'admin@example.com', name: 'Ada Admin', password: 'admin-password-1' }, 'admin');
    member = await addMember(app, owner, teamId, { email: 'member@example.com', name: 'Max Member', password: 'member-password-1' }, 'member');
  });
  afterAll(() => app.close());

  it('records a role change once: the permission, the member, old → new role', async () => {
    expect((await as(admin, 'PATCH', `/members/${member.userId}`, { role: 'auditor' })).status).toBe(200);
    const record = await onlyRecord('members.manage', member.userId);
    expect(record).toMatchObject({
      ...madeBy(admin),
      route: 'PATCH /api/teams/:teamId/members/:userId',
      target: { resource: 'members', id: member.userId, label: member.email },
      outcome: 'success',
      status: 200,
      error: null,
      changes: [{ field: 'role', old: 'member', new: 'auditor', masked: false }],
    });
    expect((await as(admin, 'PATCH', `/members/${member.userId}`, { role: 'member' })).status).toBe(200);
  });

  it('records a settings and policy change field by field, old → new', async () => {
    const policy = { readOnly: true, deniedModels: ['hr.employee'], rateLimits: { callsPerMinute: 60, writesPerMinute: 120 } };
    const changed = await as(owner, 'PATCH', '', { name: 'Acme Corp', settings: { auditRetentionDays: 30, mcpPolicy: policy } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Acme Corp',
      settings: { auditRetentionDays: 30, mcpPolicy: { readOnly: true, deniedModels: ['hr.employee'] } },
    });
    expect((await call(app, 'GET', `/api/teams/${teamId}`, { token: owner.token })).body).toEqual(changed.body);

    const record = await onlyRecord('team.settings.write');
    expect(record).toMatchObject({ ...madeBy(owner), route: 'PATCH /api/teams/:teamId', target: { resource: 'teams', id: teamId }, outcome: 'success' });
    expect(record.changes).toEqual([
      { field: 'name', old: 'Acme', new: 'Acme Corp', masked: false },
      { field: 'settings.auditRetentionDays', old: 90, new: 30, masked: false },
      { field: 'settings.mcpPolicy.readOnly', old: false, new: true, masked: false },
      { field: 'settings.mcpPolicy.deniedModels', old: [], new: ['hr.employee'], masked: false },
      { field: 'settings.mcpPolicy.rateLimits.callsPerMinute', old: 600, new: 60, masked: false },
    ]);
  });

  it('records Odoo connection changes with the secret masked, never stored nor returned', async () => {
    const created = await as(admin, 'PUT', '/odoo-connection', {
      name: 'Production',
      url: 'http://127.0.0.1:8069',
      database: 'prod',
      login: 'admin',
      secret: ODOO_SECRET,
    });
    expect(created.status).toBe(200);
    const moved = await as(admin, 'PATCH', '/odoo-connection', { url: 'http://127.0.0.1:8070', login: 'bot', secret: ODOO_SECRET_2 });
    expect(moved.status).toBe(200);
    const renamed = await as(admin, 'PATCH', '/odoo-connection', { name: 'Production ERP' });
    expect(renamed.status).toBe(200);

    const records = await teamTrail(app, owner, teamId, { action: 'odoo.connection.write' });
    expect(records.map((record) => record.route)).toEqual([
      'PATCH /api/teams/:teamId/odoo-connection',
      'PATCH /api/teams/:teamId/odoo-connection',
      'PUT /api/teams/:teamId/odoo-connection',
    ]);
    const [rename, move, create] = records;
    expect(create).toMatchObject({ ...madeBy(admin), target: { resource: 'odoo-connection', id: created.body.id, label: 'Production' } });
    expect(create.changes).toEqual([
      { field: 'name', old: null, new: 'Production', masked: false },
      { field: 'url', old: null, new: 'http://127.0.0.1:8069', masked: false },
      { field: 'database', old: null, new: 'prod', masked: false },
      { field: 'login', old: null, new: 'admin', masked: false },
      { field: 'secret', old: null, new: null, masked: true },
    ]);
    expect(move.changes).toEqual([
      { field: 'url', old: 'http://127.0.0.1:8069', new: 'http://127.0.0.1:8070', masked: false },
      { field: 'login', old: 'admin', new: 'bot', masked: false },
      { field: 'secret', old: null, new: null, masked: true },
    ]);
    expect(rename.changes).toEqual([{ field: 'name', old: 'Production', new: 'Production ERP', masked: false }]);

    const exported = await fetch(`${app.baseUrl}/api/teams/${teamId}/activity/export?format=json`, { headers: { authorization: `Bearer ${owner.token}` } });
    const answered = JSON.stringify(records) + (await exported.text());
    for (const secret of [ODOO_SECRET, ODOO_SECRET_2]) expect(answered).not.toContain(secret);
  });

  it('records key creation (name and scopes, never the secret), narrowing and revocation', async () => {
    const created = await as(member, 'POST', '/api-keys', { name: 'reporting bot', scopes: ['read', 'query'] });
    expect(created.status).toBe(201);
    secrets.push(created.body.secret);
    const keyId: string = created.body.id;
    expect((await as(admin, 'PATCH', `/api-keys/${keyId}`, { tools: ['search_records'] })).status).toBe(200);
    expect((await as(member, 'DELETE', `/api-keys/${keyId}`)).status).toBe(204);

    expect(await onlyRecord('apiKeys.create', keyId)).toMatchObject({
      ...madeBy(member),
      route: 'POST /api/teams/:teamId/api-keys',
      target: { resource: 'api-keys', id: keyId, label: 'reporting bot' },
      outcome: 'success',
      status: 201,
      details: { scopes: ['read', 'query'], tools: null, models: null, expiresAt: null },
    });
    expect((await onlyRecord('apiKeys.manage', keyId)).changes).toEqual([{ field: 'tools', old: null, new: ['search_records'], masked: false }]);
    expect(await onlyRecord('apiKeys.revokeOwn', keyId)).toMatchObject({
      ...madeBy(member),
      route: 'DELETE /api/teams/:teamId/api-keys/:keyId',
      target: { resource: 'api-keys', id: keyId, label: 'reporting bot' },
      status: 204,
    });
  });

  it('records what an API key does with its kind and id', async () => {
    const key = await as(admin, 'POST', '/api-keys', { name: 'ops automation', scopes: ['admin'] });
    secrets.push(key.body.secret);
    const invited = await call(app, 'POST', `/api/teams/${teamId}/invitations`, {
      token: key.body.secret,
      body: { email: 'newcomer@example.com', role: 'member' },
      headers: CLIENT,
    });
    expect(invited.status).toBe(201);
    expect(await onlyRecord('members.invite', invited.body.id)).toMatchObject({
      ...madeBy(admin, 'api_key'),
      credential: { type: 'api_key', id: key.body.id, label: 'ops automation' },
      target: { resource: 'invitations', label: 'newcomer@example.com' },
      details: { role: 'member' },
    });
  });

  it('records an ownership transfer: who handed the team to whom', async () => {
    expect((await as(owner, 'POST', '/transfer-ownership', { userId: admin.userId })).status).toBe(204);
    expect(await onlyRecord('team.transferOwnership')).toMatchObject({
      ...madeBy(owner),
      route: 'POST /api/teams/:teamId/transfer-ownership',
      target: { resource: 'members', id: admin.userId, label: admin.email },
      outcome: 'success',
      status: 204,
      changes: [{ field: 'ownerId', old: owner.userId, new: admin.userId, masked: false }],
    });
    expect((await as(admin, 'POST', '/transfer-ownership', { userId: owner.userId })).status).toBe(204);
  });

  it('records OAuth client creation and deletion (never the client secret), invitations and a member leaving', async () => {
    const client = await as(admin, 'POST', '/oauth/clients', { name: 'Internal agent', redirectUris: ['https://agent.example.com/callback'] });
    expect(client.status).toBe(201);
    secrets.push(client.body.clientSecret);
    expect((await as(admin, 'DELETE', `/oauth/clients/${client.body.clientId}`)).status).toBe(204);
    const clients = await teamTrail(app, owner, teamId, { action: 'oauth.clients.manage' });
    expect(clients.map((record) => [record.route, record.target])).toEqual([
      ['DELETE /api/teams/:teamId/oauth/clients/:clientId', { resource: 'clients', id: client.body.clientId, label: 'Internal agent' }],
      ['POST /api/teams/:teamId/oauth/clients', { resource: 'clients', id: client.body.clientId, label: 'Internal agent' }],
    ]);
    expect(clients[1].details).toEqual({ redirectUris: ['https://agent.example.com/callback'], applicationType: 'web' });

    const invitation = await as(admin, 'POST', '/invitations', { email: 'visitor@example.com', role: 'auditor' });
    expect((await as(admin, 'DELETE', `/invitations/${invitation.body.id}`)).status).toBe(204);
    const invitations = (await teamTrail(app, owner, teamId, { action: 'members.invite' })).filter((record) => record.target.id === invitation.body.id);
    expect(invitations).toMatchObject([
      { route: 'DELETE /api/teams/:teamId/invitations/:invitationId', target: { label: 'visitor@example.com' }, details: { role: 'auditor' } },
      { route: 'POST /api/teams/:teamId/invitations', target: { resource: 'invitations', label: 'visitor@example.com' }, details: { role: 'auditor' } },
    ]);
    expect(JSON.stringify(await teamTrail(app, owner, teamId))).not.toContain(String(invitation.body.acceptUrl).split('/invitations/')[1]);

    const leaver = await addMember(app, owner, teamId, { email: 'leaver@example.com', name: 'Lee', password: 'leaver-password-1' }, 'member');
    expect((await as(leaver, 'DELETE', `/members/${leaver.userId}`)).status).toBe(204);
    expect(await onlyRecord('members.leave', leaver.userId)).toMatchObject({
      ...madeBy(leaver),
      target: { resource: 'members', label: 'leaver@example.com' },
      details: { role: 'member' },
    });
    // Removing someone else is members.manage, though the route declares members.leave.
    const removed = await addMember(app, owner, teamId, { email: 'removed@example.com', name: 'Rem', password: 'removed-password-1' }, 'member');
    expect((await as(admin, 'DELETE', `/members/${removed.userId}`)).status).toBe(204);
    expect(await onlyRecord('members.manage', removed.userId)).toMatchObject({ ...madeBy(admin), target: { label: 'removed@example.com' } });
  });

  it('records a refused authorization as denied, once, with the refused permission', async () => {
    const refused = await as(member, 'PATCH', '', { name: 'Mine now' });
    expect(refused.status).toBe(403);
    const settings = await teamTrail(app, owner, teamId, { action: 'team.settings.write' });
    expect(settings.map((record) => record.outcome)).toEqual(['denied', 'success']); // this refusal, the owner's change before
    expect(settings[0]).toMatchObject({
      ...madeBy(member),
      route: 'PATCH /api/teams/:teamId',
      outcome: 'denied',
      status: 403,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('team.settings.write') },
      changes: [],
    });
    // A refusal inside a service (removing someone else needs members.manage) is recorded once too.
    expect((await as(member, 'DELETE', `/members/${admin.userId}`)).status).toBe(403);
    const removal = await teamTrail(app, owner, teamId, { action: 'members.manage', outcome: 'denied' });
    expect(removal).toHaveLength(1);
    expect(removal[0]).toMatchObject({ ...madeBy(member), route: 'DELETE /api/teams/:teamId/members/:userId', target: { id: admin.userId } });
  });

  it('records a failed mutation (validation 400) as error with its code, and reads not at all', async () => {
    const bad = await as(admin, 'PATCH', `/members/${member.userId}`, { role: 'emperor' });
    expect(bad.status).toBe(400);
    const records = await teamTrail(app, owner, teamId, { action: 'members.manage', outcome: 'error' });
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      ...madeBy(admin),
      outcome: 'error',
      status: 400,
      error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('role') },
      target: { resource: 'members', id: member.userId },
    });
    const before = (await teamTrail(app, owner, teamId)).length;
    await as(admin, 'GET', '/members');
    await as(admin, 'GET', '/api-keys');
    expect(await teamTrail(app, owner, teamId)).toHaveLength(before);
  });

  it('keeps no secret in the collection: no password, API key secret or Odoo secret', async () => {
    await flushTrail(app);
    const dump = JSON.stringify(await app.db.collection('activity_logs').find().toArray());
    expect(dump).toContain('odoo.connection.write');
    for (const secret of secrets) expect(dump).not.toContain(secret);
    expect(dump).not.toMatch(/gnt_live_[A-Za-z0-9]{20,}/);
  });
});
