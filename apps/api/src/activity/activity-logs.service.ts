import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { accountActivityQuerySchema, activityExportQuerySchema, ActivityPage, activityQuerySchema, ActivityRecord } from '@gantry/contracts';
import { Model, QueryFilter, Types } from 'mongoose';
import { z } from 'zod';
import { Actor, TeamActor } from '../auth/actor';
import { Authorization } from '../authorization/authorization.service';
import { newestFirstPage, timeRange } from '../audit/audit-cursor';
import { exportNewestFirst, LogExport } from '../audit/audit-export';
import { ACTIVITY_CSV } from './activity-export';
import { ActivityLogDocument, ActivityLogRecord } from './activity-log.schema';

type ActivityListQuery = z.output<typeof activityQuerySchema>;
type AccountActivityListQuery = z.output<typeof accountActivityQuerySchema>;
type ActivityExportQuery = z.output<typeof activityExportQuerySchema>;
type ActivityFilters = Partial<Omit<ActivityListQuery, 'cursor' | 'limit'>>;

/** Reads of the admin trail. Who may see what is part of every query filter. */
@Injectable()
export class ActivityLogsService {
  constructor(
    @InjectModel(ActivityLogRecord.name) private readonly logs: Model<ActivityLogRecord>,
    private readonly authorization: Authorization,
  ) {}

  list(actor: TeamActor, query: ActivityListQuery): Promise<ActivityPage> {
    return newestFirstPage(this.logs, this.teamFilter(actor, query), query, toActivityRecord);
  }

  export(actor: TeamActor, query: ActivityExportQuery): Promise<LogExport> {
    return exportNewestFirst(this.logs, this.teamFilter(actor, query), query.format, toActivityRecord, ACTIVITY_CSV);
  }

  /** The caller's own account events: sign-ins (failed ones for their email too), sign-outs, sessions, refusals outside their teams. */
  listAccount(actor: Actor, query: AccountActivityListQuery): Promise<ActivityPage> {
    return newestFirstPage(this.logs, { teamId: null, userId: new Types.ObjectId(actor.user.id), ...conditions(query) }, query, toActivityRecord);
  }

  /** The team's records; without activity.readAll (members) only the caller's own, whatever `actor` asks for. */
  private teamFilter(actor: TeamActor, query: ActivityFilters): QueryFilter<ActivityLogRecord> {
    const users: QueryFilter<ActivityLogRecord>[] = [];
    if (!this.authorization.allows(actor, 'activity.readAll')) users.push({ userId: new Types.ObjectId(actor.user.id) });
    if (query.actor) users.push({ userId: new Types.ObjectId(query.actor) });
    return { teamId: new Types.ObjectId(actor.team.id), ...(users.length > 0 ? { $and: users } : {}), ...conditions(query) };
  }
}

function conditions(query: ActivityFilters): QueryFilter<ActivityLogRecord> {
  return { ...(query.action ? { action: query.action } : {}), ...(query.outcome ? { outcome: query.outcome } : {}), ...timeRange(query) };
}

function toActivityRecord(doc: ActivityLogDocument): ActivityRecord {
  return {
    id: doc._id.toHexString(),
    teamId: doc.teamId?.toHexString() ?? null,
    time: doc.time.toISOString(),
    action: doc.action,
    route: doc.route ?? null,
    target: doc.target ? { resource: doc.target.resource, id: doc.target.id ?? null, label: doc.target.label ?? null } : null,
    actor: { id: doc.userId?.toHexString() ?? null, name: doc.userName ?? null, email: doc.userEmail ?? null },
    credential: doc.credential ? { type: doc.credential.type, id: doc.credential.id, label: doc.credential.label ?? null } : null,
    ip: doc.ip ?? null,
    userAgent: doc.userAgent ?? null,
    outcome: doc.outcome,
    status: doc.status ?? null,
    error: doc.error ? { code: doc.error.code, message: doc.error.message } : null,
    changes: doc.changes ?? [],
    details: doc.details ?? null,
  };
}
