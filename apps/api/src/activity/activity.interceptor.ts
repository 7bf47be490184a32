import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Observable, tap } from 'rxjs';
import { IS_PUBLIC } from '../auth/route-metadata';
import { RoutePermission } from '../authorization/route-permission';
import { toDomainError } from '../common/http-exception.filter';
import { currentActivityScope } from './activity-context';
import { ActivityTrail } from './activity-trail';

/** Reads change nothing; they enter the trail only when refused (Authorization.onRefusal). */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global: records every REST mutation once, whatever its route — the declared permission as the
 * action, the outcome (the status Nest will answer, or the typed error the filter will send). It
 * records when the handler settles, before the response is written, and the insert itself runs
 * without the response waiting for it. Pipes run inside, so a validation 400 is recorded too.
 */
@Injectable()
export class ActivityInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly trail: ActivityTrail,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const scope = currentActivityScope();
    if (context.getType() !== 'http' || !scope) return next.handle();
    const { method } = context.switchToHttp().getRequest<Request>();
    if (READ_METHODS.has(method)) return next.handle();
    const handler = context.getHandler();
    const targets = [handler, context.getClass()];
    const permission = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)
      ? null
      : (this.reflector.getAllAndOverride(RoutePermission, targets) ?? null);
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, handler) ?? (method === 'POST' ? 201 : 200);
    return next.handle().pipe(
      tap({
        complete: () => this.trail.routeOutcome(scope, permission, { status }),
        error: (error: unknown) => this.trail.routeOutcome(scope, permission, { error: toDomainError(error) }),
      }),
    );
  }
}
