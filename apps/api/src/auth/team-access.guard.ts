import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { roleHasPermission } from '@gantry/contracts';
import { DomainError, forbidden, notFound } from '../common/domain-error';
import { parseObjectId } from '../common/ids';
import { MembershipsService } from '../teams/memberships.service';
import { ActorRequest } from './actor';
import { RequirePermission } from './route-metadata';

@Injectable()
export class TeamAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly memberships: MembershipsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ActorRequest>();
    const actor = request.actor;
    if (!actor) throw new DomainError('UNAUTHENTICATED', 'Authentication required');
    const teamId = String(request.params.teamId ?? '');
    // An API key is bound to its team: any other team answers as if it did not exist.
    if (actor.credential.type === 'api_key' && parseObjectId(teamId)?.toString() !== actor.credential.teamId) throw notFound('Team');
    const access = await this.memberships.resolveAccess(teamId, actor.user.id);
    if (!access) throw notFound('Team');
    actor.team = access.team;
    actor.role = access.role;
    const permission = this.reflector.getAllAndOverride(RequirePermission, [context.getHandler(), context.getClass()]);
    if (permission && !roleHasPermission(access.role, permission)) {
      throw forbidden(`Your role (${access.role}) does not allow this (${permission})`);
    }
    return true;
  }
}
