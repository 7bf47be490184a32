import { ActivityChange } from '@gantry/contracts';
import { isSecretKey } from '../audit/audit-redaction';

type Fields = Readonly<Record<string, unknown>>;

/**
 * The fields that differ between two versions of a settings object (`before` null: it was
 * created; `after` null: deleted). Nested plain objects give dotted paths
 * (`settings.mcpPolicy.readOnly`); arrays and other values compare whole. A field whose name marks
 * a secret (password, secret, token… as the audit redaction judges names) is reported `masked`,
 * without either value, so no secret leaves this function.
 */
export function fieldChanges(before: Fields | null, after: Fields | null, prefix = ''): ActivityChange[] {
  const changes: ActivityChange[] = [];
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    const old = before?.[key] ?? null;
    const next = after?.[key] ?? null;
    const field = `${prefix}${key}`;
    if (isPlainObject(old) && isPlainObject(next)) {
      changes.push(...fieldChanges(old, next, `${field}.`));
      continue;
    }
    if (sameValue(old, next)) continue;
    const masked = isSecretKey(key, old) || isSecretKey(key, next);
    changes.push(masked ? { field, old: null, new: null, masked } : { field, old, new: next, masked });
  }
  return changes;
}

function isPlainObject(value: unknown): value is Fields {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
