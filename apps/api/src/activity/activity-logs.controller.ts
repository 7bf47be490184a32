import { Controller, Get, Logger, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AUDIT_EXPORT_MAX_ROWS, ActivityPage } from '@gantry/contracts';
import type { Response } from 'express';
import { TeamActor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Authorize } from '../authorization/route-permission';
import { AUDIT_EXPORT_CONTENT_TYPES, exportDownload } from '../audit/audit-export';
import { ActivityExportQueryDto, ActivityPageDto, ActivityQueryDto } from './activity.dto';
import { ActivityLogsService } from './activity-logs.service';

const VISIBILITY = 'Owners, admins and auditors (activity.readAll) see the whole team’s trail; members only their own actions.';

/** A team's admin trail: changes made through the REST API and the dashboard, and refused attempts. */
@ApiTags('activity')
@Controller('teams/:teamId/activity')
export class ActivityLogsController {
  private readonly logger = new Logger('Activity');

  constructor(private readonly activity: ActivityLogsService) {}

  @Get()
  @Authorize('activity.readOwn')
  @ApiOkResponse({ type: ActivityPageDto, description: `Newest first; filter by actor (a user id), action, outcome and time. ${VISIBILITY}` })
  list(@CurrentActor() actor: TeamActor, @Query() query: ActivityQueryDto): Promise<ActivityPage> {
    return this.activity.list(actor, query);
  }

  @Get('export')
  @Authorize('activity.readOwn')
  @ApiProduces(AUDIT_EXPORT_CONTENT_TYPES.csv, AUDIT_EXPORT_CONTENT_TYPES.json)
  @ApiOkResponse({
    description: `The filtered trail as a CSV or JSON file, newest first, at most ${AUDIT_EXPORT_MAX_ROWS} records (X-Export-Truncated: true when more matched). ${VISIBILITY}`,
  })
  async export(
    @CurrentActor() actor: TeamActor,
    @Query() query: ActivityExportQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const exported = await this.activity.export(actor, query);
    return exportDownload(response, exported, { name: `gantry-activity-${actor.team.slug}`, format: query.format, logger: this.logger });
  }
}
