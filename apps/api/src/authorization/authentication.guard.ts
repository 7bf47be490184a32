import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { Actor, ActorRequest } from '../auth/actor';
import { IS_PUBLIC } from '../auth/route-metadata';
import { API_KEY_BASIC_STRATEGY } from '../auth/strategies/api-key-basic.strategy';
import { API_KEY_STRATEGY } from '../auth/strategies/api-key-bearer.strategy';
import { AppPassport } from '../auth/strategies/app-passport';
import { SESSION_STRATEGY } from '../auth/strategies/session-token.strategy';
import { DomainError } from '../common/domain-error';

/** The credential kinds the REST API takes, in the order Passport tries them. */
const REST_STRATEGIES = [SESSION_STRATEGY, API_KEY_STRATEGY, API_KEY_BASIC_STRATEGY];

/**
 * Global guard, first of two: every REST route needs a credential unless marked @Public(). Passport
 * tries the REST strategies in turn (dashboard session, API key as Bearer, API key as HTTP Basic);
 * each yields the same Actor on `request.actor`. OAuth and workspace tokens are for /mcp only: their
 * audience is the MCP endpoint, so REST answers them 401.
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly passports: AppPassport,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<ActorRequest>();
    const actor = await this.passports.authenticate<Actor>(REST_STRATEGIES, request, http.getResponse<Response>());
    if (!actor) {
      throw new DomainError(
        'UNAUTHENTICATED',
        'Sign in first: send the access token or an API key as "Authorization: Bearer <token>", or an API key as the password of HTTP Basic',
      );
    }
    request.actor = actor;
    return true;
  }
}
