import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { auditExportQuerySchema, AuditPage, auditQuerySchema, AuditRecord } from '@gantry/contracts';
import { Model, QueryFilter, Types } from 'mongoose';
import { z } from 'zod';
import { TeamActor } from '../auth/actor';
import { Authorization } from '../authorization/authorization.service';
import { notFound } from '../common/domain-error';
import { parseObjectId } from '../common/ids';
import { newestFirstPage, timeRange } from './audit-cursor';
import { AUDIT_CSV, exportNewestFirst, LogExport } from './audit-export';
import { AuditLogDocument, AuditLogRecord } from './audit-log.schema';

type AuditFilters = Omit<z.output<typeof auditQuerySchema>, 'cursor' | 'limit'>;
type AuditListQuery = z.output<typeof auditQuerySchema>;
type AuditExportQuery = z.output<typeof auditExportQuerySchema>;

/** How often a live tail looks for new calls, how far back it looks (batched writes land late), and how many it takes per look. */
const TAIL_POLL_MS = 1_000;
const TAIL_LOOKBACK_MS = 30_000;
const TAIL_BATCH = 500;

/** Reads of the audit log for the REST routes. Who may see what is part of every query filter. */
@Injectable()
export class AuditLogsService {
  constructor(
    @InjectModel(AuditLogRecord.name) private readonly logs: Model<AuditLogRecord>,
    private readonly authorization: Authorization,
  ) {}

  list(actor: TeamActor, query: AuditListQuery): Promise<AuditPage> {
    return newestFirstPage(this.logs, this.filter(actor, query), query, toAuditRecord);
  }

  async get(actor: TeamActor, id: string): Promise<AuditRecord> {
    const _id = parseObjectId(id);
    const found = _id
      ? await this.logs
          .findOne({ ...this.filter(actor, {}), _id })
          .lean<AuditLogDocument>()
          .exec()
      : null;
    if (!found) throw notFound('Audit record');
    return toAuditRecord(found);
  }

  /** Newest first, at most AUDIT_EXPORT_MAX_ROWS records, streamed from the database cursor. */
  export(actor: TeamActor, query: AuditExportQuery): Promise<LogExport> {
    return exportNewestFirst(this.logs, this.filter(actor, query), query.format, toAuditRecord, AUDIT_CSV);
  }

  /**
   * Live tail: calls recorded from now on that match the filters, pushed to `send` until `signal`
   * aborts. Polls the collection (so calls recorded by any replica appear), looking back over a
   * window wide enough for batched and late inserts, and never sends a record twice.
   */
  async tail(
    actor: TeamActor,
    query: Partial<AuditFilters>,
    send: (record: AuditRecord) => void,
    signal: AbortSignal,
    options: { pollMs?: number; since?: Date } = {},
  ): Promise<void> {
    const pollMs = options.pollMs ?? TAIL_POLL_MS;
    const started = options.since ?? new Date();
    const sent = new Map<string, number>();
    while (!signal.aborted) {
      const now = Date.now();
      const since = new Date(Math.max(started.getTime(), now - TAIL_LOOKBACK_MS));
      const filter = this.filter(actor, query);
      filter.time = { ...(filter.time as object | undefined), $gte: since };
      const found = await this.logs.find(filter).sort({ time: 1, _id: 1 }).limit(TAIL_BATCH).lean<AuditLogDocument[]>().exec();
      for (const doc of found) {
        const id = doc._id.toHexString();
        if (sent.has(id)) continue;
        sent.set(id, doc.time.getTime());
        if (signal.aborted) return;
        send(toAuditRecord(doc));
      }
      for (const [id, time] of sent) if (time < since.getTime()) sent.delete(id);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }

  /**
   * The team, the caller's visibility (callers without auditLogs.readAll see only their own calls)
   * and the requested filters, all as conditions of the one query.
   */
  private filter(actor: TeamActor, query: Partial<AuditFilters>): QueryFilter<AuditLogRecord> {
    const filter: QueryFilter<AuditLogRecord> = { teamId: new Types.ObjectId(actor.team.id) };
    const conditions: QueryFilter<AuditLogRecord>[] = [];
    if (!this.authorization.allows(actor, 'auditLogs.readAll')) conditions.push({ userId: new Types.ObjectId(actor.user.id) });
    if (query.userId) conditions.push({ userId: new Types.ObjectId(query.userId) });
    if (conditions.length > 0) filter.$and = conditions;
    if (query.tool) filter.tool = query.tool;
    if (query.status) filter.status = query.status;
    Object.assign(filter, timeRange(query));
    if (query.q) filter.model = { $regex: escapeRegex(query.q), $options: 'i' };
    return filter;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function toAuditRecord(doc: AuditLogDocument): AuditRecord {
  return {
    id: doc._id.toHexString(),
    teamId: doc.teamId.toHexString(),
    time: doc.time.toISOString(),
    tool: doc.tool,
    model: doc.model ?? null,
    status: doc.status,
    durationMs: doc.durationMs,
    user: { id: doc.userId.toHexString(), name: doc.userName ?? null, email: doc.userEmail ?? null },
    credential: { type: doc.credential.type, id: doc.credential.id, label: doc.credential.label ?? null },
    mcpSessionId: doc.mcpSessionId ?? null,
    requestId: doc.requestId ?? null,
    params: doc.params ?? null,
    result: doc.result ?? null,
    resultTruncated: doc.resultTruncated ?? false,
    error: doc.error ? { code: doc.error.code, message: doc.error.message } : null,
    approvalId: doc.approvalId ?? null,
  };
}
