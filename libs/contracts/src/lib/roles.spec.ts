import { describe, expect, it } from 'vitest';
import { Permission, Role, ROLE_PERMISSIONS, roleHasPermission } from './roles';

/** The matrix as the product specifies it; the API guards and the dashboard both read ROLE_PERMISSIONS. */
const MATRIX: Array<[string, Permission, Record<Role, boolean>]> = [
  ['create an API key for self', 'apiKeys.createOwn', { owner: true, admin: true, member: true }],
  ["revoke another member's key", 'apiKeys.revokeAny', { owner: true, admin: true, member: false }],
  ['view all logs', 'auditLogs.viewAll', { owner: true, admin: true, member: false }],
  ['edit the Odoo connection', 'odooConnection.edit', { owner: true, admin: true, member: false }],
  ['invite a new member', 'members.invite', { owner: true, admin: true, member: false }],
  ['change roles and remove members', 'members.manage', { owner: true, admin: true, member: false }],
  ['manage billing / team settings', 'team.manageSettings', { owner: true, admin: false, member: false }],
  ['transfer ownership', 'team.transferOwnership', { owner: true, admin: false, member: false }],
  ['create, run and delete workspaces', 'workspaces.use', { owner: true, admin: true, member: true }],
  ['manage templates, git credentials and workspace tokens', 'workspaces.manage', { owner: true, admin: true, member: false }],
  ["manage the team's OAuth clients and revoke anyone's OAuth grants", 'oauth.manage', { owner: true, admin: true, member: false }],
];

describe('role → permission matrix', () => {
  for (const [action, permission, expected] of MATRIX) {
    for (const role of ['owner', 'admin', 'member'] as const) {
      it(`${role} ${expected[role] ? 'may' : 'may not'} ${action}`, () => {
        expect(roleHasPermission(role, permission)).toBe(expected[role]);
      });
    }
  }

  it('grants nothing beyond the matrix', () => {
    for (const role of ['owner', 'admin', 'member'] as const) {
      const granted = MATRIX.filter(([, , expected]) => expected[role]).map(([, permission]) => permission);
      expect([...ROLE_PERMISSIONS[role]].sort()).toEqual(granted.sort());
    }
  });
});
