import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'gantry:isPublic';
/** Routes that need no credential (login, refresh, health, invitation preview); every other route declares a permission. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
