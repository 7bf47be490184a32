import { Model, QueryFilter, Types } from 'mongoose';
import { DomainError } from '../common/domain-error';

/** Position after the last record of a page: newest-first order is (time desc, _id desc). */
export interface AuditCursor {
  time: Date;
  id: Types.ObjectId;
}

/** The order of every log read (the MCP audit log, the admin trail): newest first, _id breaking ties in time. */
export const NEWEST_FIRST = { time: -1, _id: -1 } as const;

/** Opaque to clients: base64url of the position, so its format can change without breaking them. */
export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(JSON.stringify([cursor.time.getTime(), cursor.id.toHexString()])).toString('base64url');
}

/** Null for anything this API did not hand out. */
export function decodeAuditCursor(value: string): AuditCursor | null {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 2) return null;
    const [time, id] = decoded as [unknown, unknown];
    if (typeof time !== 'number' || !Number.isSafeInteger(time) || typeof id !== 'string' || !/^[a-f0-9]{24}$/.test(id)) return null;
    return { time: new Date(time), id: new Types.ObjectId(id) };
  } catch {
    return null;
  }
}

/** Records strictly after the cursor in newest-first order; stable when newer records arrive meanwhile. */
export function afterCursor(cursor: AuditCursor) {
  return { $or: [{ time: { $lt: cursor.time } }, { time: cursor.time, _id: { $lt: cursor.id } }] };
}

/** `time` between `from` and `to` (both inclusive, either optional), or nothing when neither is given. */
export function timeRange(query: { from?: string; to?: string }): { time?: { $gte?: Date; $lte?: Date } } {
  if (!query.from && !query.to) return {};
  return { time: { ...(query.from ? { $gte: new Date(query.from) } : {}), ...(query.to ? { $lte: new Date(query.to) } : {}) } };
}

export interface LogPage<T> {
  items: T[];
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

/** A stored log record: every log is read newest first by (time, _id). */
export type LogDocument<Rec> = Rec & { _id: Types.ObjectId };

/** One page of `filter`'s records, newest first, after `query.cursor`; a cursor this API did not hand out is a 400. */
export async function newestFirstPage<Rec extends { time: Date }, Out>(
  model: Model<Rec>,
  filter: QueryFilter<Rec>,
  query: { cursor?: string; limit: number },
  toRecord: (doc: LogDocument<Rec>) => Out,
): Promise<LogPage<Out>> {
  let paged = filter;
  if (query.cursor !== undefined) {
    const cursor = decodeAuditCursor(query.cursor);
    if (!cursor) {
      throw new DomainError('VALIDATION_FAILED', 'Invalid request: cursor: is not a cursor from this API', {
        fields: [{ path: 'cursor', message: 'is not a cursor from this API' }],
      });
    }
    paged = { ...filter, ...afterCursor(cursor) };
  }
  const found = await model
    .find(paged)
    .sort(NEWEST_FIRST)
    .limit(query.limit + 1)
    .lean<LogDocument<Rec>[]>()
    .exec();
  const items = found.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(toRecord),
    nextCursor: found.length > query.limit && last ? encodeAuditCursor({ time: last.time, id: last._id }) : null,
  };
}
