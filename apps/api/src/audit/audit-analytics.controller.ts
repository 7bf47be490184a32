import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { analyticsQuerySchema, TeamOverview, teamOverviewSchema, UsageAnalytics, usageAnalyticsSchema } from '@gantry/contracts';
import { InjectModel } from '@nestjs/mongoose';
import { Model, Types } from 'mongoose';
import { createZodDto } from 'nestjs-zod';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { TeamActor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Authorization } from '../authorization/authorization.service';
import { Authorize } from '../authorization/route-permission';
import { DomainError } from '../common/domain-error';
import { OdooConnectionsService } from '../odoo-connections/odoo-connections.service';
import { AuditAnalyticsService } from './audit-analytics.service';
import { AuditLogRecord } from './audit-log.schema';

class AnalyticsQueryDto extends createZodDto(analyticsQuerySchema) {}
class UsageAnalyticsDto extends createZodDto(usageAnalyticsSchema) {}
class TeamOverviewDto extends createZodDto(teamOverviewSchema) {}

const RECENT_ERRORS = 5;

@ApiTags('analytics')
@Controller('teams/:teamId')
export class AuditAnalyticsController {
  constructor(
    private readonly analytics: AuditAnalyticsService,
    private readonly connections: OdooConnectionsService,
    private readonly apiKeys: ApiKeysService,
    private readonly authorization: Authorization,
    @InjectModel(AuditLogRecord.name) private readonly logs: Model<AuditLogRecord>,
  ) {}

  @Get('analytics/usage')
  @Authorize('auditLogs.readOwn')
  @ApiOkResponse({
    type: UsageAnalyticsDto,
    description: 'Calls per day and tool, error rates, p50/p95 per tool, top models and users. Members see their own calls.',
  })
  usage(@CurrentActor() actor: TeamActor, @Query() query: AnalyticsQueryDto): Promise<UsageAnalytics> {
    return this.analytics.usage(actor, query);
  }

  @Get('overview')
  @Authorize('auditLogs.readOwn')
  @ApiOkResponse({
    type: TeamOverviewDto,
    description: 'The dashboard front page: connection status, calls today, error rate, p95, active keys, recent errors',
  })
  async overview(@CurrentActor() actor: TeamActor): Promise<TeamOverview> {
    const midnight = new Date();
    midnight.setUTCHours(0, 0, 0, 0);
    const ownOnly = !this.authorization.allows(actor, 'auditLogs.readAll');
    const [connection, today, activeApiKeys, recentErrors] = await Promise.all([
      this.connections.get(actor).then(
        (found) => ({ status: found.status, host: found.host, lastCheckedAt: found.lastCheckedAt }),
        (error: unknown) => {
          if (error instanceof DomainError && error.code === 'NOT_FOUND') return null;
          throw error;
        },
      ),
      this.analytics.usage(actor, { from: midnight.toISOString() }),
      this.apiKeys.countActive(actor),
      this.logs
        .find({
          teamId: new Types.ObjectId(actor.team.id),
          status: { $in: ['error', 'timeout'] },
          ...(ownOnly ? { userId: new Types.ObjectId(actor.user.id) } : {}),
        })
        .sort({ time: -1, _id: -1 })
        .limit(RECENT_ERRORS)
        .lean()
        .exec(),
    ]);
    return {
      connection,
      today: { calls: today.totals.calls, errorRate: today.totals.errorRate, p95: today.totals.p95 },
      activeApiKeys,
      recentErrors: recentErrors.map((record) => ({
        id: record._id.toHexString(),
        time: record.time.toISOString(),
        tool: record.tool,
        model: record.model ?? null,
        code: record.error?.code ?? record.status,
        message: record.error?.message ?? '',
      })),
    };
  }
}
