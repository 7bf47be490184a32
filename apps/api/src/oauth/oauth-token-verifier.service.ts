import { Injectable } from '@nestjs/common';
import { mcpScopesAllowedFor, McpScope, Role, TeamSummary } from '@gantry/contracts';
import { errors as joseErrors, jwtVerify } from 'jose';
import { CredentialCacheService } from '../credential-cache/credential-cache.service';
import { MembershipsService } from '../teams/memberships.service';
import { GRANT_CLAIM, OAuthProviderService, TEAM_CLAIM } from './oauth-provider.service';
import { OAUTH_GRANTS, OAuthStoredDocument } from './oauth-store';

export interface OAuthPrincipal {
  grantId: string;
  clientId: string;
  userId: string;
  teamId: string;
  team: TeamSummary;
  role: Role;
  /** Granted scopes that the user's role allows today. */
  scopes: McpScope[];
  /** An admin's narrowing of the grant to tools and models (null: none). */
  tools: string[] | null;
  models: string[] | null;
  expiresAt: Date;
}

/**
 * Verifies an OAuth access token presented to /mcp. The SDK's bearer middleware checks neither
 * audience nor Gantry's grants, so this does: ES256 signature by our key, issuer, expiry, audience
 * = the MCP resource, type at+jwt; then that the grant still exists and the user is still a member,
 * with the role they have now. Results are cached per token until a revocation invalidates them.
 */
@Injectable()
export class OAuthTokenVerifier {
  constructor(
    private readonly oauth: OAuthProviderService,
    private readonly memberships: MembershipsService,
    private readonly cache: CredentialCacheService,
  ) {}

  /** A JWS compact serialisation: three base64url parts; API keys and garbage are not even parsed. */
  static looksLikeJwt(token: string): boolean {
    return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
  }

  async verify(token: string): Promise<OAuthPrincipal | null> {
    if (!OAuthTokenVerifier.looksLikeJwt(token)) return null;
    const cacheKey = `oauth:${token.slice(-43)}`;
    const cached = this.cache.get(cacheKey) as (OAuthPrincipal & { token: string }) | undefined;
    if (cached && cached.token === token && cached.expiresAt > new Date()) {
      const { token: _token, ...principal } = cached;
      return principal;
    }
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, this.oauth.publicKey, {
        issuer: this.oauth.issuer,
        audience: this.oauth.mcpResource,
        algorithms: ['ES256'],
        typ: 'at+jwt',
        requiredClaims: ['exp', 'sub', 'client_id'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null;
      throw error;
    }
    const grantId = claims[GRANT_CLAIM];
    const teamId = claims[TEAM_CLAIM];
    if (typeof grantId !== 'string' || typeof teamId !== 'string' || typeof claims.sub !== 'string') return null;
    const grant = await this.oauth.db.collection<OAuthStoredDocument>(OAUTH_GRANTS).findOne({ _id: grantId });
    if (!grant?.gantry || grant.gantry.teamId !== teamId || grant.gantry.userId !== claims.sub) return null;
    if (grant.expiresAt && grant.expiresAt <= new Date()) return null;
    const access = await this.memberships.resolveAccess(teamId, claims.sub);
    if (!access) return null;
    const tokenScopes = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
    const principal: OAuthPrincipal = {
      grantId,
      clientId: String(claims.client_id),
      userId: claims.sub,
      teamId,
      team: access.team,
      role: access.role,
      scopes: mcpScopesAllowedFor(access.role, tokenScopes),
      tools: grant.gantry.tools ?? null,
      models: grant.gantry.models ?? null,
      expiresAt: new Date((claims.exp as number) * 1000),
    };
    this.cache.set(cacheKey, { ...principal, token }, { keyId: grantId, teamId, userId: claims.sub }, principal.expiresAt);
    return principal;
  }

  /**
   * What a grant allows now, read afresh, for a call one of its tokens asked for earlier and an admin
   * approved since (there is no token to verify then): the grant must still exist for this user, and
   * the user still be a member. Scopes are those the token carried that the grant and the role still allow.
   */
  async currentGrant(grantId: string, userId: string, tokenScopes: readonly string[]): Promise<Omit<OAuthPrincipal, 'clientId' | 'expiresAt'> | null> {
    const grant = await this.oauth.db.collection<OAuthStoredDocument>(OAUTH_GRANTS).findOne({ _id: grantId });
    if (!grant?.gantry || grant.gantry.userId !== userId) return null;
    if (grant.expiresAt && grant.expiresAt <= new Date()) return null;
    const access = await this.memberships.resolveAccess(grant.gantry.teamId, userId);
    if (!access) return null;
    const granted = grant.gantry.scopes;
    return {
      grantId,
      userId,
      teamId: grant.gantry.teamId,
      team: access.team,
      role: access.role,
      scopes: mcpScopesAllowedFor(
        access.role,
        tokenScopes.filter((scope) => granted.includes(scope)),
      ),
      tools: grant.gantry.tools ?? null,
      models: grant.gantry.models ?? null,
    };
  }
}
