/**
 * Roles and permissions are data: one map, read by the API's guard and by the
 * dashboard to decide which controls to show.
 */
export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'apiKeys.createOwn',
  'apiKeys.revokeAny',
  'auditLogs.viewAll',
  'odooConnection.edit',
  'members.invite',
  'members.manage',
  'team.manageSettings',
  'team.transferOwnership',
  'workspaces.use',
  'workspaces.manage',
  'oauth.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  owner: PERMISSIONS,
  admin: [
    'apiKeys.createOwn',
    'apiKeys.revokeAny',
    'auditLogs.viewAll',
    'odooConnection.edit',
    'members.invite',
    'members.manage',
    'workspaces.use',
    'workspaces.manage',
    'oauth.manage',
  ],
  member: ['apiKeys.createOwn', 'workspaces.use'],
};

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Roles that can be given by invitation or role change; ownership moves only by transfer. */
export const ASSIGNABLE_ROLES = ['admin', 'member'] as const satisfies readonly Role[];
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];
