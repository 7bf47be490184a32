import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Team } from '@gantry/contracts';
import { Actor, TeamActor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Authorize } from '../authorization/route-permission';
import { CreateTeamDto, TeamDto, UpdateTeamDto } from './teams.dto';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @Authorize('account.teams')
  @ApiOkResponse({ type: [TeamDto], description: "The caller's teams with their role in each" })
  list(@CurrentActor() actor: Actor): Promise<Team[]> {
    return this.teams.listForUser(actor.user.id);
  }

  @Post()
  @Authorize('account.teams')
  @ApiCreatedResponse({ type: TeamDto, description: 'The caller becomes the owner' })
  create(@CurrentActor() actor: Actor, @Body() body: CreateTeamDto): Promise<Team> {
    return this.teams.create(body, actor.user.id);
  }

  @Get(':teamId')
  @Authorize('team.read')
  @ApiOkResponse({ type: TeamDto })
  get(@CurrentActor() actor: TeamActor): Promise<Team> {
    return this.teams.get(actor);
  }

  @Patch(':teamId')
  @Authorize('team.settings.write')
  @ApiOkResponse({ type: TeamDto })
  update(@CurrentActor() actor: TeamActor, @Body() body: UpdateTeamDto): Promise<Team> {
    return this.teams.update(actor, body);
  }
}
