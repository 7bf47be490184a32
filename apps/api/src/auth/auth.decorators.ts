import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { Actor, ActorRequest } from './actor';

export { Public } from './route-metadata';

/** The Actor the Passport strategies resolved (and, on team routes, AuthorizationGuard completed with team and role). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<ActorRequest>().actor;
  if (!actor) throw new DomainError('UNAUTHENTICATED', 'Authentication required');
  return actor;
});
