import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiKey, CreatedApiKey } from '@gantry/contracts';
import { TeamActor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Authorize } from '../authorization/route-permission';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto, CredentialNarrowingDto, ListApiKeysQueryDto } from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('api-keys')
@Controller('teams/:teamId/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @Authorize('apiKeys.read')
  @ApiOkResponse({ type: [ApiKeyDto], description: "Members see their own keys, owners and admins the whole team's; secrets never appear" })
  list(@CurrentActor() actor: TeamActor, @Query() query: ListApiKeysQueryDto): Promise<ApiKey[]> {
    return this.apiKeys.list(actor, query.includeRevoked === 'true');
  }

  @Post()
  @Authorize('apiKeys.create')
  @ApiCreatedResponse({
    type: CreatedApiKeyDto,
    description: '`secret` is shown this once; only its SHA-256 is stored. Needs a dashboard sign-in, not an API key.',
  })
  create(@CurrentActor() actor: TeamActor, @Body() body: CreateApiKeyDto): Promise<CreatedApiKey> {
    return this.apiKeys.create(actor, body);
  }

  /** Anyone may revoke their own key; another member's needs apiKeys.manage. */
  @Delete(':keyId')
  @Authorize('apiKeys.revokeOwn')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Key revoked; it stops working on the next request' })
  async revoke(@CurrentActor() actor: TeamActor, @Param('keyId') keyId: string): Promise<void> {
    await this.apiKeys.revoke(actor, keyId);
  }

  /** Narrows a key of the team to chosen tools and models (null lifts a narrowing); it never widens what the key can do. */
  @Patch(':keyId')
  @Authorize('apiKeys.manage')
  @ApiOkResponse({ type: ApiKeyDto })
  narrow(@CurrentActor() actor: TeamActor, @Param('keyId') keyId: string, @Body() body: CredentialNarrowingDto): Promise<ApiKey> {
    return this.apiKeys.narrow(actor, keyId, body);
  }
}
