/**
 * In-memory records plus the slice of Odoo's ORM the test double exposes: access rights,
 * multi-company record rules, search/read/create/write/unlink with Odoo's value formats.
 */
import { DomainNode, DomainSchema, matchesDomain, parseDomain, validateDomain } from './odoo-domain';
import { OdooAccessOperation, accessError, missingError, modelAccessError, requiredFieldMissing, unknownModel, userError, valueError } from './odoo-faults';
import { OdooFieldDef, OdooFloat, OdooModelDef, StoredRecord, StoredValue, isFloat, isStored, odooDatetime, withMagicFields } from './odoo-model-schema';
import { FULL_ACCESS, OdooTestUser } from './odoo-seed';

export type OdooContext = Record<string, unknown>;

/** Who is calling and with which context, like Odoo's `env`. */
export interface OdooEnv {
  user: OdooTestUser;
  context: OdooContext;
}

export interface SearchOptions {
  offset?: number;
  limit?: number | false | null;
  order?: string | false | null;
}

interface OrderTerm {
  field: string;
  descending: boolean;
}

export class OdooRecordStore implements DomainSchema {
  private readonly models = new Map<string, OdooModelDef>();
  private readonly records = new Map<string, Map<number, StoredRecord>>();
  private readonly sequences = new Map<string, number>();

  constructor(models: readonly OdooModelDef[], seed: Record<string, readonly StoredRecord[]>) {
    for (const model of models) {
      this.models.set(model.name, withMagicFields(model));
      this.records.set(model.name, new Map());
    }
    for (const [model, rows] of Object.entries(seed)) {
      const table = this.table(model);
      for (const row of rows) table.set(row.id as number, { ...row });
    }
  }

  // ---- DomainSchema ------------------------------------------------------------------------

  field(model: string, name: string): OdooFieldDef | undefined {
    return this.models.get(model)?.fields[name];
  }

  value(model: string, id: number, field: string): unknown {
    const definition = this.field(model, field);
    if (field === 'id') return id;
    if (field === 'display_name') return this.displayName(model, id);
    if (definition?.type === 'one2many') return this.inverseIds(definition, id);
    return this.table(model).get(id)?.[field] ?? false;
  }

  displayName(model: string, id: number): string {
    const definition = this.model(model);
    const record = this.table(model).get(id);
    if (!record) return '';
    const name = String(record[definition.recName] || '');
    // res.partner's complete_name: a contact of a company reads "Company, Person".
    if (model === 'res.partner' && !record.is_company && typeof record.parent_id === 'number') {
      return `${this.displayName(model, record.parent_id)}, ${name}`;
    }
    return name;
  }

  descendants(model: string, ids: readonly number[]): Set<number> {
    const parentName = this.model(model).parentName;
    const family = new Set(ids);
    if (!parentName) return family;
    let grew = true;
    while (grew) {
      grew = false;
      for (const [id, record] of this.table(model)) {
        if (!family.has(id) && family.has(record[parentName] as number)) {
          family.add(id);
          grew = true;
        }
      }
    }
    return family;
  }

  ancestors(model: string, ids: readonly number[]): Set<number> {
    const parentName = this.model(model).parentName;
    const family = new Set(ids);
    if (!parentName) return family;
    const queue = [...ids];
    while (queue.length) {
      const parent = this.table(model).get(queue.pop() as number)?.[parentName];
      if (typeof parent === 'number' && !family.has(parent)) {
        family.add(parent);
        queue.push(parent);
      }
    }
    return family;
  }

  // ---- metadata ----------------------------------------------------------------------------

  model(name: string): OdooModelDef {
    const model = this.models.get(name);
    if (!model) throw unknownModel(name);
    return model;
  }

  hasModel(name: string): boolean {
    return this.models.has(name);
  }

  addModel(model: OdooModelDef, records: readonly StoredRecord[] = []): void {
    this.models.set(model.name, withMagicFields(model));
    const table = new Map<number, StoredRecord>();
    for (const row of records) table.set(row.id as number, { ...row });
    this.records.set(model.name, table);
  }

