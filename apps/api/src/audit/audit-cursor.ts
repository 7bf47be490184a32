import { Types } from 'mongoose';

/** Position after the last record of a page: newest-first order is (time desc, _id desc). */
export interface AuditCursor {
  time: Date;
  id: Types.ObjectId;
}

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
