import { workspaceNameSchema } from '@gantry/contracts';
import { DomainError } from '../common/domain-error';

/**
 * Every engine and database name Gantry creates is derived here, from validated parts only.
 * Engine names follow the documented pattern (gantry-<team>-<workspace>-odoo); because a team slug
 * and a workspace name may both contain hyphens, two teams can in principle derive the same
 * container name, so the service checks ownership labels before touching anything that exists.
 * PostgreSQL names use the team's id (fixed-length hex) instead, so they can never collide across
 * teams and no workspace can ever drop another team's database.
 */
const TEAM_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
const OBJECT_ID = /^[a-f0-9]{24}$/;

function check(value: string, pattern: RegExp, what: string): string {
  if (!pattern.test(value)) throw new DomainError('VALIDATION_FAILED', `Invalid ${what}`);
  return value;
}

export function assertWorkspaceName(name: string): string {
  if (!workspaceNameSchema.safeParse(name).success) throw new DomainError('VALIDATION_FAILED', 'Invalid workspace name');
  return name;
}

export const networkName = (teamSlug: string) => `gantry-${check(teamSlug, TEAM_SLUG, 'team slug')}-net`;
export const containerName = (teamSlug: string, workspace: string) =>
  `gantry-${check(teamSlug, TEAM_SLUG, 'team slug')}-${assertWorkspaceName(workspace)}-odoo`;
export const volumeName = (workspaceId: string, purpose: 'data' | 'addons') => `gantry-ws-${check(workspaceId, OBJECT_ID, 'workspace id')}-${purpose}`;

const pgPart = (name: string) => assertWorkspaceName(name).replace(/-/g, '_');
/** ≤ 58 characters: within PostgreSQL's 63-byte identifier limit. */
export const databaseName = (teamId: string, workspace: string) => `ws_${check(teamId, OBJECT_ID, 'team id')}_${pgPart(workspace)}`;
export const roleName = databaseName;
export const templateDatabaseName = (teamId: string, template: string) => `tpl_${check(teamId, OBJECT_ID, 'team id')}_${pgPart(template)}`;
