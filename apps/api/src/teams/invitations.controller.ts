import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiGoneResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CreatedInvitation, Invitation, InvitationPreview } from '@gantry/contracts';
import { TeamActor } from '../auth/actor';
import { CurrentActor, Public } from '../auth/auth.decorators';
import { Authorize } from '../authorization/route-permission';
import { CreatedInvitationDto, CreateInvitationDto, InvitationDto, InvitationPreviewDto } from './teams.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('invitations')
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get('teams/:teamId/invitations')
  @Authorize('members.invite')
  @ApiOkResponse({ type: [InvitationDto], description: 'Pending invitations' })
  list(@CurrentActor() actor: TeamActor): Promise<Invitation[]> {
    return this.invitations.listPending(actor);
  }

  @Post('teams/:teamId/invitations')
  @Authorize('members.invite')
  @ApiCreatedResponse({ type: CreatedInvitationDto, description: 'acceptUrl is shown once; only its hash is stored' })
  create(@CurrentActor() actor: TeamActor, @Body() body: CreateInvitationDto): Promise<CreatedInvitation> {
    return this.invitations.create(actor, { email: body.email, role: body.role ?? 'member' });
  }

  @Delete('teams/:teamId/invitations/:invitationId')
  @Authorize('members.invite')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Invitation revoked' })
  async revoke(@CurrentActor() actor: TeamActor, @Param('invitationId') invitationId: string): Promise<void> {
    await this.invitations.revoke(actor, invitationId);
  }

  @Public()
  @Get('invitations/:token')
  @ApiOkResponse({ type: InvitationPreviewDto })
  @ApiGoneResponse({ description: 'INVITATION_INVALID' })
  preview(@Param('token') token: string): Promise<InvitationPreview> {
    return this.invitations.preview(token);
  }
}
