import { applyDecorators, createParamDecorator, ExecutionContext, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse } from '@nestjs/swagger';
import { Permission } from '@gantry/contracts';
import { DomainError } from '../common/domain-error';
import { Actor, ActorRequest } from './actor';
import { RequirePermission } from './route-metadata';
import { TeamAccessGuard } from './team-access.guard';

export { Public } from './route-metadata';

/**
 * The one door for team-scoped routes: the caller must belong to `:teamId` (else 404, so other
 * teams' existence does not leak) and hold the permission (else 403).
 */
export function TeamRoute(permission?: Permission) {
  return applyDecorators(
    ...(permission ? [RequirePermission(permission)] : []),
    UseGuards(TeamAccessGuard),
    ApiBearerAuth(),
    ApiNotFoundResponse({ description: 'The team does not exist or the caller is not a member' }),
    ...(permission ? [ApiForbiddenResponse({ description: `Requires permission ${permission}` })] : []),
  );
}

export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<ActorRequest>().actor;
  if (!actor) throw new DomainError('UNAUTHENTICATED', 'Authentication required');
  return actor;
});
