/**
 * The public model methods `execute_kw` can reach on the test double, with Python's argument
 * binding (positional args, keyword args, defaults) so wrong calls fail as they would in Odoo.
 */
import { OdooAccessOperation, accessError, methodNotFound, typeError, valueError } from './odoo-faults';
import { OdooEnv, OdooRecordStore } from './odoo-record-store';
import { readGroup } from './odoo-read-group';
import { webRead, webSearchRead } from './odoo-web-read';

export interface OdooMethodCall {
  store: OdooRecordStore;
  env: OdooEnv;
  model: string;
  /** The recordset for methods called on records (first positional argument). */
  ids: number[];
  args: unknown[];
  kwargs: Record<string, unknown>;
}

/** A model method added by a test; returning undefined or null makes Odoo answer "cannot marshal None". */
export type OdooCustomMethod = (call: OdooMethodCall) => unknown;

const REQUIRED = Symbol('required');
type Params = ReadonlyArray<readonly [string, unknown]>;

interface BuiltinMethod {
  params: Params;
  onRecords?: boolean;
  run: (store: OdooRecordStore, env: OdooEnv, model: string, ids: number[], a: Record<string, unknown>) => unknown;
}

const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const fieldList = (value: unknown): string[] | null => (Array.isArray(value) ? (value as string[]) : null);

const BUILTINS: Record<string, BuiltinMethod> = {
  search: {
    params: [
      ['domain', REQUIRED],
      ['offset', 0],
      ['limit', null],
      ['order', null],
    ],
    run: (store, env, model, _ids, a) => store.search(env, model, a.domain, { offset: num(a.offset) ?? 0, limit: num(a.limit), order: str(a.order) }),
  },
  search_read: {
    params: [
      ['domain', null],
      ['fields', null],
      ['offset', 0],
      ['limit', null],
      ['order', null],
    ],
    run: (store, env, model, _ids, a) => {
      const ids = store.search(env, model, a.domain, { offset: num(a.offset) ?? 0, limit: num(a.limit), order: str(a.order) });
      return store.read(env, model, ids, fieldList(a.fields));
    },
  },
  web_search_read: {
    params: [
      ['domain', REQUIRED],
      ['specification', REQUIRED],
      ['offset', 0],
      ['limit', null],
      ['order', null],
      ['count_limit', null],
    ],
    run: (store, env, model, _ids, a) =>
      webSearchRead(store, env, model, a.domain, a.specification, {
        offset: num(a.offset) ?? 0,
        limit: num(a.limit),
        order: str(a.order),
        countLimit: num(a.count_limit),
      }),
  },
  web_read: {
    params: [['specification', REQUIRED]],
    onRecords: true,
    run: (store, env, model, ids, a) => webRead(store, env, model, ids, a.specification),
  },
  read: {
    params: [
      ['fields', null],
      ['load', '_classic_read'],
    ],
    onRecords: true,
    run: (store, env, model, ids, a) => store.read(env, model, ids, fieldList(a.fields), str(a.load)),
  },
  search_count: {
    params: [
      ['domain', REQUIRED],
      ['limit', null],
    ],
    run: (store, env, model, _ids, a) => store.searchCount(env, model, a.domain, num(a.limit)),
  },
  create: {
    params: [['vals_list', REQUIRED]],
    run: (store, env, model, _ids, a) => {
      const single = !Array.isArray(a.vals_list);
      const ids = store.create(env, model, (single ? [a.vals_list] : a.vals_list) as Record<string, unknown>[]);
      return single ? ids[0] : ids;
    },
  },
  write: {
    params: [['vals', REQUIRED]],
    onRecords: true,
    run: (store, env, model, ids, a) => store.write(env, model, ids, a.vals as Record<string, unknown>),
  },
  unlink: {
    params: [],
    onRecords: true,
    run: (store, env, model, ids) => store.unlink(env, model, ids),
  },
  fields_get: {
    params: [
      ['allfields', null],
      ['attributes', null],
    ],
    run: (store, _env, model, _ids, a) => fieldsGet(store, model, fieldList(a.allfields), fieldList(a.attributes)),
  },
  name_search: {
    params: [
      ['name', ''],
      ['args', null],
      ['operator', 'ilike'],
      ['limit', 100],
      ['domain', null],
    ],
    run: (store, env, model, _ids, a) => {
      const name = str(a.name) ?? '';
      const domain = [...((a.domain ?? a.args ?? []) as unknown[])];
      if (name) domain.push([store.model(model).recName, str(a.operator) ?? 'ilike', name]);
      const ids = store.search(env, model, domain, { limit: num(a.limit) });
      return ids.map((id) => [id, store.displayName(model, id)]);
    },
  },
  read_group: {
    params: [
      ['domain', REQUIRED],
      ['fields', REQUIRED],
      ['groupby', REQUIRED],
      ['offset', 0],
      ['limit', null],
      ['orderby', false],
      ['lazy', true],
    ],
    run: (store, env, model, _ids, a) =>
      readGroup(store, env, model, a.domain, a.fields, a.groupby, {
        offset: num(a.offset) ?? 0,
        limit: num(a.limit),
        orderby: str(a.orderby),
        lazy: a.lazy !== false,
      }),
  },
  context_get: {
    params: [],
    run: (_store, env, model) => {
      if (model !== 'res.users') throw methodNotFound(model, 'context_get');
      return { lang: env.user.lang ?? 'en_US', tz: env.user.tz ?? false, uid: env.user.id };
    },
  },
  check_access_rights: {
    params: [
      ['operation', REQUIRED],
      ['raise_exception', true],
    ],
    run: (store, env, model, _ids, a) => {
      if (!['read', 'write', 'create', 'unlink'].includes(a.operation as string)) {
        throw valueError(`Invalid access mode: ${String(a.operation)}`);
      }
      return store.checkAccessRights(env, model, a.operation as OdooAccessOperation, a.raise_exception !== false);
    },
  },
};

