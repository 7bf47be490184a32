import {
  credentialCarries,
  Effect,
  isFloorMethod,
  McpPolicy,
  ODOO_DATA_PERMISSIONS,
  ODOO_FLOOR,
  Permission,
  PERMISSIONS,
  Role,
  ROLE_PERMISSIONS,
} from '@gantry/contracts';
import { Credential } from '../auth/actor';

/**
 * The one decision point. Every REST route (AuthorizationGuard) and every MCP tool, resource and
 * approval (McpToolRunner) asks `authorize(subject, permission, target)` and nothing else decides.
 * It combines, in this order: the team binding of the credential, the caller's role in the team
 * (roles.ts), the credential's scopes (permissions.ts: credentials narrow, never widen), an admin's
 * narrowing of the credential to tools and models, the floor no one can lower (ODOO_FLOOR), and the
 * team's policy (read-only, model lists), and last the policy's approval step for destructive tools.
 */
export interface AuthorizationSubject {
  credential: Pick<Credential, 'type' | 'scopes' | 'teamId' | 'tools' | 'models'>;
  /** The caller's role in the target team; null when they are not a member (or outside any team). */
  role: Role | null;
}

/** A team's MCP policy, compiled for fast checks (OdooPolicy). */
export interface TeamPolicyView {
  readonly policy: McpPolicy;
  modelAllowed(model: string): boolean;
}

export interface AuthorizationTarget {
  /** The team acted in; null for account-level permissions. */
  team: { id: string } | null;
  /** The team's MCP policy; needed for Odoo data permissions. */
  policy?: TeamPolicyView;
  /** An MCP tool being called: its name and what it does. */
  tool?: { name: string; effect: Effect; destructive: boolean };
  /** The Odoo model and method a tool call names. */
  model?: string;
  method?: string;
  /**
   * Set only when running a held call an owner or admin has approved (ApprovalsService claimed it):
   * every check applies again, with the requester's role and credential as they are now, except the
   * team policy's approval step, which this approval is the answer to.
   */
  approvedAs?: { approvalId: string };
}

export type RefusalCode =
  'UNAUTHENTICATED' | 'NOT_FOUND' | 'FORBIDDEN' | 'INSUFFICIENT_SCOPE' | 'TOOL_NOT_ALLOWED' | 'MODEL_NOT_ALLOWED' | 'METHOD_NOT_ALLOWED' | 'READ_ONLY';

export type Decision =
  | { outcome: 'allow' }
  | { outcome: 'deny'; code: RefusalCode; message: string; status: 401 | 403 | 404; permission: Permission }
  | { outcome: 'approval'; message: string; permission: Permission };

const ALLOW: Decision = { outcome: 'allow' };
const ROLE_SETS = new Map(Object.entries(ROLE_PERMISSIONS).map(([role, permissions]) => [role, new Set<string>(permissions)]));
const ODOO_DATA = new Set<string>(ODOO_DATA_PERMISSIONS);
const FLOOR_MODELS = new Set<string>(ODOO_FLOOR.models);
const FLOOR_WRITE_MODELS = new Set<string>(ODOO_FLOOR.writeModels);

const deny = (permission: Permission, code: RefusalCode, message: string, status: 401 | 403 | 404 = 403): Decision => ({
  outcome: 'deny',
  code,
  message,
  status,
  permission,
});

export function authorize(subject: AuthorizationSubject, permission: Permission, target: AuthorizationTarget): Decision {
  const spec = PERMISSIONS[permission];
  const { credential } = subject;
  if (spec.teamScoped) {
    // Another team than the credential's, or one the caller is not in, does not exist for them.
    if (!target.team || (credential.teamId !== null && credential.teamId !== target.team.id) || subject.role === null) {
      return deny(permission, 'NOT_FOUND', 'Team not found', 404);
    }
    if (!ROLE_SETS.get(subject.role)!.has(permission)) {
      return deny(permission, 'FORBIDDEN', `Your role (${subject.role}) does not allow this (${permission}: ${spec.description})`);
    }
  }
  if (!credentialCarries(credential.scopes, permission)) {
    if (spec.grantedBy === 'session') {
      return deny(permission, 'FORBIDDEN', `This needs a dashboard sign-in; API keys and tokens cannot ${spec.description} (${permission})`);
    }
    const scopes = spec.grantedBy.map((scope) => `"${scope}"`).join(' or ');
    return deny(permission, 'INSUFFICIENT_SCOPE', `This credential lacks the ${scopes} scope needed to ${spec.description} (${permission})`);
  }
  if (target.tool && credential.tools !== null && !credential.tools.includes(target.tool.name)) {
    return deny(
      permission,
      'TOOL_NOT_ALLOWED',
      `This credential is limited to the tools ${credential.tools.join(', ') || '(none)'}; ${target.tool.name} is not one of them`,
    );
  }
  // get_approval exists where the team holds calls; elsewhere there is nothing to check (and tools/list, which asks here, does not offer it).
  if (permission === 'approvals.check' && target.policy && target.policy.policy.approvals === 'off') {
    return deny(permission, 'TOOL_NOT_ALLOWED', 'This team does not hold calls for approval, so there is no held call to check');
  }
  const decision = ODOO_DATA.has(permission) ? odooDecision(subject, permission, target) : ALLOW;
  return decision.outcome === 'allow' ? approvalDecision(permission, target) : decision;
}

/** Last, once nothing refuses the call: the team policy may hold a destructive tool until an owner or admin approves it. */
function approvalDecision(permission: Permission, target: AuthorizationTarget): Decision {
  if (target.policy?.policy.approvals !== 'destructive' || !target.tool?.destructive || target.approvedAs) return ALLOW;
  return { outcome: 'approval', message: `This team's policy holds ${target.tool.name} until an owner or admin approves it`, permission };
}

/** The floor, the credential's model list and the team policy, for a call on the team's Odoo data. */
function odooDecision(subject: AuthorizationSubject, permission: Permission, target: AuthorizationTarget): Decision {
  const effect = target.tool?.effect ?? PERMISSIONS[permission].effect;
  const { model, method, policy } = target;
  if (model !== undefined) {
    const refused = modelRefusal(subject, model, effect, policy);
    if (refused) return deny(permission, 'MODEL_NOT_ALLOWED', refused);
  }
  if (method !== undefined && isFloorMethod(method)) {
    return deny(permission, 'METHOD_NOT_ALLOWED', `The method ${method} is never callable through Gantry (private, or it bypasses Odoo's access checks)`);
  }
  if (policy?.policy.readOnly && effect !== 'read') {
    return deny(
      permission,
      'READ_ONLY',
      `This team's Odoo access is read-only; ${target.tool?.name ?? permission} is disabled. An admin can change that in the team settings.`,
    );
  }
  return ALLOW;
}

/** Why `model` is out of reach for this subject and effect, or null when it is within reach. */
export function modelRefusal(subject: AuthorizationSubject, model: string, effect: Effect, policy: TeamPolicyView | undefined): string | null {
  if (FLOOR_MODELS.has(model)) return `The model ${model} is never available through Gantry`;
  if (effect !== 'read' && FLOOR_WRITE_MODELS.has(model)) return `The model ${model} can be read but never changed or run through Gantry`;
  const narrowed = subject.credential.models;
  if (narrowed !== null && !narrowed.includes(model))
    return `This credential is limited to the models ${narrowed.join(', ') || '(none)'}; ${model} is not one of them`;
  if (policy && !policy.modelAllowed(model)) {
    return `The model ${model} is not available through Gantry for this team (team policy)`;
  }
  return null;
}
