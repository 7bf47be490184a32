import { Injectable } from '@nestjs/common';
import { Scope } from '@gantry/contracts';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { OAuthTokenVerifier } from '../oauth/oauth-token-verifier.service';
import { UsersService } from '../users/users.service';
import { McpCaller } from './mcp-caller';

const PROFILE_TTL_MS = 60_000;

/** Resolves the bearer credential of an /mcp request to a caller; null means 401. */
@Injectable()
export class McpAuthenticator {
  /** Display name and email only (for the audit log); never used for authorisation. */
  private readonly profiles = new Map<string, { name: string | null; email: string | null; at: number }>();

  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly users: UsersService,
    private readonly oauth: OAuthTokenVerifier,
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
        team: { id: principal.teamId },
        scopes: principal.scopes,
        credential: { type: 'oauth', id: principal.grantId, label: principal.clientId },
      };
    }
    const key = await this.apiKeys.authenticate(token);
    if (!key) return null;
    return {
      user: { id: key.userId, ...(await this.profile(key.userId)) },
      team: { id: key.teamId },
      scopes: key.scopes as Scope[],
      credential: { type: 'api_key', id: key.keyId, label: key.name },
    };
  }

  private async profile(userId: string): Promise<{ name: string | null; email: string | null }> {
    const cached = this.profiles.get(userId);
    if (cached && Date.now() - cached.at < PROFILE_TTL_MS) return cached;
    const user = await this.users.findById(userId);
    const profile = { name: user?.name ?? null, email: user?.email ?? null, at: Date.now() };
    this.profiles.set(userId, profile);
    return profile;
  }
}
