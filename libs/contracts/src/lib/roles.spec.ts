import { describe, expect, it } from 'vitest';
import { MCP_SCOPES, SCOPES } from './api-keys';
import { ROLE_SCOPES } from './oauth';
import { credentialCarries, Permission, PERMISSION_NAMES, PERMISSIONS } from './permissions';
import { Role, ROLE_PERMISSIONS, roleHasPermission, ROLES } from './roles';

type Row = [action: string, permission: Permission, allowed: Record<Role, boolean>];
const all = { owner: true, admin: true, member: true, auditor: true };
const managers = { owner: true, admin: true, member: false, auditor: false };
const ownerOnly = { owner: true, admin: false, member: false, auditor: false };
const workers = { owner: true, admin: true, member: true, auditor: false };
const readers = { owner: true, admin: true, member: false, auditor: true };

/** The matrix as the product specifies it (README's roles table); the API's authorize() and the dashboard both read ROLE_PERMISSIONS. */
const MATRIX: Row[] = [
  ['see who one is', 'account.read', all],
  ['list and create teams', 'account.teams', all],
  ['manage one’s sessions', 'account.sessions', all],
  ['connect an AI client', 'account.connectApps', all],
  ['see the team', 'team.read', all],
  ['change team settings and the MCP policy', 'team.settings.write', ownerOnly],
  ['transfer ownership', 'team.transferOwnership', ownerOnly],
  ['list members', 'members.read', all],
  ['invite members', 'members.invite', managers],
  ['change roles and remove members', 'members.manage', managers],
  ['leave the team', 'members.leave', all],
  ['list one’s API keys', 'apiKeys.read', all],
  ['create an API key for self', 'apiKeys.create', all],
  ['revoke one’s own key', 'apiKeys.revokeOwn', all],
  ['see and revoke every member’s key', 'apiKeys.manage', managers],
  ['read one’s own MCP audit log', 'auditLogs.readOwn', all],
  ['read the team’s MCP audit log', 'auditLogs.readAll', readers],
  ['read one’s own admin trail', 'activity.readOwn', all],
  ['read the team’s admin trail', 'activity.readAll', readers],
  ['see the Odoo connection', 'odoo.connection.read', all],
  ['edit the Odoo connection', 'odoo.connection.write', managers],
  ['link one’s own Odoo login', 'odoo.identity.manage', workers],
  ['manage OAuth clients', 'oauth.clients.manage', managers],
  ['list one’s connected apps', 'oauth.grants.read', workers],
  ['disconnect one’s apps', 'oauth.grants.revokeOwn', workers],
  ['see and disconnect anyone’s apps', 'oauth.grants.manage', managers],
  ['see workspaces', 'workspaces.read', workers],
  ['create, run and delete workspaces', 'workspaces.use', workers],
  ['run commands in a workspace', 'workspaces.exec', workers],
  ['manage templates, git credentials and workspace tokens', 'workspaces.manage', managers],
  ['see calls waiting for approval', 'approvals.read', readers],
  ['approve or deny calls', 'approvals.decide', managers],
  ['check on one’s own held calls (MCP get_approval)', 'approvals.check', workers],
  ['see what any member, key or app can do', 'permissions.read', readers],
  ['search and count Odoo records', 'odoo.records.query', workers],
  ['read Odoo records', 'odoo.records.read', workers],
  ['create Odoo records', 'odoo.records.create', workers],
  ['update Odoo records', 'odoo.records.write', workers],
  ['delete Odoo records', 'odoo.records.delete', managers],
  ['call Odoo methods', 'odoo.methods.execute', managers],
  ['list Odoo models and fields', 'odoo.schema.read', workers],
];

describe('role → permission matrix', () => {
  for (const [action, permission, expected] of MATRIX) {
    for (const role of ROLES) {
      it(`${role} ${expected[role] ? 'may' : 'may not'} ${action}`, () => {
        expect(roleHasPermission(role, permission)).toBe(expected[role]);
      });
    }
  }

  it('covers every permission, and grants nothing beyond the matrix', () => {
    expect(MATRIX.map(([, permission]) => permission).sort()).toEqual([...PERMISSION_NAMES].sort());
    for (const role of ROLES) {
      const granted = MATRIX.filter(([, , expected]) => expected[role]).map(([, permission]) => permission);
      expect([...ROLE_PERMISSIONS[role]].sort()).toEqual(granted.sort());
    }
  });
});

describe('scopes narrow, never widen', () => {
  it('a dashboard session carries every permission; a key carries only what its scopes grant', () => {
    for (const permission of PERMISSION_NAMES) expect(credentialCarries(null, permission)).toBe(true);
    expect(credentialCarries(['query'], 'odoo.records.query')).toBe(true);
    expect(credentialCarries(['query'], 'odoo.records.read')).toBe(false);
    // A query-only key can do nothing on REST beyond asking who it is (approvals.check is the MCP
    // get_approval tool's alone: no REST route declares it, which the approvals e2e suite checks).
    const restWithQuery = PERMISSION_NAMES.filter(
      (permission) => !permission.startsWith('odoo.records') && permission !== 'approvals.check' && credentialCarries(['query'], permission),
    );
    expect(restWithQuery).toEqual(['account.read']);
    for (const scope of MCP_SCOPES) expect(credentialCarries([scope], 'approvals.check'), scope).toBe(true);
    expect(credentialCarries(['audit', 'admin'], 'approvals.check')).toBe(false);
  });

  it('account-level administration needs a dashboard session or the admin scope', () => {
    const administration: Permission[] = [
      'team.settings.write',
      'members.invite',
      'members.manage',
      'apiKeys.manage',
      'odoo.connection.write',
      'oauth.clients.manage',
      'workspaces.manage',
      'approvals.decide',
    ];
    for (const permission of administration) {
      expect(PERMISSIONS[permission].grantedBy, permission).toEqual(['admin']);
      for (const scope of SCOPES.filter((candidate) => candidate !== 'admin'))
        expect(credentialCarries([scope], permission), `${scope} → ${permission}`).toBe(false);
    }
    for (const permission of ['team.transferOwnership', 'apiKeys.create', 'account.teams', 'account.sessions', 'account.connectApps'] as const) {
      expect(PERMISSIONS[permission].grantedBy, permission).toBe('session');
      expect(credentialCarries([...SCOPES], permission)).toBe(false);
    }
  });

  it('only owners and admins may put the admin scope on a key, and every scope a role may give carries something that role holds', () => {
    expect(ROLES.filter((role) => ROLE_SCOPES[role].includes('admin'))).toEqual(['owner', 'admin']);
    for (const role of ROLES) {
      for (const scope of ROLE_SCOPES[role]) {
        const useful = ROLE_PERMISSIONS[role].some((permission) => credentialCarries([scope], permission) && PERMISSIONS[permission].grantedBy !== 'session');
        expect(useful, `${role} may give ${scope}`).toBe(true);
      }
    }
  });
});
