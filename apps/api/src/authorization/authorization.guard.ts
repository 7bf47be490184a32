import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { PERMISSIONS } from '@gantry/contracts';
import { ActorRequest } from '../auth/actor';
import { IS_PUBLIC } from '../auth/route-metadata';
import { DomainError } from '../common/domain-error';
import { parseObjectId } from '../common/ids';
import { MembershipsService } from '../teams/memberships.service';
import { Authorization } from './authorization.service';
import { RoutePermission } from './route-permission';

/**
 * Global guard, second of two: resolves the caller's team and role for `/teams/:teamId/…` and asks
 * authorize() for the route's declared permission. A route that declares none is refused (and
 * RouteTable refuses to boot with one).
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authorization: Authorization,
    private readonly memberships: MembershipsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<ActorRequest>();
    const actor = request.actor;
    if (!actor) throw new DomainError('UNAUTHENTICATED', 'Authentication required');
    const permission = this.reflector.getAllAndOverride(RoutePermission, targets);
    const where = `${request.method} ${request.route?.path ?? request.path}`;
    if (!permission) throw new DomainError('FORBIDDEN', `${where} declares no permission, so nobody may call it`);
    let team: { id: string } | null = null;
    if (PERMISSIONS[permission].teamScoped) {
      // ObjectIds are hex, in either case; the canonical form is the one credentials are bound to.
      const teamId = parseObjectId(String(request.params.teamId ?? ''))?.toString() ?? '';
      team = { id: teamId };
      // A session is in whichever teams its user belongs to; a key or token carries its one team and role.
      if (actor.credential.teamId === null) {
        const access = await this.memberships.resolveAccess(teamId, actor.user.id);
        actor.team = access?.team;
        actor.role = access?.role;
      }
    }
    this.authorization.assert(actor, permission, where, { team });
    return true;
  }
}
