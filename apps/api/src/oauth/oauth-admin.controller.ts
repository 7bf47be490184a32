import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CreatedOAuthClient, OAuthClient, OAuthGrant } from '@gantry/contracts';
import { TeamActor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Authorize } from '../authorization/route-permission';
import { CreatedOAuthClientDto, CreateOAuthClientDto, OAuthClientDto, OAuthGrantDto } from './oauth.dto';
import { OAuthAdminService } from './oauth-admin.service';
import { CredentialNarrowingDto } from '../api-keys/api-keys.dto';

@ApiTags('oauth')
@Controller('teams/:teamId/oauth')
export class OAuthAdminController {
  constructor(private readonly admin: OAuthAdminService) {}

  @Get('clients')
  @Authorize('oauth.clients.manage')
  @ApiOkResponse({ type: [OAuthClientDto], description: "The team's pre-registered OAuth clients (secrets never appear)" })
  listClients(@CurrentActor() actor: TeamActor): Promise<OAuthClient[]> {
    return this.admin.listClients(actor);
  }

  @Post('clients')
  @Authorize('oauth.clients.manage')
  @ApiCreatedResponse({ type: CreatedOAuthClientDto, description: '`clientSecret` is shown this once; it is stored encrypted' })
  createClient(@CurrentActor() actor: TeamActor, @Body() body: CreateOAuthClientDto): Promise<CreatedOAuthClient> {
    return this.admin.createClient(actor, body);
  }

  @Delete('clients/:clientId')
  @Authorize('oauth.clients.manage')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Client deleted; every token issued to it stops working on its next use' })
  async deleteClient(@CurrentActor() actor: TeamActor, @Param('clientId') clientId: string): Promise<void> {
    await this.admin.deleteClient(actor, clientId);
  }

  @Get('grants')
  @Authorize('oauth.grants.read')
  @ApiOkResponse({ type: [OAuthGrantDto], description: "Members see the grants they gave; owners and admins the whole team's" })
  listGrants(@CurrentActor() actor: TeamActor): Promise<OAuthGrant[]> {
    return this.admin.listGrants(actor);
  }

  /** Narrows a connected app to chosen tools and models (null lifts a narrowing); it never widens what the app can do. */
  @Patch('grants/:grantId')
  @Authorize('oauth.grants.manage')
  @ApiOkResponse({ type: OAuthGrantDto })
  narrowGrant(@CurrentActor() actor: TeamActor, @Param('grantId') grantId: string, @Body() body: CredentialNarrowingDto): Promise<OAuthGrant> {
    return this.admin.narrowGrant(actor, grantId, body);
  }

  @Delete('grants/:grantId')
  @Authorize('oauth.grants.revokeOwn')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Grant revoked; its tokens stop working on their next use' })
  async revokeGrant(@CurrentActor() actor: TeamActor, @Param('grantId') grantId: string): Promise<void> {
    await this.admin.revokeGrant(actor, grantId);
  }
}
