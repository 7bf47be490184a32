import { SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Permission } from '@gantry/contracts';

export const IS_PUBLIC = 'gantry:isPublic';
/** Routes that need no credential (login, refresh, health, invitation preview). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The permission a team-scoped route requires, read by TeamAccessGuard. */
export const RequirePermission = Reflector.createDecorator<Permission>();
