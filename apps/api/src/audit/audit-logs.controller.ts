import { Controller, Get, Logger, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AUDIT_EXPORT_MAX_ROWS, AuditPage, AuditRecord } from '@gantry/contracts';
import type { Request, Response } from 'express';
import { TeamActor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { Authorize } from '../authorization/route-permission';
import { AUDIT_EXPORT_CONTENT_TYPES, exportDownload } from './audit-export';
import { AuditExportQueryDto, AuditPageDto, AuditQueryDto, AuditRecordDto } from './audit-logs.dto';
import { AuditLogsService } from './audit-logs.service';

const STREAM_HEARTBEAT_MS = 15_000;
const STREAM_MAX_MS = 5 * 60_000;

const VISIBILITY = 'Owners, admins and auditors (auditLogs.readAll) see every call of the team; members see only their own.';

@ApiTags('audit-logs')
@Controller('teams/:teamId/audit-logs')
export class AuditLogsController {
  private readonly logger = new Logger('Audit');

  constructor(private readonly auditLogs: AuditLogsService) {}

  @Get()
  @Authorize('auditLogs.readOwn')
  @ApiOkResponse({ type: AuditPageDto, description: `MCP tool calls, newest first. ${VISIBILITY}` })
  list(@CurrentActor() actor: TeamActor, @Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.auditLogs.list(actor, query);
  }

  /**
   * Server-sent events: one `record` event per new call matching the filters, a comment every 15 s
   * to keep proxies from closing the stream, and an end after 5 minutes, so a client that lost its
   * session or membership does not keep watching (it reconnects with a fresh token).
   */
  @Get('stream')
  @Authorize('auditLogs.readOwn')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: `Live tail of new calls as server-sent events (event "record", data = an audit record). ${VISIBILITY}` })
  async stream(@CurrentActor() actor: TeamActor, @Query() query: AuditQueryDto, @Req() request: Request, @Res() response: Response): Promise<void> {
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-store, no-transform');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write('retry: 3000\n: live tail of the audit log\n\n');
    const stop = new AbortController();
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), STREAM_HEARTBEAT_MS);
    const end = setTimeout(() => stop.abort(), STREAM_MAX_MS);
    request.on('close', () => stop.abort());
    try {
      await this.auditLogs.tail(actor, query, (record) => response.write(`id: ${record.id}\nevent: record\ndata: ${JSON.stringify(record)}\n\n`), stop.signal);
    } catch (error) {
      this.logger.error(`Audit live tail of team ${actor.team.id} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearInterval(heartbeat);
      clearTimeout(end);
      response.end();
    }
  }

  // Declared before ':id' so that "export" is not taken for an id.
  @Get('export')
  @Authorize('auditLogs.readOwn')
  @ApiProduces(AUDIT_EXPORT_CONTENT_TYPES.csv, AUDIT_EXPORT_CONTENT_TYPES.json)
  @ApiOkResponse({
    description: `The filtered log as a CSV or JSON file, newest first, at most ${AUDIT_EXPORT_MAX_ROWS} records (X-Export-Truncated: true when more matched). ${VISIBILITY}`,
  })
  async export(@CurrentActor() actor: TeamActor, @Query() query: AuditExportQueryDto, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const exported = await this.auditLogs.export(actor, query);
    return exportDownload(response, exported, { name: `gantry-audit-${actor.team.slug}`, format: query.format, logger: this.logger });
  }

  @Get(':id')
  @Authorize('auditLogs.readOwn')
  @ApiOkResponse({ type: AuditRecordDto, description: `One call in full. ${VISIBILITY}` })
  get(@CurrentActor() actor: TeamActor, @Param('id') id: string): Promise<AuditRecord> {
    return this.auditLogs.get(actor, id);
  }
}
