import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { EffectivePermissions, effectivePermissionsSchema } from '@gantry/contracts';
import { createZodDto } from 'nestjs-zod';
import { TeamActor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Authorize } from '../authorization/route-permission';
import { EffectivePermissionsService } from './effective-permissions.service';

class EffectivePermissionsDto extends createZodDto(effectivePermissionsSchema) {}
const DESCRIPTION =
  'Every REST permission and MCP tool of the team with the decision authorize() takes for it now, and the Odoo models it reaches. One’s own always; anyone else’s needs permissions.read.';

@ApiTags('permissions')
@Controller('teams/:teamId')
export class EffectivePermissionsController {
  constructor(private readonly permissions: EffectivePermissionsService) {}

  @Get('members/:userId/permissions')
  @Authorize('members.read')
  @ApiOkResponse({ type: EffectivePermissionsDto, description: DESCRIPTION })
  member(@CurrentActor() actor: TeamActor, @Param('userId') userId: string): Promise<EffectivePermissions> {
    return this.permissions.forMember(actor, userId);
  }

  @Get('api-keys/:keyId/permissions')
  @Authorize('apiKeys.read')
  @ApiOkResponse({ type: EffectivePermissionsDto, description: DESCRIPTION })
  apiKey(@CurrentActor() actor: TeamActor, @Param('keyId') keyId: string): Promise<EffectivePermissions> {
    return this.permissions.forApiKey(actor, keyId);
  }

  @Get('oauth/grants/:grantId/permissions')
  @Authorize('oauth.grants.read')
  @ApiOkResponse({ type: EffectivePermissionsDto, description: DESCRIPTION })
  oauthGrant(@CurrentActor() actor: TeamActor, @Param('grantId') grantId: string): Promise<EffectivePermissions> {
    return this.permissions.forOAuthGrant(actor, grantId);
  }
}
