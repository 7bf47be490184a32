import { MCP_SCOPES, Scope, SCOPES } from './api-keys';

/**
 * Every action of Gantry, REST route and MCP tool alike, is one of these permissions. A caller
 * holds a permission in a team when BOTH its role holds it (roles.ts) and its credential carries
 * it: a dashboard session carries every permission, a key, OAuth token or workspace token only
 * those its scopes grant (`grantedBy`). Credentials narrow, never widen.
 */
export type Effect = 'read' | 'create' | 'write' | 'delete' | 'execute';

export interface PermissionSpec {
  description: string;
  /** The credential scopes that carry it; 'session' means a dashboard sign-in only, never a key or token. */
  grantedBy: readonly Scope[] | 'session';
  /** Outside any team (the caller's own account) or inside one (`/teams/:teamId/…`, or the team a credential is bound to). */
  teamScoped: boolean;
  /** What it does; the team's read-only policy refuses Odoo permissions whose effect is not `read`. */
  effect: Effect;
}

const ADMIN: readonly Scope[] = ['admin'];
const AUDIT: readonly Scope[] = ['audit'];

const spec = (description: string, grantedBy: PermissionSpec['grantedBy'], effect: Effect = 'write', teamScoped = true): PermissionSpec => ({
  description,
  grantedBy,
  teamScoped,
  effect,
});

export const PERMISSIONS = {
  'account.read': spec('see who the credential belongs to and their teams (GET /api/auth/me)', SCOPES, 'read', false),
  'account.teams': spec('list, create and join teams', 'session', 'write', false),
  'account.sessions': spec("list and end one's own dashboard sessions", 'session', 'write', false),
  'account.connectApps': spec('connect an AI client to one of one’s teams (OAuth consent)', 'session', 'write', false),

  'team.read': spec("read the team's name and settings", [...ADMIN, ...AUDIT], 'read'),
  'team.settings.write': spec('change team settings and the MCP policy', ADMIN),
  'team.transferOwnership': spec('hand the team over to another member', 'session'),

  'members.read': spec('list members and their roles', [...ADMIN, ...AUDIT], 'read'),
  'members.invite': spec('invite people and revoke pending invitations', ADMIN),
  'members.manage': spec('change roles and remove members', ADMIN),
  'members.leave': spec('leave the team', ADMIN),

  'apiKeys.read': spec('list API keys (one’s own; everyone’s with apiKeys.manage)', ADMIN, 'read'),
  'apiKeys.create': spec('create an API key for oneself', 'session', 'create'),
  'apiKeys.revokeOwn': spec('revoke one’s own API key', ADMIN, 'delete'),
  'apiKeys.manage': spec('see and revoke every member’s API keys', ADMIN, 'delete'),

  'auditLogs.readOwn': spec('read the MCP audit log of one’s own calls', AUDIT, 'read'),
  'auditLogs.readAll': spec('read the whole team’s MCP audit log', AUDIT, 'read'),
  'activity.readOwn': spec('read the admin trail of one’s own actions', AUDIT, 'read'),
  'activity.readAll': spec('read the whole team’s admin trail', AUDIT, 'read'),

  'odoo.connection.read': spec('see the Odoo connection (details for those who may edit it)', [...ADMIN, ...AUDIT], 'read'),
  'odoo.connection.write': spec('create, change, test and delete the team’s Odoo connection', ADMIN),
  'odoo.identity.manage': spec('link one’s own Odoo login', ADMIN),

  'oauth.clients.manage': spec('manage pre-registered OAuth clients', ADMIN),
  'oauth.grants.read': spec('list connected apps (one’s own; everyone’s with oauth.grants.manage)', ADMIN, 'read'),
  'oauth.grants.revokeOwn': spec('disconnect one’s own apps', ADMIN, 'delete'),
  'oauth.grants.manage': spec('see and disconnect every member’s apps', ADMIN, 'delete'),

  'workspaces.read': spec('list workspaces, their logs, templates and git credentials (masked)', ['workspaces', 'admin'], 'read'),
  'workspaces.use': spec('create, start, stop, update and delete workspaces', ['workspaces'], 'write'),
  'workspaces.exec': spec('run commands and Odoo shell code inside a workspace', ['workspaces'], 'execute'),
  'workspaces.manage': spec('manage templates, git credentials and workspace MCP tokens', ADMIN),

  'approvals.read': spec('see calls waiting for approval', [...ADMIN, ...AUDIT], 'read'),
  'approvals.decide': spec('approve or deny a call waiting for approval', ADMIN),
  // The MCP tool get_approval: a client checks on the calls it had held (its own only), whatever its scopes.
  'approvals.check': spec('check on one’s own calls held for approval (MCP get_approval)', MCP_SCOPES, 'read'),
  'permissions.read': spec('see what any member, key or connected app of the team can do', [...ADMIN, ...AUDIT], 'read'),

  'odoo.records.query': spec('search and count Odoo records', ['query'], 'read'),
  'odoo.records.read': spec('read Odoo records and aggregates', ['read'], 'read'),
  'odoo.records.create': spec('create Odoo records', ['create'], 'create'),
  'odoo.records.write': spec('update Odoo records', ['write'], 'write'),
  'odoo.records.delete': spec('delete Odoo records', ['delete'], 'delete'),
  'odoo.methods.execute': spec('call Odoo model methods', ['execute'], 'execute'),
  'odoo.schema.read': spec('list Odoo models and fields', ['schema'], 'read'),
} as const satisfies Record<string, PermissionSpec>;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** Permissions that act on the team's Odoo data: the team policy (read-only, model lists) applies to them. */
export const ODOO_DATA_PERMISSIONS: readonly Permission[] = PERMISSION_NAMES.filter(
  (name) => name.startsWith('odoo.records.') || name.startsWith('odoo.methods.') || name === 'odoo.schema.read',
);

/** Whether a credential with `scopes` (null: a dashboard session) carries `permission`. */
export function credentialCarries(scopes: readonly Scope[] | null, permission: Permission): boolean {
  const grantedBy = PERMISSIONS[permission].grantedBy;
  if (scopes === null) return true;
  return grantedBy !== 'session' && grantedBy.some((scope) => scopes.includes(scope));
}
