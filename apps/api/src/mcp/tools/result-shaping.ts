import { OdooFieldDescription } from '@gantry/odoo';
import { OdooPolicy } from '../odoo-policy';

export const MAX_RESULT_BYTES = 64 * 1024;
const MAX_DEFAULT_FIELDS = 15;
const SKIPPED_TYPES = new Set(['binary', 'html', 'one2many', 'many2many', 'properties', 'properties_definition', 'json']);
const PREFERRED = ['display_name', 'name', 'ref', 'code', 'default_code', 'email', 'state', 'date', 'partner_id', 'amount_total', 'company_id', 'active'];

/** A readable default when the client names no fields: identity fields first, then stored scalars. */
export function defaultFields(model: string, fields: Record<string, OdooFieldDescription>, policy: OdooPolicy): string[] {
  const usable = Object.entries(fields)
    .filter(
      ([name, field]) => name !== 'id' && !SKIPPED_TYPES.has(field.type) && field.store !== false && policy.fieldAllowed(model, name) && !name.startsWith('__'),
    )
    .map(([name]) => name);
  const preferred = PREFERRED.filter((name) => usable.includes(name));
  const rest = usable.filter((name) => !preferred.includes(name) && !/^(create|write)_(uid|date)$|^message_|^activity_|^website_message/.test(name));
  return [...preferred, ...rest].slice(0, MAX_DEFAULT_FIELDS);
}

/** Resolves the requested field list against fields_get and the policy: unknown fields are named, denied ones refused. */
export function resolveFields(model: string, requested: string[] | undefined, fields: Record<string, OdooFieldDescription>, policy: OdooPolicy): string[] {
  if (!requested || requested.length === 0) return defaultFields(model, fields, policy);
  if (requested.includes('*')) return Object.keys(fields).filter((name) => policy.fieldAllowed(model, name) && fields[name]!.type !== 'binary');
  policy.assertFields(model, requested);
  return requested;
}

/** Keeps the answer within MAX_RESULT_BYTES by dropping trailing records, and says so. */
export function boundRecords<T>(records: T[]): { records: T[]; truncatedBytes: boolean } {
  let kept = records;
  while (kept.length > 1 && Buffer.byteLength(JSON.stringify(kept)) > MAX_RESULT_BYTES) kept = kept.slice(0, Math.max(1, Math.floor(kept.length * 0.7)));
  return { records: kept, truncatedBytes: kept.length < records.length };
}
