import { Injectable, Logger } from '@nestjs/common';
import { roleHasPermission, Scope, SCOPES, scopesAllowedFor } from '@gantry/contracts';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { RefreshAheadCache } from '../common/refresh-ahead-cache';
import { OAuthTokenVerifier } from '../oauth/oauth-token-verifier.service';
import { MembershipsService } from '../teams/memberships.service';
import { UsersService } from '../users/users.service';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { McpCaller } from './mcp-caller';

const PROFILE_TTL_MS = 60_000;

/** Resolves the bearer credential of an /mcp request to a caller; null means 401. */
@Injectable()
export class McpAuthenticator {
  /** Display name and email only (for the audit log); never used for authorisation. */
  private readonly profiles = new RefreshAheadCache<string, { name: string | null; email: string | null }>({
    ttlMs: PROFILE_TTL_MS,
    refreshAfterMs: PROFILE_TTL_MS * 0.8,
    what: 'the profile of user',
    logger: new Logger('McpAuthenticator'),
  });

  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly users: UsersService,
    private readonly oauth: OAuthTokenVerifier,
    private readonly workspaces: WorkspacesService,
    private readonly memberships: MembershipsService,
  ) {}

  async authenticate(headers: IncomingHttpHeaders): Promise<McpCaller | null> {
    const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization?.trim() ?? '');
    if (!match) return null;
    const token = match[1]!;
    if (OAuthTokenVerifier.looksLikeJwt(token)) {
      const principal = await this.oauth.verify(token);
      if (!principal) return null;
      return {
        user: { id: principal.userId, ...(await this.profile(principal.userId)) },
        team: { id: principal.teamId, slug: principal.team.slug },
        scopes: principal.scopes,
        credential: { type: 'oauth', id: principal.grantId, label: principal.clientId },
      };
    }
    const key = await this.apiKeys.authenticate(token);
    if (!key) return null;
    return {
      user: { id: key.userId, ...(await this.profile(key.userId)) },
      team: { id: key.teamId, slug: key.team.slug },
      scopes: key.scopes as Scope[],
      credential: { type: 'api_key', id: key.keyId, label: key.name },
    };
  }

  /**
   * /mcp/workspaces/<id>: the workspace's own token (gws_…), acting as the member who issued it,
   * while they are still in the team, with the workspace tools only and only for that workspace.
   */
  async authenticateWorkspace(workspaceId: string, headers: IncomingHttpHeaders): Promise<McpCaller | null> {
    const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization?.trim() ?? '');
    if (!match) return null;
    const bound = await this.workspaces.verifyMcpToken(workspaceId, match[1]!);
    if (!bound?.issuedBy) return null;
    const access = await this.memberships.resolveAccess(bound.teamId, bound.issuedBy);
    if (!access || !roleHasPermission(access.role, 'workspaces.use')) return null;
    return {
      user: { id: bound.issuedBy, ...(await this.profile(bound.issuedBy)) },
      team: { id: bound.teamId, slug: bound.teamSlug },
      // The workspace tools, and the Odoo tools against the workspace's own Odoo, as far as the issuer's role goes.
      scopes: scopesAllowedFor(access.role, SCOPES),
      credential: { type: 'workspace_token', id: workspaceId, label: bound.workspace },
      workspace: { id: workspaceId, name: bound.workspace },
    };
  }

  private profile(userId: string): Promise<{ name: string | null; email: string | null }> {
    return this.profiles.get(userId, async () => {
      const user = await this.users.findById(userId);
      return { name: user?.name ?? null, email: user?.email ?? null };
    });
  }
}
