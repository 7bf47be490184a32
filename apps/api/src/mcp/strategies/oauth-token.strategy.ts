import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { Actor } from '../../auth/actor';
import { AppPassport, PROCESS_WIDE_REGISTRATIONS_IGNORED } from '../../auth/strategies/app-passport';
import { bearerToken } from '../../auth/strategies/bearer-token';
import { OAuthTokenVerifier } from '../../oauth/oauth-token-verifier.service';
import { UserProfiles } from '../../users/user-profiles.service';

export const OAUTH_STRATEGY = 'oauth';

/**
 * An OAuth access token issued by Gantry's authorization server, at /mcp only: its audience is the
 * MCP resource, so the REST API never runs this strategy. The grant must still exist and the user
 * still be a member; scopes are what the role allows today, narrowed by an admin if they chose to.
 */
@Injectable()
export class OAuthTokenStrategy extends PassportStrategy(Strategy, OAUTH_STRATEGY) {
  constructor(
    passports: AppPassport,
    private readonly verifier: OAuthTokenVerifier,
    private readonly profiles: UserProfiles,
  ) {
    super();
    passports.use(OAUTH_STRATEGY, this);
  }

  /** See AppPassport: registered on this application's Passport, not the process-wide one. */
  getPassportInstance() {
    return PROCESS_WIDE_REGISTRATIONS_IGNORED;
  }

  async validate(request: Request): Promise<Actor | false> {
    const token = bearerToken(request);
    if (!token || !OAuthTokenVerifier.looksLikeJwt(token)) return false;
    const principal = await this.verifier.verify(token);
    if (!principal) return false;
    const user = await this.profiles.get(principal.userId);
    if (!user) return false;
    return {
      user,
      credential: {
        type: 'oauth',
        id: principal.grantId,
        label: principal.clientId,
        scopes: principal.scopes,
        teamId: principal.teamId,
        tools: principal.tools,
        models: principal.models,
      },
      team: principal.team,
      role: principal.role,
    };
  }
}
