import { Injectable } from '@nestjs/common';
import { EffectivePermissions, MCP_SCOPES, mcpScopesAllowedFor, Role, Scope, scopesAllowedFor } from '@gantry/contracts';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { Credential, sessionCredential, TeamActor } from '../auth/actor';
import { Authorization } from '../authorization/authorization.service';
import { AuthorizationSubject } from '../authorization/authorize';
import { reportPermissions, ToolFacts } from '../authorization/effective-permissions';
import { notFound } from '../common/domain-error';
import { OdooPolicy } from '../mcp/odoo-policy';
import { ALL_TOOLS } from '../mcp/tools';
import { OAuthAdminService } from '../oauth/oauth-admin.service';
import { MembershipsService } from '../teams/memberships.service';
import { TeamsService } from '../teams/teams.service';

const TOOL_FACTS: readonly ToolFacts[] = ALL_TOOLS.map((tool) => ({
  name: tool.name,
  permission: tool.permission,
  effect: tool.effect,
  destructive: tool.annotations.destructiveHint === true,
}));

/**
 * "What can this do?" for a member, an API key or a connected app of the team. One's own is always
 * visible; anyone else's needs permissions.read (owners, admins, auditors).
 */
@Injectable()
export class EffectivePermissionsService {
  constructor(
    private readonly authorization: Authorization,
    private readonly memberships: MembershipsService,
    private readonly teams: TeamsService,
    private readonly apiKeys: ApiKeysService,
    private readonly oauth: OAuthAdminService,
  ) {}

  /** A member in the dashboard (a session), and any AI client they connect with every scope their role may grant. */
  async forMember(actor: TeamActor, userId: string): Promise<EffectivePermissions> {
    this.mayInspect(actor, userId, 'another member');
    const role = await this.roleOf(actor.team.id, userId, 'Member');
    const mcp = bound(actor.team.id, { type: 'oauth', scopes: mcpScopesAllowedFor(role, MCP_SCOPES) });
    const member = (await this.teams.listMembers(actor)).find((entry) => entry.userId === userId);
    return {
      subject: { kind: 'member', id: userId, label: member?.email ?? userId, role, scopes: null, tools: null, models: null },
      ...(await this.report(actor, { credential: sessionCredential('report'), role }, { credential: mcp, role })),
    };
  }

  async forApiKey(actor: TeamActor, keyId: string): Promise<EffectivePermissions> {
    const key = await this.apiKeys.findInTeam(actor.team.id, keyId);
    this.mayInspect(actor, key.userId.toString(), 'another member’s API key');
    const role = await this.roleOf(actor.team.id, key.userId.toString(), 'API key');
    const credential = bound(actor.team.id, { type: 'api_key', scopes: scopesAllowedFor(role, key.scopes), tools: key.tools, models: key.models });
    return {
      subject: {
        kind: 'api_key',
        id: keyId,
        label: key.name,
        role,
        scopes: credential.scopes as Scope[],
        tools: key.tools ?? null,
        models: key.models ?? null,
      },
      ...(await this.report(actor, { credential, role }, { credential, role })),
    };
  }

  /** A connected app: its tokens work at /mcp only, so every REST permission reads as refused. */
  async forOAuthGrant(actor: TeamActor, grantId: string): Promise<EffectivePermissions> {
    const grant = await this.oauth.findVisibleGrant(actor, grantId, true);
    this.mayInspect(actor, grant.user.id, 'another member’s connected app');
    const role = await this.roleOf(actor.team.id, grant.user.id, 'OAuth grant');
    const credential = bound(actor.team.id, { type: 'oauth', scopes: mcpScopesAllowedFor(role, grant.scopes), tools: grant.tools, models: grant.models });
    const report = await this.report(actor, { credential, role }, { credential, role });
    return {
      subject: {
        kind: 'oauth_grant',
        id: grantId,
        label: grant.client.name,
        role,
        scopes: credential.scopes as Scope[],
        tools: grant.tools,
        models: grant.models,
      },
      ...report,
      rest: report.rest.map((entry) => ({
        ...entry,
        outcome: 'deny' as const,
        reason: 'OAuth access tokens are bound to the MCP endpoint; the REST API does not accept them',
      })),
    };
  }

  private mayInspect(actor: TeamActor, ownerId: string, what: string): void {
    if (ownerId !== actor.user.id) this.authorization.assert(actor, 'permissions.read', `see what ${what} can do`);
  }

  private async roleOf(teamId: string, userId: string, what: string): Promise<Role> {
    const access = await this.memberships.resolveAccess(teamId, userId);
    if (!access) throw notFound(what);
    return access.role;
  }

  private async report(actor: TeamActor, rest: AuthorizationSubject, mcp: AuthorizationSubject) {
    const policy = new OdooPolicy(await this.teams.mcpPolicy(actor.team.id));
    return reportPermissions(rest, mcp, actor.team, policy, TOOL_FACTS);
  }
}

function bound(
  teamId: string,
  parts: Pick<Credential, 'type' | 'scopes'> & { tools?: readonly string[] | null; models?: readonly string[] | null },
): Credential {
  return { id: 'report', label: null, teamId, tools: parts.tools ?? null, models: parts.models ?? null, type: parts.type, scopes: parts.scopes };
}
