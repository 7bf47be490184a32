import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ActivityChange } from '@gantry/contracts';
import { Model, Types } from 'mongoose';
import { boundedText, redactAndBound } from '../audit/audit-redaction';
import { parseObjectId } from '../common/ids';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TeamsService } from '../teams/teams.service';
import { isDuplicateKeyError, UsersService } from '../users/users.service';
import { ActivityEvent } from './activity-event';
import { ActivityLogDocument, ActivityLogRecord } from './activity-log.schema';

/** Bounds on what one record may hold. */
const NAME_MAX_CHARS = 200;
const TEXT_MAX_CHARS = 300;
const ERROR_MESSAGE_MAX_CHARS = 2000;
const CHANGES_MAX = 100;
const CHANGE_VALUE_MAX_CHARS = 2 * 1024;
const DETAILS_MAX_CHARS = 4 * 1024;
const RETRY_DELAY_MS = 200;
const DAY_MS = 24 * 60 * 60 * 1000;

type PendingActivityLog = Omit<ActivityLogDocument, 'expiresAt'>;

/**
 * Stores the admin trail. Unlike the MCP audit log there is no queue: an admin action is rare (a
 * few a minute, not thousands a second), so each record is one insertOne, started while the
 * response is being sent and never awaited by the request. In-flight inserts are tracked, so
 * shutdown (and a test) can wait for them; a failed insert is tried once more, then logged.
 */
@Injectable()
export class ActivityWriter implements OnApplicationShutdown {
  private readonly logger = new Logger('Activity');
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    @InjectModel(ActivityLogRecord.name) private readonly logs: Model<ActivityLogRecord>,
    private readonly teams: TeamsService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Synchronous and never throws: the insert runs on its own. */
  write(event: ActivityEvent): void {
    let pending: PendingActivityLog;
    try {
      pending = toPendingLog(event);
    } catch (error) {
      this.logger.warn(`Could not record ${event.action}: ${describe(error)}`);
      return;
    }
    const stored: Promise<void> = this.store(pending).finally(() => this.inFlight.delete(stored));
    this.inFlight.add(stored);
  }

  /** Resolves once every record written so far is stored (or given up on). */
  async flush(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Nest runs this after the HTTP server closed and before Mongoose disconnects: the last moment to store. */
  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  /** Deletes records past their retention; the TTL index does this too where the server honours it. */
  async purgeExpired(now = new Date()): Promise<number> {
    const result = await this.logs.deleteMany({ expiresAt: { $lte: now } }).exec();
    return result.deletedCount;
  }

  private async store(pending: PendingActivityLog): Promise<void> {
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      try {
        const document = { ...pending, ...(await this.identify(pending)), expiresAt: await this.expiry(pending) };
        await this.logs.collection.insertOne(document);
        return;
      } catch (error) {
        // The same _id on a retry: the first attempt landed after all.
        if (isDuplicateKeyError(error)) return;
        if (attempt === 2) this.logger.error(`Could not store an activity record (${pending.action}) after a retry: ${describe(error)}`);
        else await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      }
    }
  }

  private async expiry(pending: PendingActivityLog): Promise<Date> {
    const days = pending.teamId ? await this.teams.auditRetentionDays(pending.teamId.toHexString()) : this.config.ACCOUNT_ACTIVITY_RETENTION_DAYS;
    return new Date(pending.time.getTime() + days * DAY_MS);
  }

  /**
   * Completes who the record is about. A failed sign-in knows only the email tried: its account (if
   * any) is found here, after the answer was sent, so the time a sign-in takes says nothing about
   * whether the account exists. A sign-out by refresh cookie knows only the user id: name and email
   * are filled in as they are now.
   */
  private async identify(pending: PendingActivityLog): Promise<Pick<PendingActivityLog, 'userId' | 'userName' | 'userEmail'>> {
    const { userId, userName, userEmail } = pending;
    if (!userId && userEmail) return { userId: (await this.users.findByEmail(userEmail))?._id ?? null, userName, userEmail };
    if (userId && !userEmail) {
      const user = await this.users.findById(userId);
      return { userId, userName: user?.name ?? null, userEmail: user?.email ?? null };
    }
    return { userId, userName, userEmail };
  }
}

/** The document to store: every text bounded and scanned for secrets, changes and details redacted. */
function toPendingLog(event: ActivityEvent): PendingActivityLog {
  const teamId = event.teamId === null ? null : parseObjectId(event.teamId);
  if (event.teamId !== null && !teamId) throw new Error(`team id ${JSON.stringify(event.teamId.slice(0, 40))} is not an id`);
  const details = event.details ? redactAndBound(event.details, DETAILS_MAX_CHARS).value : null;
  return {
    _id: new Types.ObjectId(),
    teamId,
    time: event.time,
    action: boundedText(event.action, NAME_MAX_CHARS),
    route: text(event.route, TEXT_MAX_CHARS),
    target: event.target
      ? {
          resource: boundedText(event.target.resource, NAME_MAX_CHARS),
          id: text(event.target.id, NAME_MAX_CHARS),
          label: text(event.target.label, NAME_MAX_CHARS),
        }
      : null,
    userId: event.actor.id === null ? null : parseObjectId(event.actor.id),
    userName: text(event.actor.name, NAME_MAX_CHARS),
    userEmail: text(event.actor.email, NAME_MAX_CHARS),
    credential: event.credential
      ? { type: event.credential.type, id: boundedText(event.credential.id, NAME_MAX_CHARS), label: text(event.credential.label, NAME_MAX_CHARS) }
      : null,
    ip: text(event.ip, NAME_MAX_CHARS),
    userAgent: text(event.userAgent, TEXT_MAX_CHARS),
    outcome: event.outcome,
    status: event.status,
    error: event.error ? { code: boundedText(event.error.code, NAME_MAX_CHARS), message: boundedText(event.error.message, ERROR_MESSAGE_MAX_CHARS) } : null,
    changes: event.changes.slice(0, CHANGES_MAX).map(boundedChange),
    details: details !== null && typeof details === 'object' && !Array.isArray(details) ? details : null,
  };
}

function boundedChange(change: ActivityChange): ActivityChange {
  const field = boundedText(change.field, NAME_MAX_CHARS);
  if (change.masked) return { field, old: null, new: null, masked: true };
  return {
    field,
    old: redactAndBound(change.old, CHANGE_VALUE_MAX_CHARS).value,
    new: redactAndBound(change.new, CHANGE_VALUE_MAX_CHARS).value,
    masked: false,
  };
}

function text(value: string | null | undefined, maxChars: number): string | null {
  return value === null || value === undefined ? null : boundedText(String(value), maxChars);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