  /** Moves a record to a new id (references to the old id are left dangling, as after a restore). */
  renumber(model: string, fromId: number, toId: number): void {
    const record = this.table(model).get(fromId);
    if (!record) throw new Error(`${model}(${fromId}) does not exist`);
    this.table(model).delete(fromId);
    this.table(model).set(toId, { ...record, id: toId });
  }

  exists(model: string, id: number): boolean {
    return this.table(model).has(id);
  }

  // ---- access ------------------------------------------------------------------------------

  checkAccessRights(env: OdooEnv, model: string, operation: OdooAccessOperation, raiseException = true): boolean {
    const definition = this.model(model);
    const rights = env.user.access?.[model] ?? FULL_ACCESS;
    if (rights[operation]) return true;
    if (!raiseException) return false;
    throw modelAccessError(operation, definition.description, model, definition.accessGroups ?? []);
  }

  /** Companies the call may see: context allowed_company_ids (checked) or the user's current company. */
  allowedCompanies(env: OdooEnv): number[] {
    const requested = env.context['allowed_company_ids'];
    if (requested === undefined || requested === false) return [env.user.companyId];
    if (!Array.isArray(requested) || requested.some((id) => !env.user.companyIds.includes(id as number))) {
      throw accessError('Access to unauthorized or invalid companies.');
    }
    return requested as number[];
  }

  private companyRuleApplies(model: string): boolean {
    return model !== 'res.users' && this.field(model, 'company_id')?.relation === 'res.company';
  }

  private passesCompanyRule(model: string, record: StoredRecord, companies: readonly number[]): boolean {
    if (!this.companyRuleApplies(model)) return true;
    const company = record['company_id'];
    return typeof company !== 'number' || companies.includes(company);
  }

  /** ir.rule: records of companies outside the allowed set exist but cannot be touched. */
  private checkRecordRules(env: OdooEnv, model: string, ids: readonly number[], operation: OdooAccessOperation): void {
    const companies = this.allowedCompanies(env);
    const forbidden = ids.filter((id) => !this.passesCompanyRule(model, this.table(model).get(id) as StoredRecord, companies));
    if (!forbidden.length) return;
    const definition = this.model(model);
    const verb = { read: 'access', write: 'modify', create: 'create', unlink: 'delete' }[operation];
    throw accessError(
      `Due to security restrictions, you are not allowed to ${verb} '${definition.description}' (${model}) records.\n\n` +
        `Records: ${forbidden.map((id) => `${this.displayName(model, id)} (id=${id})`).join(', ')}\n` +
        `User: ${env.user.name} (id=${env.user.id})\n\n` +
        `This restriction is due to the following rules:\n- ${definition.description} multi-company\n\n` +
        'Note: this might be a multi-company issue. Switching company may help - in Odoo, not in real life!\n\n' +
        'Contact your administrator to request access if necessary.',
    );
  }

  private checkExisting(env: OdooEnv, model: string, ids: readonly number[]): void {
    const missing = ids.filter((id) => !this.exists(model, id));
    if (missing.length) throw missingError(model, missing, env.user.id);
  }

  // ---- search ------------------------------------------------------------------------------

  parseAndValidate(model: string, domain: unknown): DomainNode {
    const node = parseDomain(domain);
    validateDomain(node, model, this);
    return node;
  }

  /** Ids matching the domain, with active_test and record rules applied, before ordering. */
  filter(env: OdooEnv, model: string, domain: unknown): number[] {
    this.checkAccessRights(env, model, 'read');
    const node = this.parseAndValidate(model, domain);
    const activeTest = this.field(model, 'active') !== undefined && env.context['active_test'] !== false && !mentionsField(domain, 'active');
    const companies = this.allowedCompanies(env);
    const ids: number[] = [];
    for (const [id, record] of this.table(model)) {
      if (activeTest && record['active'] === false) continue;
      if (!this.passesCompanyRule(model, record, companies)) continue;
      if (matchesDomain(node, model, id, this)) ids.push(id);
    }
    return ids;
  }

  search(env: OdooEnv, model: string, domain: unknown, options: SearchOptions = {}): number[] {
    const ids = this.filter(env, model, domain);
    const sorted = this.sort(model, ids, options.order || this.model(model).order);
    const offset = options.offset || 0;
    return options.limit ? sorted.slice(offset, offset + options.limit) : sorted.slice(offset);
  }

