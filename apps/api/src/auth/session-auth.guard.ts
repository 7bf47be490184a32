import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isBasicAuthorization, looksLikeApiKey, parseBasicAuthorization } from '../api-keys/api-key-format';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { DomainError, forbidden } from '../common/domain-error';
import { safeEqual, sha256Hex } from '../common/secrets';
import { toUser, UsersService } from '../users/users.service';
import { Actor, ActorRequest } from './actor';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { IS_PUBLIC } from './route-metadata';

export function bearerToken(request: ActorRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

/**
 * Outside `/teams/:teamId/…` an API key may only ask who it belongs to. Everything else there
 * (sessions, creating teams, listing every team) belongs to a person signed in to the dashboard.
 */
const API_KEY_ROUTES_OUTSIDE_TEAMS = new Set<unknown>([AuthController.prototype.me]);

const INVALID_API_KEY = 'This API key is invalid, expired or revoked';

/**
 * Global guard: every route needs a credential unless marked @Public(). A credential is a
 * dashboard access token (`Bearer <jwt>`) or an API key, as `Bearer gnt_live_…` or as the
 * password of HTTP Basic with the key owner's email as the username.
 */
@Injectable()
export class SessionAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<ActorRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) {
      // Public routes still learn which dashboard session is calling (logout uses it). API keys are
      // not looked up here: /mcp authenticates its own credentials and must not pay for it twice.
      const token = bearerToken(request);
      if (token && !looksLikeApiKey(token)) request.actor = await this.auth.authenticate(token).catch(() => undefined);
      return true;
    }
    const actor = await this.identify(request);
    if (!actor) {
      throw new DomainError('UNAUTHENTICATED', 'Sign in first: send the access token or an API key as "Authorization: Bearer <token>"');
    }
    if (actor.credential.type === 'api_key' && request.params.teamId === undefined && !API_KEY_ROUTES_OUTSIDE_TEAMS.has(context.getHandler())) {
      throw forbidden(
        `An API key works on its team's routes (/api/teams/${actor.credential.teamId}/…) and GET /api/auth/me; this one needs a dashboard sign-in`,
      );
    }
    request.actor = actor;
    return true;
  }

  private async identify(request: ActorRequest): Promise<Actor | null> {
    const header = request.headers.authorization;
    if (isBasicAuthorization(header)) {
      const basic = parseBasicAuthorization(header);
      if (!basic) throw new DomainError('UNAUTHENTICATED', 'Malformed HTTP Basic credentials: expected base64 of "<email>:<API key>"');
      if (!looksLikeApiKey(basic.password))
        throw new DomainError('UNAUTHENTICATED', 'HTTP Basic takes an API key (gnt_live_…) as the password, not an account password');
      return this.fromApiKey(basic.password, basic.username);
    }
    const token = bearerToken(request);
    if (!token) return null;
    return looksLikeApiKey(token) ? this.fromApiKey(token, null) : this.auth.authenticate(token);
  }

  /** With HTTP Basic the username must be the key owner's email (any case), compared in constant time. */
  private async fromApiKey(rawKey: string, username: string | null): Promise<Actor> {
    const principal = await this.apiKeys.authenticate(rawKey);
    if (!principal) throw new DomainError('UNAUTHENTICATED', INVALID_API_KEY);
    const user = await this.users.findById(principal.userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', INVALID_API_KEY);
    if (username !== null && !safeEqual(sha256Hex(username.toLowerCase()), sha256Hex(user.email))) {
      throw new DomainError('UNAUTHENTICATED', "HTTP Basic username must be the API key owner's email");
    }
    return {
      user: toUser(user),
      credential: { type: 'api_key', id: principal.keyId, scopes: principal.scopes, teamId: principal.teamId },
    };
  }
}
