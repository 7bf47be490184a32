/**
 * JSON-2 takes named arguments only, while execute_kw takes positional ones. This table names
 * the positional arguments of the ORM methods Gantry calls; any other method is treated as a
 * record method (a button): its first positional argument is the ids.
 */

interface MethodSignature {
  /** The first positional argument is the recordset's ids. */
  ids: boolean;
  params: readonly string[];
}

const SIGNATURES: Record<string, MethodSignature> = {
  search: { ids: false, params: ['domain', 'offset', 'limit', 'order'] },
  search_read: { ids: false, params: ['domain', 'fields', 'offset', 'limit', 'order'] },
  web_search_read: { ids: false, params: ['domain', 'specification', 'offset', 'limit', 'order', 'count_limit'] },
  web_read: { ids: true, params: ['specification'] },
  read: { ids: true, params: ['fields', 'load'] },
  search_count: { ids: false, params: ['domain', 'limit'] },
  create: { ids: false, params: ['vals_list'] },
  write: { ids: true, params: ['vals'] },
  unlink: { ids: true, params: [] },
  fields_get: { ids: false, params: ['allfields', 'attributes'] },
  name_search: { ids: false, params: ['name', 'domain', 'operator', 'limit'] },
  read_group: { ids: false, params: ['domain', 'fields', 'groupby', 'offset', 'limit', 'orderby', 'lazy'] },
  check_access_rights: { ids: false, params: ['operation', 'raise_exception'] },
  context_get: { ids: false, params: [] },
};

const BUTTON: MethodSignature = { ids: true, params: [] };

export function toNamedArguments(method: string, args: readonly unknown[], kwargs: Record<string, unknown>): Record<string, unknown> {
  const signature = Object.hasOwn(SIGNATURES, method) ? SIGNATURES[method] : BUTTON;
  const positional = signature.ids ? args.slice(1) : args;
  if (positional.length > signature.params.length) {
    throw new TypeError(`JSON-2 needs named arguments: ${method}() accepts at most ${signature.params.length} positional arguments after the ids here`);
  }
  const named: Record<string, unknown> = {};
  if (signature.ids) named['ids'] = args[0] ?? [];
  positional.forEach((value, index) => {
    named[signature.params[index]] = value;
  });
  return { ...named, ...kwargs };
}
