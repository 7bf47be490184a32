/**
 * Odoo 17+'s `web_read` / `web_search_read`: a `specification` names the fields to return,
 * with nested `{fields: {...}}` for relational fields (many2one becomes `{id, ...}`).
 */
import { valueError } from './odoo-faults';
import { OdooFieldDef } from './odoo-model-schema';
import { OdooEnv, OdooRecordStore, SearchOptions } from './odoo-record-store';

export interface FieldSpec {
  fields?: Specification;
  limit?: number;
  order?: string;
  context?: Record<string, unknown>;
}
export type Specification = Record<string, FieldSpec>;

export function webRead(store: OdooRecordStore, env: OdooEnv, model: string, ids: readonly number[], specification: unknown): Record<string, unknown>[] {
  const spec = checkSpecification(specification);
  const names = Object.keys(spec).filter((name) => name !== 'id');
  const flat = store.read(env, model, ids, names.length ? names : ['id'], null);
  return flat.map((row) => {
    const result: Record<string, unknown> = { id: row['id'] };
    for (const name of names) {
      const field = store.field(model, name) as OdooFieldDef;
      const nested = spec[name]?.fields;
      result[name] = nested ? readNested(store, env, field, row[name], spec[name]) : row[name];
    }
    return result;
  });
}

function readNested(store: OdooRecordStore, env: OdooEnv, field: OdooFieldDef, value: unknown, spec: FieldSpec): unknown {
  const relation = field.relation as string;
  const nestedEnv = spec.context ? { ...env, context: { ...env.context, ...spec.context } } : env;
  if (field.type === 'many2one') {
    if (typeof value !== 'number') return false;
    return webRead(store, nestedEnv, relation, [value], spec.fields)[0];
  }
  if (field.type === 'one2many' || field.type === 'many2many') {
    let ids = value as number[];
    if (spec.order) ids = store.sort(relation, ids, spec.order);
    if (spec.limit) ids = ids.slice(0, spec.limit);
    return webRead(store, nestedEnv, relation, ids, spec.fields);
  }
  throw valueError(`Field '${field.string}' is not relational: it cannot have a 'fields' specification`);
}

export function webSearchRead(
  store: OdooRecordStore,
  env: OdooEnv,
  model: string,
  domain: unknown,
  specification: unknown,
  options: SearchOptions & { countLimit?: number | null },
): { length: number; records: Record<string, unknown>[] } {
  const ids = store.search(env, model, domain, options);
  const records = webRead(store, env, model, ids, specification);
  const offset = options.offset || 0;
  let length = offset + ids.length;
  if (options.limit && ids.length === options.limit) length = store.searchCount(env, model, domain, options.countLimit);
  return { length, records };
}

function checkSpecification(specification: unknown): Specification {
  if (typeof specification !== 'object' || specification === null || Array.isArray(specification)) {
    throw valueError(`Invalid specification ${JSON.stringify(specification)}: expected a dictionary of field names`);
  }
  return specification as Specification;
}
