import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { AUDIT_RETENTION_DAYS_DEFAULT } from '@gantry/contracts';
import { Model } from 'mongoose';
import { TeamsService } from '../teams/teams.service';
import { AuditLogDocument, AuditLogRecord } from './audit-log.schema';

/** A record ready to store but for `expiresAt`, which needs the team's retention (looked up off the hot path). */
export type PendingAuditLog = Omit<AuditLogDocument, 'expiresAt'>;

export interface AuditWriterOptions {
  /** A queued record waits at most this long before a write starts. */
  flushIntervalMs: number;
  /** Queued records that start a write at once, before the interval is up. */
  batchSize: number;
  /**
   * Records per insertMany. The driver turns a whole insert into BSON in one go on the event loop
   * (about 16 µs a record), so a 500-record insert would hold up every call in flight for 8 ms; a
   * write sends its records in inserts of this size, one after another.
   */
  recordsPerInsert: number;
  /** Beyond this many waiting records, new ones are dropped (and counted) rather than growing memory. */
  maxQueue: number;
  retentionCacheMs: number;
  retryDelayMs: number;
  /** At most one warning about drops or rejects per this interval. */
  warnIntervalMs: number;
}

export const AUDIT_WRITER_OPTIONS = Symbol('AUDIT_WRITER_OPTIONS');

const DEFAULT_AUDIT_WRITER_OPTIONS: AuditWriterOptions = {
  flushIntervalMs: 250,
  batchSize: 500,
  recordsPerInsert: 50,
  maxQueue: 20_000,
  retentionCacheMs: 60_000,
  retryDelayMs: 200,
  warnIntervalMs: 10_000,
};

export interface AuditCounters {
  /** Accepted into the queue. */
  enqueued: number;
  /** Confirmed stored. */
  written: number;
  /** Refused because the queue was full (or the app had already shut down). */
  dropped: number;
  /** Lost because their batch failed twice. */
  failed: number;
  /** Refused because the event was malformed (e.g. a team id that is not an id). */
  rejected: number;
  /** Batches that failed once and were tried again. */
  retried: number;
  /** Waiting right now. */
  queued: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DUPLICATE_KEY = 11000;

/**
 * Batches audit records into insertMany calls. `enqueue` only pushes onto an array; writes happen
 * on a timer or when a batch fills, one batch at a time. Each record carries its own _id, so a
 * retried batch that had partly landed reports the landed ones as duplicates, counted as written.
 */
@Injectable()
export class AuditWriter implements OnApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private readonly options: AuditWriterOptions;
  private queue: PendingAuditLog[] = [];
  private draining: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private timerDelayMs = 0;
  /** Set once the final flush is done: nothing would write a later record. */
  private closed = false;
  private readonly retention = new Map<string, { days: number; until: number }>();
  private readonly counts = { enqueued: 0, written: 0, dropped: 0, failed: 0, rejected: 0, retried: 0 };
  private unreported = { dropped: 0, rejected: 0 };
  private lastWarningAt = 0;

  constructor(
    @InjectModel(AuditLogRecord.name) private readonly logs: Model<AuditLogRecord>,
    private readonly teams: TeamsService,
    @Optional() @Inject(AUDIT_WRITER_OPTIONS) options?: Partial<AuditWriterOptions>,
  ) {
    this.options = { ...DEFAULT_AUDIT_WRITER_OPTIONS, ...options };
  }

  enqueue(record: PendingAuditLog): void {
    if (this.queue.length >= this.options.maxQueue || this.closed) {
      this.counts.dropped += 1;
      this.unreported.dropped += 1;
      this.warnIfDue(this.closed ? 'recorded after shutdown' : `queue full, ${this.options.maxQueue} waiting`);
      return;
    }
    this.queue.push(record);
    this.counts.enqueued += 1;
    this.schedule(this.queue.length >= this.options.batchSize ? 0 : this.options.flushIntervalMs);
  }

  reject(reason: string): void {
    this.counts.rejected += 1;
    this.unreported.rejected += 1;
    this.warnIfDue(undefined, reason);
  }

  counters(): AuditCounters {
    return { ...this.counts, queued: this.queue.length };
  }

