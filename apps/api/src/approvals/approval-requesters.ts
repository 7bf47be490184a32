import { Injectable } from '@nestjs/common';
import { MCP_SCOPES, Role, Scope, scopesAllowedFor, TeamSummary } from '@gantry/contracts';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { Credential } from '../auth/actor';
import type { McpCaller } from '../mcp/mcp-caller';
import { OAuthTokenVerifier } from '../oauth/oauth-token-verifier.service';
import { MembershipsService } from '../teams/memberships.service';
import { UserProfiles } from '../users/user-profiles.service';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { ApprovalDocument } from './approval.schema';

interface Current {
  credential: Credential;
  team: TeamSummary;
  role: Role;
}

/**
 * The member who asked for a held call, as they are when it is approved. There is no request to
 * authenticate then, so each credential kind is read again by its id, afresh (never from the
 * credential cache): the API key still active and unexpired, the OAuth grant still there, the
 * workspace token the same one that asked, and the member still in the team — with the role and
 * scopes they have now, which authorize() then judges like any call.
 */
@Injectable()
export class ApprovalRequesters {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly oauth: OAuthTokenVerifier,
    private readonly workspaces: WorkspacesService,
    private readonly memberships: MembershipsService,
    private readonly profiles: UserProfiles,
  ) {}

  /** The caller to run the approved call as, or why the credential that asked no longer works. */
  async current(approval: ApprovalDocument): Promise<{ caller: McpCaller } | { refused: string }> {
    const userId = approval.requester.userId.toHexString();
    const teamId = approval.teamId.toHexString();
    const current = await this.credential(approval, teamId, userId);
    if (typeof current === 'string') return { refused: current };
    if (current.team.id !== teamId) return { refused: 'the credential that asked now belongs to another team' };
    const user = await this.profiles.get(userId);
    if (!user) return { refused: 'the member who asked no longer has an account' };
    return {
      caller: {
        user: { id: user.id, name: user.name, email: user.email },
        team: { id: current.team.id, slug: current.team.slug },
        role: current.role,
        scopes: current.credential.scopes ?? [],
        credential: current.credential,
        ...(current.credential.workspace ? { workspace: current.credential.workspace } : {}),
      },
    };
  }

  private async credential(approval: ApprovalDocument, teamId: string, userId: string): Promise<Current | string> {
    const asked = approval.requester.credential;
    const label = asked.label ? ` "${asked.label}"` : '';
    switch (asked.type) {
      case 'api_key': {
        const key = await this.apiKeys.principalById(asked.id);
        if (!key || key.userId !== userId) return `the API key${label} that asked was revoked or has expired, or its owner left the team`;
        const credential: Credential = {
          type: 'api_key',
          id: key.keyId,
          label: key.name,
          scopes: key.scopes,
          teamId: key.teamId,
          tools: key.tools,
          models: key.models,
        };
        return { credential, team: key.team, role: key.role };
      }
      case 'oauth': {
        const grant = await this.oauth.currentGrant(asked.id, userId, asked.scopes);
        if (!grant) return `the connected app${label} that asked was disconnected, or its user left the team`;
        const credential: Credential = {
          type: 'oauth',
          id: grant.grantId,
          label: asked.label,
          scopes: grant.scopes,
          teamId: grant.teamId,
          tools: grant.tools,
          models: grant.models,
        };
        return { credential, team: grant.team, role: grant.role };
      }
      case 'workspace_token': {
        const issuer = await this.workspaces.mcpTokenIssuer(asked.id);
        // A token issued after the call was held is another token: the one that asked was replaced or revoked.
        if (!issuer || issuer.teamId !== teamId || issuer.issuedBy !== userId || issuer.issuedAt > approval.createdAt) {
          return `the workspace token${label} that asked was revoked or replaced`;
        }
        const access = await this.memberships.resolveAccess(teamId, userId);
        if (!access) return 'the member who asked is no longer in the team';
        const workspace = { id: asked.id, name: issuer.workspace };
        const scopes: Scope[] = scopesAllowedFor(access.role, MCP_SCOPES);
        const credential: Credential = { type: 'workspace_token', id: asked.id, label: issuer.workspace, scopes, teamId, tools: null, models: null, workspace };
        return { credential, team: access.team, role: access.role };
      }
      default:
        return 'a dashboard session cannot run tool calls';
    }
  }
}
