import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { AUDIT_CREDENTIAL_TYPES, AUDIT_STATUSES } from '@gantry/contracts';
import { Model, Types } from 'mongoose';
import { parseObjectId } from '../common/ids';
import { AuditEvent } from './audit-event';
import { AuditLogRecord } from './audit-log.schema';
import { boundedText, redactAndBound } from './audit-redaction';
import { AuditCounters, AuditWriter, PendingAuditLog } from './audit-writer';

/** Bounds on what one record may hold, in characters of JSON. */
export const AUDIT_PARAMS_MAX_CHARS = 4 * 1024;
export const AUDIT_RESULT_MAX_CHARS = 8 * 1024;
const NAME_MAX_CHARS = 200;
const ERROR_MESSAGE_MAX_CHARS = 2000;

/**
 * The audit sink. `record` is for the hot path: it redacts and bounds the event in memory (work
 * capped by the bounds above, whatever the size of the result) and queues it; the AuditWriter
 * stores it in batches.
 */
@Injectable()
export class AuditService {
  constructor(
    private readonly writer: AuditWriter,
    @InjectModel(AuditLogRecord.name) private readonly logs: Model<AuditLogRecord>,
  ) {}

  /** Synchronous; never throws and never waits for I/O. A malformed event is counted as rejected. */
  record(event: AuditEvent): void {
    try {
      const pending = toPendingLog(event);
      if (typeof pending === 'string') this.writer.reject(pending);
      else this.writer.enqueue(pending);
    } catch {
      this.writer.reject('the event could not be read');
    }
  }

  /** Waits until everything recorded so far is stored (or counted as failed). */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  counters(): AuditCounters {
    return this.writer.counters();
  }

  /**
   * `gantry audit purge --before`: records older than `before` (of one team, or of all), counted
   * only (dry run, for the confirmation question) or deleted.
   */
  async purgeOlderThan(before: Date, options: { teamId?: string; dryRun: boolean }): Promise<number> {
    const filter = { time: { $lt: before }, ...(options.teamId ? { teamId: new Types.ObjectId(options.teamId) } : {}) };
    if (options.dryRun) return this.logs.countDocuments(filter).exec();
    return (await this.logs.deleteMany(filter).exec()).deletedCount;
  }

  /** How many records are past their team's retention now (what purgeExpired would delete). */
  countExpired(now = new Date()): Promise<number> {
    return this.logs.countDocuments({ expiresAt: { $lte: now } }).exec();
  }

  /** Deletes records past their team's retention; the TTL index does this too where the server honours it. */
  async purgeExpired(now = new Date()): Promise<number> {
    const result = await this.logs.deleteMany({ expiresAt: { $lte: now } }).exec();
    return result.deletedCount;
  }
}

/** The record to store, or why the event cannot be stored. */
function toPendingLog(event: AuditEvent): PendingAuditLog | string {
  const teamId = parseObjectId(String(event.teamId));
  if (!teamId) return `team id ${JSON.stringify(String(event.teamId).slice(0, 40))} is not an id`;
  const userId = parseObjectId(String(event.user?.id));
  if (!userId) return `user id ${JSON.stringify(String(event.user?.id).slice(0, 40))} is not an id`;
  const time = event.time instanceof Date ? event.time : new Date(event.time);
  if (Number.isNaN(time.getTime())) return 'time is not a date';
  if (!(AUDIT_STATUSES as readonly string[]).includes(event.status)) return `status ${JSON.stringify(String(event.status).slice(0, 40))} is unknown`;
  if (!(AUDIT_CREDENTIAL_TYPES as readonly string[]).includes(event.credential?.type)) return 'credential type is unknown';
  const params = redactAndBound(event.params, AUDIT_PARAMS_MAX_CHARS);
  const result = redactAndBound(event.result, AUDIT_RESULT_MAX_CHARS);
  return {
    _id: new Types.ObjectId(),
    teamId,
    time,
    tool: boundedText(String(event.tool), NAME_MAX_CHARS),
    model: optionalText(event.model),
    status: event.status,
    durationMs: Number.isFinite(event.durationMs) ? Math.max(0, event.durationMs) : 0,
    userId,
    userName: optionalText(event.user.name),
    userEmail: optionalText(event.user.email),
    credential: { type: event.credential.type, id: boundedText(String(event.credential.id), NAME_MAX_CHARS), label: optionalText(event.credential.label) },
    mcpSessionId: optionalText(event.mcpSessionId),
    requestId: optionalText(event.requestId),
    params: params.value,
    result: result.value,
    resultTruncated: result.truncated,
    error: event.error
      ? { code: boundedText(String(event.error.code), NAME_MAX_CHARS), message: boundedText(String(event.error.message), ERROR_MESSAGE_MAX_CHARS) }
      : null,
    approvalId: event.approvalId ? boundedText(String(event.approvalId), NAME_MAX_CHARS) : null,
  };
}

function optionalText(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : boundedText(String(value), NAME_MAX_CHARS);
}
