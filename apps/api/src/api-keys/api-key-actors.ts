import { Injectable } from '@nestjs/common';
import { Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { safeEqual, sha256Hex } from '../common/secrets';
import { UserProfiles } from '../users/user-profiles.service';
import { ApiKeysService } from './api-keys.service';

const INVALID_API_KEY = 'This API key is invalid, expired or revoked';

/** Turns a presented API key into the Actor every door uses (REST Bearer and Basic, /mcp). */
@Injectable()
export class ApiKeyActors {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly profiles: UserProfiles,
  ) {}

  /** `basicUsername`: with HTTP Basic, the key owner's email (any case), compared in constant time. */
  async actorFor(rawKey: string, basicUsername?: string): Promise<Actor> {
    const principal = await this.keys.authenticate(rawKey);
    if (!principal) throw new DomainError('UNAUTHENTICATED', INVALID_API_KEY);
    const user = await this.profiles.get(principal.userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', INVALID_API_KEY);
    if (basicUsername !== undefined && !safeEqual(sha256Hex(basicUsername.toLowerCase()), sha256Hex(user.email))) {
      throw new DomainError('UNAUTHENTICATED', "HTTP Basic username must be the API key owner's email");
    }
    return {
      user,
      credential: {
        type: 'api_key',
        id: principal.keyId,
        label: principal.name,
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
