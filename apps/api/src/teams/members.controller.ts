import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Member } from '@gantry/contracts';
import { TeamActor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Authorize } from '../authorization/route-permission';
import { ChangeRoleDto, MemberDto, TransferOwnershipDto } from './teams.dto';
import { TeamsService } from './teams.service';

@ApiTags('members')
@Controller('teams/:teamId')
export class MembersController {
  constructor(private readonly teams: TeamsService) {}

  @Get('members')
  @Authorize('members.read')
  @ApiOkResponse({ type: [MemberDto] })
  list(@CurrentActor() actor: TeamActor): Promise<Member[]> {
    return this.teams.listMembers(actor);
  }

  @Patch('members/:userId')
  @Authorize('members.manage')
  @ApiOkResponse({ type: MemberDto })
  changeRole(@CurrentActor() actor: TeamActor, @Param('userId') userId: string, @Body() body: ChangeRoleDto): Promise<Member> {
    return this.teams.changeRole(actor, userId, body.role);
  }

  /** Removing yourself is leaving, which every member may do (except the owner). */
  @Delete('members/:userId')
  @Authorize('members.leave')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Member removed (or left)' })
  async remove(@CurrentActor() actor: TeamActor, @Param('userId') userId: string): Promise<void> {
    await this.teams.removeMember(actor, userId);
  }

  @Post('transfer-ownership')
  @Authorize('team.transferOwnership')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Ownership moved; the previous owner becomes an admin' })
  async transferOwnership(@CurrentActor() actor: TeamActor, @Body() body: TransferOwnershipDto): Promise<void> {
    await this.teams.transferOwnership(actor, body.userId);
  }
}
