import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { UsageAnalytics } from '@gantry/contracts';
import { Model, Types } from 'mongoose';
import { TeamActor } from '../auth/actor';
import { Authorization } from '../authorization/authorization.service';
import { DomainError } from '../common/domain-error';
import { AuditLogRecord } from './audit-log.schema';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Bound on one aggregation pass; ranges with more calls are computed on the newest ones. */
export const ANALYTICS_MAX_RECORDS = 500_000;
const TOP = 10;

/** Nearest-rank percentile of ascending values. */
export function percentile(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]!;
}

interface Tally {
  calls: number;
  errors: number;
  durations: number[];
}

/**
 * Usage figures computed by the API in one projected pass over the range — portable to every
 * MongoDB-compatible server ($percentile and $dateTrunc are not), exact percentiles.
 */
@Injectable()
export class AuditAnalyticsService {
  constructor(
    @InjectModel(AuditLogRecord.name) private readonly logs: Model<AuditLogRecord>,
    private readonly authorization: Authorization,
  ) {}

  async usage(actor: TeamActor, range: { from?: string; to?: string }): Promise<UsageAnalytics> {
    const to = range.to ? new Date(range.to) : new Date();
    const from = range.from ? new Date(range.from) : new Date(to.getTime() - 30 * DAY_MS);
    if (from > to)
      throw new DomainError('VALIDATION_FAILED', 'Invalid request: from: must be before to', { fields: [{ path: 'from', message: 'must be before to' }] });
    const filter: Record<string, unknown> = { teamId: new Types.ObjectId(actor.team.id), time: { $gte: from, $lte: to } };
    if (!this.authorization.allows(actor, 'auditLogs.readAll')) filter.userId = new Types.ObjectId(actor.user.id);

    const total: Tally = { calls: 0, errors: 0, durations: [] };
    let timeouts = 0;
    const daily = new Map<string, { day: string; tool: string; calls: number; errors: number }>();
    const tools = new Map<string, Tally>();
    const models = new Map<string, number>();
    const users = new Map<string, { userId: string; name: string | null; email: string | null; calls: number }>();
    const cursor = this.logs
      .find(filter, { time: 1, tool: 1, model: 1, status: 1, durationMs: 1, userId: 1, userName: 1, userEmail: 1 })
      .sort({ time: -1 })
      .limit(ANALYTICS_MAX_RECORDS)
      .lean()
      .cursor();
    for await (const record of cursor) {
      // A call held for approval did not fail: it waits (its run, once approved, is counted on its own).
      const failed = record.status === 'error' || record.status === 'timeout';
      if (record.status === 'timeout') timeouts += 1;
      add(total, failed, record.durationMs);
      const tally = tools.get(record.tool) ?? { calls: 0, errors: 0, durations: [] };
      add(tally, failed, record.durationMs);
      tools.set(record.tool, tally);
      const day = record.time.toISOString().slice(0, 10);
      const dailyKey = `${day}|${record.tool}`;
      const row = daily.get(dailyKey) ?? { day, tool: record.tool, calls: 0, errors: 0 };
      row.calls += 1;
      if (failed) row.errors += 1;
      daily.set(dailyKey, row);
      if (record.model) models.set(record.model, (models.get(record.model) ?? 0) + 1);
      const userId = record.userId.toHexString();
      const user = users.get(userId) ?? { userId, name: record.userName ?? null, email: record.userEmail ?? null, calls: 0 };
      user.calls += 1;
      users.set(userId, user);
    }
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      totals: { calls: total.calls, errors: total.errors, timeouts, errorRate: rate(total), ...latency(total) },
      daily: [...daily.values()].sort((a, b) => a.day.localeCompare(b.day) || a.tool.localeCompare(b.tool)),
      tools: [...tools.entries()]
        .map(([tool, tally]) => ({ tool, calls: tally.calls, errors: tally.errors, errorRate: rate(tally), ...latency(tally) }))
        .sort((a, b) => b.calls - a.calls),
      topModels: [...models.entries()]
        .map(([model, calls]) => ({ model, calls }))
        .sort((a, b) => b.calls - a.calls)
        .slice(0, TOP),
      topUsers: [...users.values()].sort((a, b) => b.calls - a.calls).slice(0, TOP),
    };
  }
}

function add(tally: Tally, failed: boolean, durationMs: number): void {
  tally.calls += 1;
  if (failed) tally.errors += 1;
  tally.durations.push(durationMs);
}

function rate(tally: Tally): number {
  return tally.calls === 0 ? 0 : Math.round((tally.errors / tally.calls) * 10_000) / 10_000;
}

function latency(tally: Tally): { p50: number | null; p95: number | null } {
  const sorted = tally.durations.sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
}