  searchCount(env: OdooEnv, model: string, domain: unknown, limit?: number | false | null): number {
    const count = this.filter(env, model, domain).length;
    return limit ? Math.min(count, limit) : count;
  }

  parseOrder(model: string, order: string): OrderTerm[] {
    const invalid = () =>
      valueError(
        `Invalid "order" specified (${order}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`,
      );
    return order
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const match = /^([a-z0-9_]+)(?:\s+(asc|desc))?(?:\s+nulls\s+(?:first|last))?$/i.exec(part);
        if (!match) throw invalid();
        const field = this.field(model, match[1]);
        if (!field || (!isStored(field) && match[1] !== 'display_name')) throw invalid();
        return { field: match[1], descending: match[2]?.toLowerCase() === 'desc' };
      });
  }

  sort(model: string, ids: readonly number[], order: string): number[] {
    const terms = this.parseOrder(model, order);
    const key = (id: number, field: string): string | number | null => {
      const definition = this.field(model, field) as OdooFieldDef;
      const raw = this.value(model, id, field);
      if (definition.type === 'many2one') return typeof raw === 'number' ? this.displayName(definition.relation as string, raw).toLowerCase() : null;
      if (definition.type === 'boolean') return raw === true ? 1 : 0;
      if (raw === false || raw === null || raw === undefined || raw === '') return null;
      return typeof raw === 'string' ? raw.toLowerCase() : (raw as number);
    };
    return [...ids].sort((a, b) => {
      for (const term of terms) {
        const left = key(a, term.field);
        const right = key(b, term.field);
        if (left === right) continue;
        // PostgreSQL puts NULLs last ascending and first descending.
        if (left === null) return term.descending ? -1 : 1;
        if (right === null) return term.descending ? 1 : -1;
        const result = left < right ? -1 : 1;
        return term.descending ? -result : result;
      }
      return a - b;
    });
  }

  // ---- read --------------------------------------------------------------------------------

  checkFieldNames(model: string, fields: readonly string[]): void {
    for (const field of fields) {
      if (!this.field(model, field)) throw valueError(`Invalid field '${field}' on model '${model}'`);
    }
  }

  readableFieldNames(model: string): string[] {
    return Object.keys(this.model(model).fields);
  }

  read(
    env: OdooEnv,
    model: string,
    ids: readonly number[],
    fields?: readonly string[] | null,
    load: string | null = '_classic_read',
  ): Record<string, unknown>[] {
    this.checkAccessRights(env, model, 'read');
    const names = fields && fields.length ? fields.filter((name) => name !== 'id') : this.readableFieldNames(model).filter((name) => name !== 'id');
    this.checkFieldNames(model, names);
    this.checkExisting(env, model, ids);
    this.checkRecordRules(env, model, ids, 'read');
    return ids.map((id) => {
      const row: Record<string, unknown> = { id };
      for (const name of names) row[name] = this.formatValue(model, id, name, load === '_classic_read');
      return row;
    });
  }

  /** A value as Odoo's read() returns it: [id, name] many2ones, id lists, False for empty. */
  formatValue(model: string, id: number, name: string, many2oneAsPair = true): unknown {
    const field = this.field(model, name) as OdooFieldDef;
    const raw = this.value(model, id, name);
    switch (field.type) {
      case 'many2one':
        if (typeof raw !== 'number' || !this.exists(field.relation as string, raw)) return false;
        return many2oneAsPair ? [raw, this.displayName(field.relation as string, raw)] : raw;
      case 'one2many':
      case 'many2many':
        return Array.isArray(raw) ? [...raw] : [];
      case 'boolean':
        return raw === true;
      case 'integer':
        return typeof raw === 'number' ? raw : 0;
      case 'float':
      case 'monetary':
        return new OdooFloat(typeof raw === 'number' ? raw : 0);
      default:
        return raw === null || raw === undefined || raw === '' ? false : raw;
    }
  }

  // ---- write -------------------------------------------------------------------------------

  create(env: OdooEnv, model: string, valsList: readonly Record<string, unknown>[]): number[] {
    this.checkAccessRights(env, model, 'create');
    const definition = this.model(model);
    return valsList.map((vals) => {
      this.checkWritableFields(model, vals);
      const record: StoredRecord = {};
      const now = new Date();
      const defaultsContext = {
        uid: env.user.id,
        companyId: this.allowedCompanies(env)[0],
        now,
        nextSequence: () => this.nextSequence(model),
      };
      for (const [name, makeDefault] of Object.entries(definition.defaults ?? {})) {
        if (!(name in vals)) record[name] = makeDefault(defaultsContext) as StoredValue;
      }
      const id = this.nextId(model);
      const pending = this.assign(env, model, id, record, vals);
      this.checkRequired(model, record, Object.keys(definition.fields));
      Object.assign(record, { id, create_date: odooDatetime(now), write_date: odooDatetime(now), create_uid: env.user.id, write_uid: env.user.id });
      this.table(model).set(id, record);
      pending.forEach((apply) => apply());
      return id;
    });
  }

  write(env: OdooEnv, model: string, ids: readonly number[], vals: Record<string, unknown>): true {
    this.checkAccessRights(env, model, 'write');
    this.checkWritableFields(model, vals);
    this.checkExisting(env, model, ids);
    this.checkRecordRules(env, model, ids, 'write');
    for (const id of ids) {
      const record = { ...(this.table(model).get(id) as StoredRecord) };
      const pending = this.assign(env, model, id, record, vals);
      this.checkRequired(model, record, Object.keys(vals));
      Object.assign(record, { write_date: odooDatetime(new Date()), write_uid: env.user.id });
      this.table(model).set(id, record);
      pending.forEach((apply) => apply());
    }
    return true;
  }

  unlink(env: OdooEnv, model: string, ids: readonly number[]): true {
    this.checkAccessRights(env, model, 'unlink');
    this.checkExisting(env, model, ids);
    this.checkRecordRules(env, model, ids, 'unlink');
    for (const id of ids) this.table(model).delete(id);
    // Odoo's default ondelete for many2one is 'set null'; many2many rows go with the record.
    for (const [otherModel, definition] of this.models) {
      for (const [name, field] of Object.entries(definition.fields)) {
        if (field.relation !== model || !isStored(field)) continue;
        for (const record of this.table(otherModel).values()) {
          const current = record[name];
          if (field.type === 'many2one' && typeof current === 'number' && ids.includes(current)) record[name] = false;
          if (field.type === 'many2many' && Array.isArray(current)) record[name] = current.filter((related) => !ids.includes(related));
        }
      }
    }
    return true;
  }

  private checkWritableFields(model: string, vals: Record<string, unknown>): void {
    if (typeof vals !== 'object' || vals === null || Array.isArray(vals)) {
      throw valueError(`Invalid values ${JSON.stringify(vals)} for model '${model}': expected a dictionary`);
    }
    this.checkFieldNames(model, Object.keys(vals));
  }

  private checkRequired(model: string, record: StoredRecord, names: readonly string[]): void {
    const definition = this.model(model);
    for (const name of names) {
      const field = definition.fields[name];
      if (!field?.required || !isStored(field)) continue;
      const value = record[name];
      if (value === undefined || value === null || value === false || value === '') {
        throw requiredFieldMissing(definition.description, model, field.string, name);
      }
    }
  }

  /**
   * Copies vals onto record, converting x2many commands. One2many commands touch other
   * records, so they come back as callbacks to run once the record itself is stored.
   */
  private assign(env: OdooEnv, model: string, id: number, record: StoredRecord, vals: Record<string, unknown>): Array<() => void> {
    const pending: Array<() => void> = [];
    for (const [name, value] of Object.entries(vals)) {
      const field = this.field(model, name) as OdooFieldDef;
      if (name === 'id' || name === 'display_name' || name in MAGIC_WRITE_IGNORED) continue;
      if (field.type === 'many2one') {
        if (value !== false && value !== null && (typeof value !== 'number' || !this.exists(field.relation as string, value))) {
          throw userError(
            `The operation cannot be completed: the value ${JSON.stringify(value)} of field '${field.string}' (${name}) does not match an existing '${this.model(field.relation as string).description}' record.`,
          );
        }
        record[name] = value ?? false;
      } else if (field.type === 'many2many') {
        record[name] = applyCommands(Array.isArray(record[name]) ? (record[name] as number[]) : [], value, name);
      } else if (field.type === 'one2many') {
        pending.push(() => this.applyOne2many(env, field, id, value, name));
      } else if (isFloat(field) || field.type === 'integer') {
        if (value !== false && value !== null && typeof value !== 'number') {
          throw valueError(`could not convert string to float: ${JSON.stringify(value)} (field ${model}.${name})`);
        }
        record[name] = value ?? false;
      } else if (field.type === 'selection' && value !== false && value !== null) {
        if (!field.selection?.some(([key]) => key === value)) {
          throw valueError(`Wrong value for ${model}.${name}: ${JSON.stringify(value)}`);
        }
        record[name] = value as string;
      } else {
        record[name] = (value ?? false) as StoredValue;
      }
    }
    return pending;
  }

  private applyOne2many(env: OdooEnv, field: OdooFieldDef, parentId: number, value: unknown, name: string): void {
    const relation = field.relation as string;
    const inverse = field.inverseName as string;
    for (const command of Array.isArray(value) ? value : []) {
      if (!Array.isArray(command)) throw valueError(`Invalid command ${JSON.stringify(command)} for field '${name}'`);
      const [code, target, data] = command as [number, number, unknown];
      if (code === 0) this.create(env, relation, [{ ...(data as Record<string, unknown>), [inverse]: parentId }]);
      else if (code === 1) this.write(env, relation, [target], data as Record<string, unknown>);
      else if (code === 2) this.unlink(env, relation, [target]);
      else if (code === 3) this.write(env, relation, [target], { [inverse]: false });
      else if (code === 4) this.write(env, relation, [target], { [inverse]: parentId });
      else if (code === 5 || code === 6) {
        for (const child of this.inverseIds(field, parentId)) this.write(env, relation, [child], { [inverse]: false });
        if (code === 6) for (const child of (data as number[]) ?? []) this.write(env, relation, [child], { [inverse]: parentId });
      } else throw valueError(`Invalid command ${JSON.stringify(command)} for field '${name}'`);
    }
  }

  private inverseIds(field: OdooFieldDef, id: number): number[] {
    const inverse = field.inverseName as string;
    const ids: number[] = [];
    for (const [childId, record] of this.table(field.relation as string)) if (record[inverse] === id) ids.push(childId);
    return ids;
  }

  private table(model: string): Map<number, StoredRecord> {
    const table = this.records.get(model);
    if (!table) throw unknownModel(model);
    return table;
  }

  private nextId(model: string): number {
    let max = 0;
    for (const id of this.table(model).keys()) max = Math.max(max, id);
    return max + 1;
  }

  private nextSequence(model: string): number {
    const next = (this.sequences.get(model) ?? this.table(model).size) + 1;
    this.sequences.set(model, next);
    return next;
  }
}

