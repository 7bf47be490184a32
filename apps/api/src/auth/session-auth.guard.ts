import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/domain-error';
import { ActorRequest } from './actor';
import { AuthService } from './auth.service';
import { IS_PUBLIC } from './route-metadata';

export function bearerToken(request: ActorRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1] ?? null;
}

/** Global guard: every route needs a credential unless marked @Public(). */
@Injectable()
export class SessionAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<ActorRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    const token = bearerToken(request);
    if (isPublic) {
      // Public routes still learn who is calling when a valid token is offered (logout uses it).
      if (token) request.actor = await this.auth.authenticate(token).catch(() => undefined);
      return true;
    }
    if (!token) throw new DomainError('UNAUTHENTICATED', 'Sign in first: send the access token as "Authorization: Bearer <token>"');
    request.actor = await this.auth.authenticate(token);
    return true;
  }
}
