import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Member, roleHasPermission } from '@gantry/contracts';
import { TeamActor } from '../auth/actor';
import { CurrentActor, TeamRoute } from '../auth/auth.decorators';
import { ChangeRoleDto, MemberDto, TransferOwnershipDto } from './teams.dto';
import { TeamsService } from './teams.service';

@ApiTags('members')
@Controller('teams/:teamId')
export class MembersController {
  constructor(private readonly teams: TeamsService) {}

  @Get('members')
  @TeamRoute()
  @ApiOkResponse({ type: [MemberDto] })
  list(@CurrentActor() actor: TeamActor): Promise<Member[]> {
    return this.teams.listMembers(actor);
  }

  @Patch('members/:userId')
  @TeamRoute('members.manage')
  @ApiOkResponse({ type: MemberDto })
  changeRole(@CurrentActor() actor: TeamActor, @Param('userId') userId: string, @Body() body: ChangeRoleDto): Promise<Member> {
    return this.teams.changeRole(actor, userId, body.role);
  }

  /** Removing yourself is leaving, which every member may do (except the owner). */
  @Delete('members/:userId')
  @TeamRoute()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Member removed (or left)' })
  async remove(@CurrentActor() actor: TeamActor, @Param('userId') userId: string): Promise<void> {
    await this.teams.removeMember(actor, userId, roleHasPermission(actor.role, 'members.manage'));
  }

  @Post('transfer-ownership')
  @TeamRoute('team.transferOwnership')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Ownership moved; the previous owner becomes an admin' })
  async transferOwnership(@CurrentActor() actor: TeamActor, @Body() body: TransferOwnershipDto): Promise<void> {
    await this.teams.transferOwnership(actor, body.userId);
  }
}
