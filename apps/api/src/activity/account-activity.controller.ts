import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ActivityPage } from '@gantry/contracts';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Authorize } from '../authorization/route-permission';
import { AccountActivityQueryDto, ActivityPageDto } from './activity.dto';
import { ActivityLogsService } from './activity-logs.service';

/**
 * One's own account events, next to one's sessions: a dashboard sign-in only (account.sessions), as
 * these concern the person, not a team a key belongs to.
 */
@ApiTags('auth')
@Controller('auth/activity')
export class AccountActivityController {
  constructor(private readonly activity: ActivityLogsService) {}

  @Get()
  @Authorize('account.sessions')
  @ApiOkResponse({
    type: ActivityPageDto,
    description: 'Your sign-ins, failed sign-ins and lockouts for your email, sign-outs, session revocations and refusals outside your teams, newest first',
  })
  list(@CurrentActor() actor: Actor, @Query() query: AccountActivityQueryDto): Promise<ActivityPage> {
    return this.activity.listAccount(actor, query);
  }
}
