import { Role } from '@gantry/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, call, login, OWNER, SignedInUser, startTestApp, TestApp } from '../../test/test-app';

/**
 * Walks the permission matrix for each role against the real endpoints, and every team-scoped
 * endpoint from a member of another team (who must get 404, never data).
 */
describe('permission matrix', () => {
  let app: TestApp;
  let teamA: string;
  let teamB: string;
  const actors = {} as Record<Role, SignedInUser>;
  let outsiderAdmin: SignedInUser;
  let outsiderOwner: SignedInUser;
  let disposableCount = 0;

  async function disposableMember(): Promise<SignedInUser> {
    disposableCount += 1;
    return addMember(
      app,
      actors.owner,
      teamA,
      { email: `temp${disposableCount}@example.com`, name: `Temp ${disposableCount}`, password: 'temporary-password' },
      'member',
    );
  }

  async function pendingInvitation(): Promise<string> {
    disposableCount += 1;
    const response = await call(app, 'POST', `/api/teams/${teamA}/invitations`, {
      token: actors.owner.token,
      body: { email: `pending${disposableCount}@example.com` },
    });
    return response.body.id;
  }

  beforeAll(async () => {
    app = await startTestApp();
    actors.owner = await login(app, OWNER.email, OWNER.password);
    teamA = (await call(app, 'GET', '/api/teams', { token: actors.owner.token })).body[0].id;
    actors.admin = await addMember(app, actors.owner, teamA, { email: 'admin@example.com', name: 'Adam Admin', password: 'admin-password-1' }, 'admin');
    actors.member = await addMember(app, actors.owner, teamA, { email: 'member@example.com', name: 'Mia Member', password: 'member-password-1' }, 'member');
    actors.auditor = await addMember(
      app,
      actors.owner,
      teamA,
      { email: 'auditor@example.com', name: 'Ada Auditor', password: 'auditor-password-1' },
      'auditor',
    );
    // Team B belongs to someone else entirely: its owner and admin have no membership in team A.
    const founder = await addMember(app, actors.owner, teamA, { email: 'founder@example.com', name: 'Fay Founder', password: 'founder-password' }, 'member');
    teamB = (await call(app, 'POST', '/api/teams', { token: founder.token, body: { name: 'Beta Corp' } })).body.id;
    outsiderAdmin = await addMember(app, founder, teamB, { email: 'outsider@example.com', name: 'Otto Outsider', password: 'outsider-password' }, 'admin');
    expect((await call(app, 'DELETE', `/api/teams/${teamA}/members/${founder.userId}`, { token: actors.owner.token })).status).toBe(204);
    outsiderOwner = founder;
    const connection = { name: 'Odoo', url: 'https://odoo.example.com', database: 'prod', login: 'bot', secret: 'odoo-api-key-123' };
    expect((await call(app, 'PUT', `/api/teams/${teamA}/odoo-connection`, { token: actors.owner.token, body: connection })).status).toBe(200);
  });
  afterAll(() => app.close());

  type Action = (actor: SignedInUser) => Promise<number>;
  const actions: Record<string, { run: Action; allowed: Record<Role, number>; denied: number }> = {
    'view the team': {
      run: async (actor) => (await call(app, 'GET', `/api/teams/${teamA}`, { token: actor.token })).status,
      allowed: { owner: 200, admin: 200, member: 200, auditor: 200 },
      denied: 403,
    },
    'list members': {
      run: async (actor) => (await call(app, 'GET', `/api/teams/${teamA}/members`, { token: actor.token })).status,
      allowed: { owner: 200, admin: 200, member: 200, auditor: 200 },
      denied: 403,
    },
    'invite a new member': {
      run: async (actor) =>
        (
          await call(app, 'POST', `/api/teams/${teamA}/invitations`, {
            token: actor.token,
            body: { email: `new-${Math.random()}@example.com`.replace('0.', '') },
          })
        ).status,
      allowed: { owner: 201, admin: 201, member: 403, auditor: 403 },
      denied: 403,
    },
    'list pending invitations': {
      run: async (actor) => (await call(app, 'GET', `/api/teams/${teamA}/invitations`, { token: actor.token })).status,
      allowed: { owner: 200, admin: 200, member: 403, auditor: 403 },
      denied: 403,
    },
    'revoke an invitation': {
      run: async (actor) => (await call(app, 'DELETE', `/api/teams/${teamA}/invitations/${await pendingInvitation()}`, { token: actor.token })).status,
      allowed: { owner: 204, admin: 204, member: 403, auditor: 403 },
      denied: 403,
    },
    "change a member's role": {
      run: async (actor) => {
        const target = await disposableMember();
        return (await call(app, 'PATCH', `/api/teams/${teamA}/members/${target.userId}`, { token: actor.token, body: { role: 'admin' } })).status;
      },
      allowed: { owner: 200, admin: 200, member: 403, auditor: 403 },
      denied: 403,
    },
    'remove another member': {
      run: async (actor) => {
        const target = await disposableMember();
        return (await call(app, 'DELETE', `/api/teams/${teamA}/members/${target.userId}`, { token: actor.token })).status;
      },
      allowed: { owner: 204, admin: 204, member: 403, auditor: 403 },
      denied: 403,
    },
    'see the Odoo connection (name, host, status)': {
      run: async (actor) => (await call(app, 'GET', `/api/teams/${teamA}/odoo-connection`, { token: actor.token })).status,
      allowed: { owner: 200, admin: 200, member: 200, auditor: 200 },
      denied: 403,
    },
    'read the Odoo connection details': {
      run: async (actor) => {
        const response = await call(app, 'GET', `/api/teams/${teamA}/odoo-connection`, { token: actor.token });
        expect(JSON.stringify(response.body)).not.toContain('odoo-api-key-123');
        return response.body.details ? 200 : 403;
      },
      allowed: { owner: 200, admin: 200, member: 403, auditor: 403 },
      denied: 403,
    },
    'edit the Odoo connection': {
      run: async (actor) =>
        (await call(app, 'PATCH', `/api/teams/${teamA}/odoo-connection`, { token: actor.token, body: { secret: 'odoo-api-key-123' } })).status,
      allowed: { owner: 200, admin: 200, member: 403, auditor: 403 },
      denied: 403,
    },
    'list calls held for approval': {
      run: async (actor) => (await call(app, 'GET', `/api/teams/${teamA}/approvals`, { token: actor.token })).status,
      allowed: { owner: 200, admin: 200, member: 403, auditor: 200 },
      denied: 403,
    },
    'decide on a held call (none exists: 404 once allowed)': {
      run: async (actor) => (await call(app, 'POST', `/api/teams/${teamA}/approvals/${'0'.repeat(24)}/deny`, { token: actor.token, body: {} })).status,
      allowed: { owner: 404, admin: 404, member: 403, auditor: 403 },
      denied: 403,
    },
    'manage team settings': {
      run: async (actor) => (await call(app, 'PATCH', `/api/teams/${teamA}`, { token: actor.token, body: { name: 'Acme Inc' } })).status,
      allowed: { owner: 200, admin: 403, member: 403, auditor: 403 },
      denied: 403,
    },
    'transfer ownership': {
      run: async (actor) => {
        const status = (await call(app, 'POST', `/api/teams/${teamA}/transfer-ownership`, { token: actor.token, body: { userId: actors.admin.userId } }))
          .status;
        if (status === 204) {
          // hand it back so the matrix keeps its roles
          const back = await call(app, 'POST', `/api/teams/${teamA}/transfer-ownership`, { token: actors.admin.token, body: { userId: actors.owner.userId } });
          expect(back.status).toBe(204);
          await call(app, 'PATCH', `/api/teams/${teamA}/members/${actors.admin.userId}`, { token: actors.owner.token, body: { role: 'admin' } });
        }
        return status;
      },
      allowed: { owner: 204, admin: 403, member: 403, auditor: 403 },
      denied: 403,
    },
  };

  for (const role of ['owner', 'admin', 'member', 'auditor'] as const) {
    for (const [name, action] of Object.entries(actions)) {
      it(`${role}: ${name} → ${action.allowed[role]}`, async () => {
        expect(await action.run(actors[role])).toBe(action.allowed[role]);
      });
    }
  }

  it('a forbidden answer says which permission is missing and changes nothing', async () => {
    const response = await call(app, 'PATCH', `/api/teams/${teamA}`, { token: actors.admin.token, body: { name: 'Hijacked' } });
    expect(response.status).toBe(403);
    expect(response.body.error).toEqual({ code: 'FORBIDDEN', message: expect.stringContaining('team.settings.write') });
    expect((await call(app, 'GET', `/api/teams/${teamA}`, { token: actors.owner.token })).body.name).not.toBe('Hijacked');
  });

  describe("another team's owner and admin get 404 for everything of team A", () => {
    const crossTeamCalls: Array<[string, string, (ids: { member: string; invitation: string }) => string, unknown?]> = [
      ['GET', 'team', () => ''],
      ['PATCH', 'team settings', () => '', { name: 'Taken over' }],
      ['GET', 'members', () => '/members'],
      ['PATCH', 'member role', (ids) => `/members/${ids.member}`, { role: 'admin' }],
      ['DELETE', 'member', (ids) => `/members/${ids.member}`],
      ['GET', 'invitations', () => '/invitations'],
      ['POST', 'invitation', () => '/invitations', { email: 'spy@example.com' }],
      ['DELETE', 'invitation', (ids) => `/invitations/${ids.invitation}`],
      ['POST', 'ownership transfer', () => '/transfer-ownership', { userId: '' }],
      ['GET', 'Odoo connection', () => '/odoo-connection'],
      ['PATCH', 'Odoo connection', () => '/odoo-connection', { name: 'Stolen' }],
      ['POST', 'Odoo connection test', () => '/odoo-connection/test'],
      ['DELETE', 'Odoo connection', () => '/odoo-connection'],
      ['GET', 'approvals', () => '/approvals'],
      ['POST', 'approval decision', () => `/approvals/${'0'.repeat(24)}/approve`, {}],
    ];

    for (const who of ['admin', 'owner'] as const) {
      for (const [method, what, suffix, body] of crossTeamCalls) {
        it(`${who} of team B: ${method} ${what} of team A → 404 without data`, async () => {
          const outsider = who === 'admin' ? outsiderAdmin : outsiderOwner;
          const ids = { member: actors.member.userId, invitation: await pendingInvitation() };
          const payload = what === 'ownership transfer' ? { userId: outsider.userId } : body;
          const response = await call(app, method, `/api/teams/${teamA}${suffix(ids)}`, { token: outsider.token, body: payload });
          expect(response.status).toBe(404);
          expect(response.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Team not found' } });
        });
      }
    }

    it('and team A is untouched afterwards', async () => {
      const team = await call(app, 'GET', `/api/teams/${teamA}`, { token: actors.owner.token });
      expect(team.body).toMatchObject({ role: 'owner' });
      expect(team.body.name).not.toBe('Taken over');
      const members = await call(app, 'GET', `/api/teams/${teamA}/members`, { token: actors.owner.token });
      expect(members.body.find((member: { userId: string }) => member.userId === actors.member.userId)).toMatchObject({ role: 'member' });
      const invitations = await call(app, 'GET', `/api/teams/${teamA}/invitations`, { token: actors.owner.token });
      expect(invitations.body.map((invitation: { email: string }) => invitation.email)).not.toContain('spy@example.com');
    });

    it('team A members see only their own teams in the team list', async () => {
      const teams = await call(app, 'GET', '/api/teams', { token: outsiderAdmin.token });
      expect(teams.body.map((team: { id: string }) => team.id)).toEqual([teamB]);
    });
  });
});
