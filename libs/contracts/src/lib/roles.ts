import { Permission, PERMISSION_NAMES, PERMISSIONS } from './permissions';

/**
 * Roles are data: each role is the list of permissions it holds, read by the API's one decision
 * point (authorize) and by the dashboard to decide which controls to show.
 */
export const ROLES = ['owner', 'admin', 'member', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

const ALL: readonly Permission[] = PERMISSION_NAMES;

/** What an owner holds that an admin does not. */
const OWNER_ONLY: readonly Permission[] = ['team.settings.write', 'team.transferOwnership'];

const MEMBER: readonly Permission[] = [
  'account.read',
  'account.teams',
  'account.sessions',
  'account.connectApps',
  'team.read',
  'members.read',
  'members.leave',
  'apiKeys.read',
  'apiKeys.create',
  'apiKeys.revokeOwn',
  'auditLogs.readOwn',
  'activity.readOwn',
  'odoo.connection.read',
  'odoo.identity.manage',
  'oauth.grants.read',
  'oauth.grants.revokeOwn',
  'workspaces.read',
  'workspaces.use',
  'workspaces.exec',
  'odoo.records.query',
  'odoo.records.read',
  'odoo.records.create',
  'odoo.records.write',
  'odoo.schema.read',
  'approvals.check',
];

/** Reads every audit and activity record of the team; administers nothing and touches no Odoo data. */
const AUDITOR: readonly Permission[] = [
  'account.read',
  'account.teams',
  'account.sessions',
  'account.connectApps',
  'team.read',
  'members.read',
  'members.leave',
  'apiKeys.read',
  'apiKeys.create',
  'apiKeys.revokeOwn',
  'auditLogs.readOwn',
  'auditLogs.readAll',
  'activity.readOwn',
  'activity.readAll',
  'odoo.connection.read',
  'approvals.read',
  'permissions.read',
];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  owner: ALL,
  admin: ALL.filter((permission) => !OWNER_ONLY.includes(permission)),
  member: MEMBER,
  auditor: AUDITOR,
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Roles that can be given by invitation or role change; ownership moves only by transfer. */
export const ASSIGNABLE_ROLES = ['admin', 'member', 'auditor'] as const satisfies readonly Role[];
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  owner: 'everything, including team settings and handing the team over',
  admin: 'everything but team settings and ownership: members, keys, the Odoo connection, OAuth clients, workspaces, approvals',
  member: 'works with Odoo and workspaces through AI clients; manages their own keys and apps',
  auditor: 'reads every audit and activity record of the team; administers nothing and reads no Odoo data',
};

export { PERMISSIONS };