const FIELD_ATTRIBUTES = [
  'type',
  'string',
  'help',
  'required',
  'readonly',
  'store',
  'searchable',
  'sortable',
  'relation',
  'relation_field',
  'selection',
  'name',
  'manual',
  'depends',
  'company_dependent',
  'context',
  'domain',
  'groupable',
  'aggregator',
];

function fieldsGet(store: OdooRecordStore, model: string, allfields: string[] | null, attributes: string[] | null): Record<string, Record<string, unknown>> {
  const definition = store.model(model);
  const names = allfields && allfields.length ? allfields.filter((name) => name in definition.fields) : Object.keys(definition.fields);
  const result: Record<string, Record<string, unknown>> = {};
  for (const name of names) {
    const field = definition.fields[name];
    const stored = field.store !== false && field.type !== 'one2many';
    const description: Record<string, unknown> = {
      name,
      type: field.type,
      string: field.string,
      required: field.required ?? false,
      readonly: field.readonly ?? false,
      store: stored,
      searchable: true,
      sortable: stored,
      groupable: stored,
      manual: false,
      company_dependent: false,
      depends: [],
      context: {},
      domain: [],
    };
    if (field.help) description['help'] = field.help;
    if (field.relation) description['relation'] = field.relation;
    if (field.inverseName) description['relation_field'] = field.inverseName;
    if (field.selection) description['selection'] = field.selection.map(([value, label]) => [value, label]);
    if (field.aggregator) description['aggregator'] = field.aggregator;
    result[name] =
      attributes && attributes.length
        ? Object.fromEntries(Object.entries(description).filter(([key]) => attributes.includes(key) && FIELD_ATTRIBUTES.includes(key)))
        : description;
  }
  return result;
}

/** odoo/service/model.py execute_kw → api.call_kw: binds args, runs the method, returns its value. */
export function callModelMethod(
  store: OdooRecordStore,
  env: OdooEnv,
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
  customMethods: Record<string, Record<string, OdooCustomMethod>>,
): unknown {
  store.model(model);
  if (method.startsWith('_')) throw accessError(`Private methods (such as '${model}.${method}') cannot be called remotely.`);
  const builtin: BuiltinMethod | undefined = Object.hasOwn(BUILTINS, method) ? BUILTINS[method] : undefined;
  const modelMethods = Object.hasOwn(customMethods, model) ? customMethods[model] : {};
  const custom: OdooCustomMethod | undefined = Object.hasOwn(modelMethods, method) ? modelMethods[method] : undefined;
  if (custom) {
    const [ids, positional] = splitRecordset(model, method, args);
    return custom({ store, env, model, ids, args: positional, kwargs });
  }
  if (!builtin) throw methodNotFound(model, method);
  const [ids, positional] = builtin.onRecords ? splitRecordset(model, method, args) : [[], args];
  return builtin.run(store, env, model, ids, bind(`${model}.${method}`, builtin.params, positional, kwargs));
}

/** Record methods take the ids as their first positional argument, like `self` in Python. */
function splitRecordset(model: string, method: string, args: unknown[]): [number[], unknown[]] {
  if (!args.length) throw typeError(`${model}.${method}() missing 1 required positional argument: 'self'`);
  return [toIds(args[0]), args.slice(1)];
}

function toIds(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value) && value.every((id) => typeof id === 'number')) return value as number[];
  throw valueError(`Invalid record ids ${JSON.stringify(value)}: expected an id or a list of ids`);
}

function bind(qualified: string, params: Params, args: unknown[], kwargs: Record<string, unknown>): Record<string, unknown> {
  if (args.length > params.length) {
    throw typeError(`${qualified}() takes ${params.length + 1} positional arguments but ${args.length + 1} were given`);
  }
  const names = params.map(([name]) => name);
  for (const key of Object.keys(kwargs)) {
    if (!names.includes(key)) throw typeError(`${qualified}() got an unexpected keyword argument '${key}'`);
  }
  const bound: Record<string, unknown> = {};
  params.forEach(([name, fallback], index) => {
    if (index < args.length && name in kwargs) throw typeError(`${qualified}() got multiple values for argument '${name}'`);
    const value = index < args.length ? args[index] : name in kwargs ? kwargs[name] : fallback;
    if (value === REQUIRED) throw typeError(`${qualified}() missing 1 required positional argument: '${name}'`);
    bound[name] = value;
  });
  return bound;
}

/** Methods the seeded sale.order has besides the ORM ones. */
export const DEFAULT_CUSTOM_METHODS: Record<string, Record<string, OdooCustomMethod>> = {
  'sale.order': {
    action_confirm: ({ store, env, model, ids }) => store.write(env, model, ids, { state: 'sale' }),
    // Like many Odoo button methods, returns None: real Odoo then fails to marshal the answer.
    action_noop: ({ store, env, model, ids }) => {
      store.read(env, model, ids, ['id']);
      return undefined;
    },
  },
};
