import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  GitCredential,
  gitCredentialInputSchema,
  gitCredentialSchema,
  gitCredentialValidateInputSchema,
  GitCredentialValidation,
  gitCredentialValidationSchema,
} from '@gantry/contracts';
import { createZodDto } from 'nestjs-zod';
import { TeamActor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Authorize } from '../authorization/route-permission';
import { GitCredentialsService } from './git-credentials.service';

class GitCredentialInputDto extends createZodDto(gitCredentialInputSchema) {}
class GitCredentialDto extends createZodDto(gitCredentialSchema) {}
class GitCredentialValidateInputDto extends createZodDto(gitCredentialValidateInputSchema) {}
class GitCredentialValidationDto extends createZodDto(gitCredentialValidationSchema) {}

/** Team git credentials for cloning workspace sources. Tokens go in once and only ever come back masked. */
@ApiTags('git-credentials')
@Controller('teams/:teamId/git-credentials')
export class GitCredentialsController {
  constructor(private readonly credentials: GitCredentialsService) {}

  @Get()
  @Authorize('workspaces.read')
  @ApiOkResponse({ type: [GitCredentialDto] })
  list(@CurrentActor() actor: TeamActor): Promise<GitCredential[]> {
    return this.credentials.list(actor.team.id);
  }

  @Post()
  @Authorize('workspaces.manage')
  @ApiOkResponse({ type: GitCredentialDto })
  create(@CurrentActor() actor: TeamActor, @Body() body: GitCredentialInputDto): Promise<GitCredential> {
    return this.credentials.create(actor.team.id, body);
  }

  @Post(':credentialId/validate')
  @Authorize('workspaces.manage')
  @HttpCode(200)
  @ApiOkResponse({ type: GitCredentialValidationDto })
  validate(@CurrentActor() actor: TeamActor, @Param('credentialId') id: string, @Body() body: GitCredentialValidateInputDto): Promise<GitCredentialValidation> {
    return this.credentials.validate(actor.team.id, id, body?.repoUrl);
  }

  @Delete(':credentialId')
  @Authorize('workspaces.manage')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@CurrentActor() actor: TeamActor, @Param('credentialId') id: string): Promise<void> {
    await this.credentials.remove(actor.team.id, id);
  }
}
