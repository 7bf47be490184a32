import { BUILT_IN_DENIED_FIELDS, McpPolicy, SECRET_FIELD_PATTERN } from '@gantry/contracts';
import { ToolFailure } from './tool-failure';

/** Methods call_method refuses: ones that bypass the policy (CRUD has its own tools) or Odoo's own checks. */
const DENIED_METHODS = new Set([
  'sudo',
  'with_user',
  'with_env',
  'with_context',
  'with_company',
  'env',
  'create',
  'write',
  'unlink',
  'read',
  'search',
  'search_read',
  'search_count',
  'web_search_read',
  'web_read',
  'read_group',
  'fields_get',
  'export_data',
  'load',
  'copy',
  'name_create',
  'invalidate_cache',
  'flush',
  'flush_model',
  'check_access_rights',
]);

const WRITE_TOOLS = new Set(['create_record', 'create_records', 'update_record', 'update_records', 'delete_record', 'call_method']);

/** A team's policy compiled for fast checks on the hot path. */
export class OdooPolicy {
  private readonly allowed: Set<string>;
  private readonly deniedModels: Set<string>;
  private readonly deniedFields: Set<string>;

  constructor(readonly policy: McpPolicy) {
    this.allowed = new Set(policy.allowedModels);
    this.deniedModels = new Set(policy.deniedModels);
    this.deniedFields = new Set([...BUILT_IN_DENIED_FIELDS, ...policy.deniedFields]);
  }

  isWrite(tool: string): boolean {
    return WRITE_TOOLS.has(tool);
  }

  assertToolAllowed(tool: string): void {
    if (this.policy.readOnly && this.isWrite(tool)) {
      throw new ToolFailure('READ_ONLY', `This team's Odoo access is read-only; ${tool} is disabled. An admin can change that in the team settings.`);
    }
  }

  modelAllowed(model: string): boolean {
    return !this.deniedModels.has(model) && (this.allowed.size === 0 || this.allowed.has(model));
  }

  assertModel(model: string): void {
    if (!this.modelAllowed(model)) {
      throw new ToolFailure('MODEL_NOT_ALLOWED', `The model ${model} is not available through Gantry for this team (team policy).`);
    }
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

  assertMethod(method: string): void {
    if (method.startsWith('_') || DENIED_METHODS.has(method)) {
      throw new ToolFailure('METHOD_NOT_ALLOWED', `The method ${method} cannot be called through call_method (private, or use the dedicated tool).`);
    }
  }

  /** Removes denied fields from what Odoo returned (the last line of defence for "*" reads). */
  scrub<T extends Record<string, unknown>>(model: string, record: T): T {
    for (const key of Object.keys(record)) if (key !== 'id' && !this.fieldAllowed(model, key)) delete record[key];
    return record;
  }
}
