import { Permission, PERMISSION_NAMES, PERMISSIONS, Role, ROLE_PERMISSIONS, Scope } from '@gantry/contracts';

/**
 * The attack matrix's prediction, restated from the data tables (roles.ts, permissions.ts) with
 * none of the API's code: what a credential of a given kind, role and scope set must get for one
 * permission in its own team, another team, or outside any team.
 */
export type CredentialKind = 'session' | 'api_key' | 'api_key_basic' | 'oauth' | 'workspace_token';
export type TeamContext = 'own' | 'other' | 'none';
export type Prediction = 'allow' | 401 | 403 | 404;

export interface MatrixCredential {
  label: string;
  kind: CredentialKind;
  role: Role;
  /** null for a session. */
  scopes: readonly Scope[] | null;
  headers: Record<string, string>;
}

const holds = (role: Role, permission: Permission) => ROLE_PERMISSIONS[role].includes(permission);
const carries = (scopes: readonly Scope[] | null, permission: Permission) => {
  const grantedBy = PERMISSIONS[permission].grantedBy;
  return scopes === null || (grantedBy !== 'session' && grantedBy.some((scope) => scopes.includes(scope)));
};

/** A REST route: only sessions and API keys are REST credentials; OAuth and workspace tokens are for /mcp. */
export function predictRest(credential: MatrixCredential, permission: Permission, context: TeamContext): Prediction {
  if (credential.kind === 'oauth' || credential.kind === 'workspace_token') return 401;
  const teamScoped = PERMISSIONS[permission].teamScoped;
  if (teamScoped && context === 'other') return 404;
  if (teamScoped && !holds(credential.role, permission)) return 403;
  if (!carries(credential.scopes, permission)) return 403;
  return 'allow';
}

/**
 * An MCP tool, in the credential's own team: the role decides first (a tool error), then the
 * scopes (the RFC 6750 challenge, HTTP 403).
 */
export function predictTool(
  credential: MatrixCredential,
  permission: Permission,
  policy: { approvals: 'off' | 'destructive' },
): 'allow' | 'forbidden' | 'insufficient_scope' | 'not_offered' {
  if (!holds(credential.role, permission)) return 'forbidden';
  if (!carries(credential.scopes, permission)) return 'insufficient_scope';
  // Checking on held calls exists only where the team holds calls.
  if (permission === 'approvals.check' && policy.approvals === 'off') return 'not_offered';
  return 'allow';
}

/** Permission names a refusal message mentions (an in-handler check names the second permission it asked for). */
export function permissionsNamedIn(message: string): Permission[] {
  return PERMISSION_NAMES.filter((permission) => new RegExp(`\\b${permission.replaceAll('.', '\\.')}\\b`).test(message));
}