  /** Resolves once every record queued before the call has been written (or counted as failed). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.draining) {
      this.draining ??= this.drain().finally(() => {
        this.draining = null;
      });
      await this.draining;
    }
  }

  /**
   * Nest runs this after the HTTP server has closed (so calls that were in flight have recorded) and
   * before Mongoose closes its connection (global modules shut down last): the one moment at which
   * everything can still be written. Records arriving later are counted as dropped.
   */
  async onApplicationShutdown(): Promise<void> {
    this.cancelTimer();
    await this.flush();
    this.closed = true;
  }

  /** Keeps one timer, moved earlier (never later) when a batch fills. */
  private schedule(delayMs: number): void {
    if (this.timer && this.timerDelayMs <= delayMs) return;
    this.cancelTimer();
    this.timerDelayMs = delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch((error: unknown) => this.logger.error(`Audit flush failed: ${describe(error)}`));
    }, delayMs);
    this.timer.unref();
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) await this.writeBatch(this.queue.splice(0, this.options.recordsPerInsert));
    this.warnIfDue();
  }

  private async writeBatch(batch: PendingAuditLog[]): Promise<void> {
    let pending = await this.withExpiry(batch);
    for (let attempt = 1; attempt <= 2 && pending.length > 0; attempt += 1) {
      if (attempt === 2) {
        this.counts.retried += 1;
        await sleep(this.options.retryDelayMs);
      }
      try {
        await this.logs.collection.insertMany(pending, { ordered: false });
        this.counts.written += pending.length;
        pending = [];
      } catch (error) {
        const failedIndexes = failedInsertIndexes(error);
        const notRetried = failedIndexes ? pending.filter((_, index) => !failedIndexes.has(index)) : [];
        this.counts.written += notRetried.length;
        pending = failedIndexes ? pending.filter((_, index) => failedIndexes.has(index)) : pending;
        if (attempt === 2) {
          this.counts.failed += pending.length;
          this.logger.error(`Could not store ${pending.length} audit record(s) after a retry: ${describe(error)}`);
        }
      }
    }
  }

  private async withExpiry(batch: PendingAuditLog[]): Promise<AuditLogDocument[]> {
    const teamIds = [...new Set(batch.map((record) => record.teamId.toString()))];
    const days = new Map(await Promise.all(teamIds.map(async (teamId) => [teamId, await this.retentionDays(teamId)] as const)));
    return batch.map((record) => ({ ...record, expiresAt: new Date(record.time.getTime() + days.get(record.teamId.toString())! * DAY_MS) }));
  }

  private async retentionDays(teamId: string): Promise<number> {
    const cached = this.retention.get(teamId);
    const now = Date.now();
    if (cached && cached.until > now) return cached.days;
    try {
      const days = await this.teams.auditRetentionDays(teamId);
      this.retention.set(teamId, { days, until: now + this.options.retentionCacheMs });
      return days;
    } catch (error) {
      this.logger.warn(`Could not read the audit retention of team ${teamId}, keeping ${cached ? 'the last known' : 'the default'}: ${describe(error)}`);
      return cached?.days ?? AUDIT_RETENTION_DAYS_DEFAULT;
    }
  }

  private warnIfDue(dropReason?: string, rejectReason?: string): void {
    const { dropped, rejected } = this.unreported;
    if (dropped + rejected === 0 || Date.now() - this.lastWarningAt < this.options.warnIntervalMs) return;
    this.lastWarningAt = Date.now();
    this.unreported = { dropped: 0, rejected: 0 };
    if (dropped > 0) this.logger.warn(`Dropped ${dropped} audit record(s)${dropReason ? ` (${dropReason})` : ''}`);
    if (rejected > 0) this.logger.warn(`Rejected ${rejected} malformed audit event(s)${rejectReason ? `, e.g. ${rejectReason}` : ''}`);
  }
}

/**
 * Positions in the batch that did not land and are worth retrying, from an unordered bulk error;
 * a duplicate _id means the record landed on an earlier attempt. Null when the whole batch failed.
 */
function failedInsertIndexes(error: unknown): Set<number> | null {
  const reported = (error as { writeErrors?: WriteError | WriteError[] } | null)?.writeErrors;
  const writeErrors = reported === undefined ? [] : ([] as WriteError[]).concat(reported);
  if (writeErrors.length === 0) return null;
  return new Set(writeErrors.filter((writeError) => writeError.code !== DUPLICATE_KEY).map((writeError) => writeError.index));
}

interface WriteError {
  index: number;
  code?: number;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
