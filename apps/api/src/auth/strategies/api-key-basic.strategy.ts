import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { BasicStrategy } from 'passport-http';
import { looksLikeApiKey } from '../../api-keys/api-key-format';
import { ApiKeyActors } from '../../api-keys/api-key-actors';
import { DomainError } from '../../common/domain-error';
import { Actor } from '../actor';
import { AppPassport, PROCESS_WIDE_REGISTRATIONS_IGNORED } from './app-passport';

export const API_KEY_BASIC_STRATEGY = 'api-key-basic';

/**
 * An API key as the password of HTTP Basic (passport-http), for scripts and tools that only speak
 * Basic: the username must be the key owner's email (any case), compared in constant time. An
 * account password is never accepted here: sign-in has its own throttled door.
 */
@Injectable()
export class ApiKeyBasicStrategy extends PassportStrategy(BasicStrategy, API_KEY_BASIC_STRATEGY) {
  constructor(
    passports: AppPassport,
    private readonly keys: ApiKeyActors,
  ) {
    super();
    passports.use(API_KEY_BASIC_STRATEGY, this);
  }

  /** See AppPassport: registered on this application's Passport, not the process-wide one. */
  getPassportInstance() {
    return PROCESS_WIDE_REGISTRATIONS_IGNORED;
  }

  /** RFC 7235 allows several spaces after the scheme; passport-http splits on exactly one. */
  override authenticate(request: Request, options?: object): void {
    const header = request.headers.authorization;
    if (typeof header === 'string') request.headers.authorization = header.trim().replace(/^(\S+)\s+/, '$1 ');
    super.authenticate(request, options);
  }

  async validate(username: string, password: string): Promise<Actor> {
    if (!looksLikeApiKey(password)) {
      throw new DomainError('UNAUTHENTICATED', 'HTTP Basic takes an API key (gnt_live_…) as the password, not an account password');
    }
    return this.keys.actorFor(password, username);
  }
}
