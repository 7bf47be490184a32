import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { MCP_SCOPES, scopesAllowedFor } from '@gantry/contracts';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { Actor } from '../../auth/actor';
import { AppPassport, PROCESS_WIDE_REGISTRATIONS_IGNORED } from '../../auth/strategies/app-passport';
import { bearerToken } from '../../auth/strategies/bearer-token';
import { MembershipsService } from '../../teams/memberships.service';
import { UserProfiles } from '../../users/user-profiles.service';
import { WorkspacesService } from '../../workspaces/workspaces.service';

export const WORKSPACE_TOKEN_STRATEGY = 'workspace-token';
const BOUND_PATH = /^\/mcp\/workspaces\/([^/]+)$/;

/**
 * A workspace's own MCP token (`gws_…`) at /mcp/workspaces/<id>: it acts as the member who issued
 * it, while they are still in the team, with the MCP scopes their role allows, and reaches only
 * that workspace (and its own Odoo).
 */
@Injectable()
export class WorkspaceTokenStrategy extends PassportStrategy(Strategy, WORKSPACE_TOKEN_STRATEGY) {
  constructor(
    passports: AppPassport,
    private readonly workspaces: WorkspacesService,
    private readonly memberships: MembershipsService,
    private readonly profiles: UserProfiles,
  ) {
    super();
    passports.use(WORKSPACE_TOKEN_STRATEGY, this);
  }

  /** See AppPassport: registered on this application's Passport, not the process-wide one. */
  getPassportInstance() {
    return PROCESS_WIDE_REGISTRATIONS_IGNORED;
  }

  async validate(request: Request): Promise<Actor | false> {
    const token = bearerToken(request);
    const workspaceId = BOUND_PATH.exec(request.path)?.[1];
    if (!token || !workspaceId) return false;
    const bound = await this.workspaces.verifyMcpToken(decodeURIComponent(workspaceId), token);
    if (!bound?.issuedBy) return false;
    const access = await this.memberships.resolveAccess(bound.teamId, bound.issuedBy);
    const user = access ? await this.profiles.get(bound.issuedBy) : null;
    if (!access || !user) return false;
    return {
      user,
      credential: {
        type: 'workspace_token',
        id: decodeURIComponent(workspaceId),
        label: bound.workspace,
        scopes: scopesAllowedFor(access.role, MCP_SCOPES),
        teamId: bound.teamId,
        tools: null,
        models: null,
        workspace: { id: decodeURIComponent(workspaceId), name: bound.workspace },
      },
      team: access.team,
      role: access.role,
    };
  }
}
