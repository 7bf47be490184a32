import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { looksLikeApiKey } from '../../api-keys/api-key-format';
import { ApiKeyActors } from '../../api-keys/api-key-actors';
import { Actor } from '../actor';
import { AppPassport, PROCESS_WIDE_REGISTRATIONS_IGNORED } from './app-passport';
import { bearerToken } from './bearer-token';

export const API_KEY_STRATEGY = 'api-key';

/** An API key as `Authorization: Bearer gnt_live_…`: REST and /mcp. A key that is not valid ends the attempt (401). */
@Injectable()
export class ApiKeyBearerStrategy extends PassportStrategy(Strategy, API_KEY_STRATEGY) {
  constructor(
    passports: AppPassport,
    private readonly keys: ApiKeyActors,
  ) {
    super();
    passports.use(API_KEY_STRATEGY, this);
  }

  /** See AppPassport: registered on this application's Passport, not the process-wide one. */
  getPassportInstance() {
    return PROCESS_WIDE_REGISTRATIONS_IGNORED;
  }

  async validate(request: Request): Promise<Actor | false> {
    const token = bearerToken(request);
    if (!token || !looksLikeApiKey(token)) return false;
    return this.keys.actorFor(token);
  }
}
