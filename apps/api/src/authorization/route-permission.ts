import { applyDecorators } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBasicAuth, ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Permission, PERMISSIONS } from '@gantry/contracts';

/** The permission a route requires, read by AuthorizationGuard and listed by RouteTable. */
export const RoutePermission = Reflector.createDecorator<Permission>();

/**
 * Every non-public route declares what it does as one permission (permissions.ts); the one
 * decision point grants it or refuses with 401/403/404. Team-scoped permissions act in `:teamId`.
 */
export function Authorize(permission: Permission) {
  const spec = PERMISSIONS[permission];
  const credentials = spec.grantedBy === 'session' ? 'a dashboard sign-in' : `a dashboard sign-in or a key with the ${spec.grantedBy.join(' or ')} scope`;
  return applyDecorators(
    RoutePermission(permission),
    ApiBearerAuth(),
    ...(spec.grantedBy === 'session' ? [] : [ApiBasicAuth()]),
    ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED: no valid credential' }),
    ApiForbiddenResponse({ description: `Requires ${permission} (${spec.description}) through ${credentials}` }),
    ...(spec.teamScoped
      ? [ApiNotFoundResponse({ description: 'The team does not exist, the caller is not a member, or the credential belongs to another team' })]
      : []),
  );
}
