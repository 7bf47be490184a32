import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-custom';
import { looksLikeApiKey } from '../../api-keys/api-key-format';
import { Actor } from '../actor';
import { AuthService } from '../auth.service';
import { AppPassport, PROCESS_WIDE_REGISTRATIONS_IGNORED } from './app-passport';
import { bearerToken } from './bearer-token';

export const SESSION_STRATEGY = 'session';

/**
 * A dashboard sign-in: `Authorization: Bearer <access token>` (a JWT of our own). The session
 * behind it must still be active, so logout and revocation stop the token at once. Anything that
 * is not such a token is left to the next strategy.
 */
@Injectable()
export class SessionTokenStrategy extends PassportStrategy(Strategy, SESSION_STRATEGY) {
  constructor(
    passports: AppPassport,
    private readonly auth: AuthService,
  ) {
    super();
    passports.use(SESSION_STRATEGY, this);
  }

  /** See AppPassport: registered on this application's Passport, not the process-wide one. */
  getPassportInstance() {
    return PROCESS_WIDE_REGISTRATIONS_IGNORED;
  }

  async validate(request: Request): Promise<Actor | false> {
    const token = bearerToken(request);
    if (!token || looksLikeApiKey(token) || token.split('.').length !== 3) return false;
    return this.auth.authenticate(token);
  }
}
