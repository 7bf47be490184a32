import { Controller, Get, Logger, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AUDIT_EXPORT_MAX_ROWS, AuditPage, AuditRecord } from '@gantry/contracts';
import type { Response } from 'express';
import { TeamActor } from '../auth/actor';
import { CurrentActor, TeamRoute } from '../auth/auth.decorators';
import { AUDIT_EXPORT_CONTENT_TYPES } from './audit-export';
import { AuditExportQueryDto, AuditPageDto, AuditQueryDto, AuditRecordDto } from './audit-logs.dto';
import { AuditLogsService } from './audit-logs.service';

const VISIBILITY = 'Owners and admins (auditLogs.viewAll) see every call of the team; members see only their own.';

@ApiTags('audit-logs')
@Controller('teams/:teamId/audit-logs')
export class AuditLogsController {
  private readonly logger = new Logger('Audit');

  constructor(private readonly auditLogs: AuditLogsService) {}

  @Get()
  @TeamRoute()
  @ApiOkResponse({ type: AuditPageDto, description: `MCP tool calls, newest first. ${VISIBILITY}` })
  list(@CurrentActor() actor: TeamActor, @Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.auditLogs.list(actor, query);
  }

  // Declared before ':id' so that "export" is not taken for an id.
  @Get('export')
  @TeamRoute()
  @ApiProduces(AUDIT_EXPORT_CONTENT_TYPES.csv, AUDIT_EXPORT_CONTENT_TYPES.json)
  @ApiOkResponse({
    description: `The filtered log as a CSV or JSON file, newest first, at most ${AUDIT_EXPORT_MAX_ROWS} records (X-Export-Truncated: true when more matched). ${VISIBILITY}`,
  })
  async export(@CurrentActor() actor: TeamActor, @Query() query: AuditExportQueryDto, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const { stream, truncated } = await this.auditLogs.export(actor, query);
    const filename = `gantry-audit-${actor.team.slug}-${new Date().toISOString().slice(0, 10)}.${query.format}`;
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('X-Export-Truncated', String(truncated));
    return new StreamableFile(stream, { type: AUDIT_EXPORT_CONTENT_TYPES[query.format], disposition: `attachment; filename="${filename}"` }).setErrorLogger(
      (error) => this.logger.error(`Audit export of team ${actor.team.id} failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  @Get(':id')
  @TeamRoute()
  @ApiOkResponse({ type: AuditRecordDto, description: `One call in full. ${VISIBILITY}` })
  get(@CurrentActor() actor: TeamActor, @Param('id') id: string): Promise<AuditRecord> {
    return this.auditLogs.get(actor, id);
  }
}
