import { Types } from 'mongoose';

/** Ids from URLs: an unparseable id is simply a resource that does not exist (404, not 500). */
export function parseObjectId(value: string): Types.ObjectId | null {
  return Types.ObjectId.isValid(value) && /^[a-f0-9]{24}$/i.test(value) ? new Types.ObjectId(value) : null;
}
