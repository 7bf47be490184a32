import { Injectable, Logger } from '@nestjs/common';
import { User } from '@gantry/contracts';
import { RefreshAheadCache } from '../common/refresh-ahead-cache';
import { toUser, UsersService } from './users.service';

const PROFILE_TTL_MS = 60_000;

/**
 * A user's id, email and name for the credential strategies and the audit log, read through a short
 * cache so that the MCP hot path does not read the user on every call. Never used to decide access:
 * whether a credential still works is checked afresh (or through the credential cache, which every
 * revocation clears at once).
 */
@Injectable()
export class UserProfiles {
  private readonly profiles = new RefreshAheadCache<string, User | null>({
    ttlMs: PROFILE_TTL_MS,
    refreshAfterMs: PROFILE_TTL_MS * 0.8,
    what: 'the profile of user',
    logger: new Logger('UserProfiles'),
  });

  constructor(private readonly users: UsersService) {}

  get(userId: string): Promise<User | null> {
    return this.profiles.get(userId, async () => {
      const user = await this.users.findById(userId);
      return user ? toUser(user) : null;
    });
  }
}
