import { BUILT_IN_DENIED_FIELDS, McpPolicy, SECRET_FIELD_PATTERN } from '@gantry/contracts';
import { TeamPolicyView } from '../authorization/authorize';
import { ToolFailure } from './tool-failure';

/**
 * A team's policy compiled for fast checks on the hot path. authorize() reads its model lists,
 * read-only switch and approvals mode; the tools apply its field rules to what they send and return.
 */
export class OdooPolicy implements TeamPolicyView {
  private readonly allowed: Set<string>;
  private readonly deniedModels: Set<string>;
  private readonly deniedFields: Set<string>;

  constructor(readonly policy: McpPolicy) {
    this.allowed = new Set(policy.allowedModels);
    this.deniedModels = new Set(policy.deniedModels);
    this.deniedFields = new Set([...BUILT_IN_DENIED_FIELDS, ...policy.deniedFields]);
  }

  modelAllowed(model: string): boolean {
    return !this.deniedModels.has(model) && (this.allowed.size === 0 || this.allowed.has(model));
  }

  fieldAllowed(model: string, field: string): boolean {
    return !SECRET_FIELD_PATTERN.test(field) && !this.deniedFields.has(`${model}.${field}`) && !this.deniedFields.has(`*.${field}`);
  }

  assertFields(model: string, fields: Iterable<string>): void {
    const denied = [...fields].filter((field) => !this.fieldAllowed(model, field.split('.')[0]!));
    if (denied.length) throw new ToolFailure('FIELD_NOT_ALLOWED', `These fields of ${model} are not available through Gantry: ${denied.join(', ')}.`);
  }

  /** Fields used in a domain count as read: filtering on a secret would leak it bit by bit. */
  assertDomain(model: string, domain: unknown[]): void {
    const fields = domain.filter((leaf): leaf is [string, string, unknown] => Array.isArray(leaf) && typeof leaf[0] === 'string').map((leaf) => leaf[0]);
    this.assertFields(model, fields);
  }

  /** Removes denied fields from what Odoo returned (the last line of defence for "*" reads). */
  scrub<T extends Record<string, unknown>>(model: string, record: T): T {
    for (const key of Object.keys(record)) if (key !== 'id' && !this.fieldAllowed(model, key)) delete record[key];
    return record;
  }
}