const MAGIC_WRITE_IGNORED: Record<string, true> = { create_date: true, write_date: true, create_uid: true, write_uid: true };

/** Many2many write commands: (6, 0, ids), (4, id), (3, id), (5,), or a plain id list. */
function applyCommands(current: readonly number[], value: unknown, name: string): number[] {
  if (value === false || value === null) return [];
  if (!Array.isArray(value)) throw valueError(`Invalid value ${JSON.stringify(value)} for many2many field '${name}'`);
  if (value.every((item) => typeof item === 'number')) return [...(value as number[])];
  let ids = [...current];
  for (const command of value) {
    if (!Array.isArray(command)) throw valueError(`Invalid command ${JSON.stringify(command)} for field '${name}'`);
    const [code, target, data] = command as [number, number, unknown];
    if (code === 6) ids = [...((data as number[]) ?? [])];
    else if (code === 4 && !ids.includes(target)) ids.push(target);
    else if (code === 3) ids = ids.filter((id) => id !== target);
    else if (code === 5) ids = [];
    else if (code !== 4) throw valueError(`Invalid command ${JSON.stringify(command)} for field '${name}'`);
  }
  return ids;
}

function mentionsField(domain: unknown, field: string): boolean {
  return Array.isArray(domain) && domain.some((term) => Array.isArray(term) && term[0] === field);
}
