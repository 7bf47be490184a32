/**
 * Odoo domain parsing and evaluation for the test double: Polish-notation `&`, `|`, `!` with the
 * implicit `&` between consecutive terms, dotted paths through relational fields, and the
 * comparison semantics Odoo's SQL translation gives (`!=`/`not in`/`not ilike` also match NULL).
 */
import { OdooFieldDef, isRelational } from './odoo-model-schema';
import { pyRepr, valueError } from './odoo-faults';

export const DOMAIN_OPERATORS = [
  '=',
  '!=',
  '<>',
  '<',
  '>',
  '<=',
  '>=',
  '=?',
  'in',
  'not in',
  'like',
  'not like',
  'ilike',
  'not ilike',
  '=like',
  '=ilike',
  'child_of',
  'parent_of',
] as const;
export type DomainOperator = (typeof DOMAIN_OPERATORS)[number];

export type DomainNode =
  | { kind: 'and' | 'or'; left: DomainNode; right: DomainNode }
  | { kind: 'not'; child: DomainNode }
  | { kind: 'const'; value: boolean }
  | { kind: 'leaf'; path: string; operator: DomainOperator; value: unknown; raw: unknown[] };

/** What the evaluator needs to know about the data; the record store implements it. */
export interface DomainSchema {
  field(model: string, name: string): OdooFieldDef | undefined;
  /** Raw value: scalars, false for empty, a many2one id, or an id list for x2many. */
  value(model: string, id: number, field: string): unknown;
  displayName(model: string, id: number): string;
  /** The given ids and all their descendants through the model's parent field. */
  descendants(model: string, ids: readonly number[]): Set<number>;
  /** The given ids and all their ancestors through the model's parent field. */
  ancestors(model: string, ids: readonly number[]): Set<number>;
}

const OPERATOR_SET: ReadonlySet<string> = new Set(DOMAIN_OPERATORS);

function isOperatorToken(token: unknown): token is '&' | '|' | '!' {
  return token === '&' || token === '|' || token === '!';
}

/** Parses a domain into a tree, raising Odoo's ValueError texts for malformed input. */
export function parseDomain(domain: unknown): DomainNode {
  if (domain === false || domain === null || domain === undefined) return { kind: 'const', value: true };
  if (!Array.isArray(domain)) throw valueError(`Invalid domain: ${pyRepr(domain)}`);
  if (domain.length === 0) return { kind: 'const', value: true };

  const tokens = normalize(domain);
  let position = 0;
  const next = (): DomainNode => {
    const token = tokens[position++];
    if (token === '&' || token === '|') {
      const left = next();
      const right = next();
      return { kind: token === '&' ? 'and' : 'or', left, right };
    }
    if (token === '!') return { kind: 'not', child: next() };
    return parseTerm(token);
  };
  return next();
}

/** Odoo's normalize_domain: adds the implicit '&' operators and checks the arity. */
function normalize(domain: unknown[]): unknown[] {
  const result: unknown[] = [];
  let expected = 1;
  for (const token of domain) {
    if (expected === 0) {
      result.unshift('&');
      expected = 1;
    }
    if (isOperatorToken(token)) {
      expected += token === '!' ? 0 : 1;
    } else {
      expected -= 1;
    }
    result.push(token);
  }
  if (expected !== 0) throw valueError(`Domain ${pyRepr(domain)} is syntactically not correct.`);
  return result;
}

function parseTerm(term: unknown): DomainNode {
  if (term === true || term === false) return { kind: 'const', value: term };
  if (!Array.isArray(term) || term.length !== 3) throw valueError(`Invalid leaf ${pyRepr(term)}`);
  const [left, operator, value] = term as [unknown, unknown, unknown];
  if (typeof operator !== 'string' || !OPERATOR_SET.has(operator.toLowerCase())) {
    throw valueError(`Invalid leaf ${pyRepr(term, true)}`);
  }
  // Odoo's TRUE_LEAF (1, '=', 1) and FALSE_LEAF (0, '=', 1).
  if (typeof left === 'number' && operator === '=' && value === 1 && (left === 0 || left === 1)) {
    return { kind: 'const', value: left === 1 };
  }
  if (typeof left !== 'string' || left === '') throw valueError(`Invalid leaf ${pyRepr(term, true)}`);
  return { kind: 'leaf', path: left, operator: operator.toLowerCase() as DomainOperator, value, raw: term };
}

/** Checks every leaf's path against the model before any record is looked at, as Odoo does. */
export function validateDomain(node: DomainNode, model: string, schema: DomainSchema): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      validateDomain(node.left, model, schema);
      validateDomain(node.right, model, schema);
      return;
    case 'not':
      validateDomain(node.child, model, schema);
      return;
    case 'const':
      return;
    case 'leaf': {
      let current = model;
      const segments = node.path.split('.');
      segments.forEach((segment, index) => {
        const field = schema.field(current, segment);
        if (!field) throw valueError(`Invalid field ${current}.${segment} in leaf ${pyRepr(node.raw, true)}`);
        if (index < segments.length - 1) {
          if (!field.relation) throw valueError(`Invalid field ${current}.${segment} in leaf ${pyRepr(node.raw, true)}`);
          current = field.relation;
        }
      });
      const last = schema.field(current, segments[segments.length - 1]);
      if ((node.operator === 'child_of' || node.operator === 'parent_of') && last && !last.relation && node.path !== 'id') {
        throw valueError(`Invalid leaf ${pyRepr(node.raw, true)}: ${node.operator} needs a relational field`);
      }
    }
  }
}

export function matchesDomain(node: DomainNode, model: string, id: number, schema: DomainSchema): boolean {
  switch (node.kind) {
    case 'and':
      return matchesDomain(node.left, model, id, schema) && matchesDomain(node.right, model, id, schema);
    case 'or':
      return matchesDomain(node.left, model, id, schema) || matchesDomain(node.right, model, id, schema);
    case 'not':
      return !matchesDomain(node.child, model, id, schema);
    case 'const':
      return node.value;
    case 'leaf':
      return leafMatches(node, model, id, schema);
  }
}

/** Dotted paths hop through relational fields; a leaf holds if any record at the end of the path satisfies it. */
function leafMatches(leaf: Extract<DomainNode, { kind: 'leaf' }>, rootModel: string, rootId: number, schema: DomainSchema): boolean {
  const segments = leaf.path.split('.');
  let model = rootModel;
  let ids = [rootId];
  for (const segment of segments.slice(0, -1)) {
    const field = schema.field(model, segment) as OdooFieldDef;
    const nextIds = new Set<number>();
    for (const id of ids) for (const related of relatedIds(schema.value(model, id, segment))) nextIds.add(related);
    model = field.relation as string;
    ids = [...nextIds];
  }
  const fieldName = segments[segments.length - 1];
  const field = schema.field(model, fieldName) as OdooFieldDef;
  return ids.some((id) => fieldMatches(leaf, model, id, fieldName, field, schema));
}

function relatedIds(raw: unknown): number[] {
  if (Array.isArray(raw)) return raw as number[];
  return typeof raw === 'number' && raw ? [raw] : [];
}

function fieldMatches(
  leaf: Extract<DomainNode, { kind: 'leaf' }>,
  model: string,
  id: number,
  fieldName: string,
  field: OdooFieldDef,
  schema: DomainSchema,
): boolean {
  const { operator, value } = leaf;
  const raw = fieldName === 'id' ? id : schema.value(model, id, fieldName);

  if (operator === 'child_of' || operator === 'parent_of') {
    const targetModel = fieldName === 'id' ? model : (field.relation as string);
    const roots = toList(value).filter((item): item is number => typeof item === 'number');
    const family = operator === 'child_of' ? schema.descendants(targetModel, roots) : schema.ancestors(targetModel, roots);
    return relatedIds(raw).some((related) => family.has(related));
  }

  if (isRelational(field)) return relationalMatches(operator, value, relatedIds(raw), field, schema);
  return scalarMatches(operator, value, raw, field);
}

/** Relational leaves compare ids, or display names when given strings, like Odoo's name_search fallback. */
function relationalMatches(operator: DomainOperator, value: unknown, ids: number[], field: OdooFieldDef, schema: DomainSchema): boolean {
  const relation = field.relation as string;
  const names = () => ids.map((related) => schema.displayName(relation, related));
  const negative = operator === '!=' || operator === '<>' || operator === 'not in' || operator.startsWith('not ');
  const positiveOperator: DomainOperator = negative
    ? operator === 'not like'
      ? 'like'
      : operator === 'not ilike'
        ? 'ilike'
        : operator === 'not in'
          ? 'in'
          : '='
    : operator;

  let positive: boolean;
  if (positiveOperator === '=?') {
    if (value === false || value === null || value === undefined) return true;
    positive = ids.includes(value as number);
  } else if (positiveOperator === 'like' || positiveOperator === 'ilike' || positiveOperator === '=like' || positiveOperator === '=ilike') {
    positive = names().some((name) => likeMatches(positiveOperator, name, value));
  } else if (positiveOperator === '=' || positiveOperator === 'in') {
    const wanted = toList(value);
    if (wanted.length === 1 && (wanted[0] === false || wanted[0] === null)) {
      positive = ids.length === 0;
    } else {
      positive =
        ids.some((related) => wanted.includes(related)) || names().some((name) => wanted.includes(name)) || (wanted.includes(false) && ids.length === 0);
    }
  } else {
    // Ordering operators on a many2one compare its id, as SQL does.
    positive = ids.some((related) => compareOrdered(positiveOperator, related, value));
  }
  return negative ? !positive : positive;
}

function scalarMatches(operator: DomainOperator, value: unknown, raw: unknown, field: OdooFieldDef): boolean {
  const current = field.type === 'boolean' ? raw === true : raw;
  const isNull = field.type !== 'boolean' && (current === false || current === null || current === undefined || current === '');
  switch (operator) {
    case '=':
      if (value === false || value === null) return field.type === 'boolean' ? current === false : isNull;
      return !isNull && looselyEqual(current, value);
    case '!=':
    case '<>':
      if (value === false || value === null) return field.type === 'boolean' ? current !== false : !isNull;
      return isNull || !looselyEqual(current, value);
    case '=?':
      if (value === false || value === null || value === undefined) return true;
      return !isNull && looselyEqual(current, value);
    case 'in':
    case 'not in': {
      const list = toList(value);
      const found = isNull ? list.includes(false) || list.includes(null) : list.some((item) => looselyEqual(current, item));
      return operator === 'in' ? found : !found;
    }
    case '<':
    case '>':
    case '<=':
    case '>=':
      return !isNull && value !== false && value !== null && compareOrdered(operator, current, value);
    case 'like':
    case 'ilike':
    case '=like':
    case '=ilike':
      return !isNull && likeMatches(operator, String(current), value);
    case 'not like':
    case 'not ilike':
      return isNull || !likeMatches(operator === 'not like' ? 'like' : 'ilike', String(current), value);
    default:
      return false;
  }
}

function looselyEqual(current: unknown, value: unknown): boolean {
  if (typeof current === 'number' && typeof value === 'string' && value.trim() !== '') return current === Number(value);
  return current === value;
}

function compareOrdered(operator: DomainOperator, left: unknown, right: unknown): boolean {
  const a = left as number | string;
  const b = (typeof left === 'number' && typeof right === 'string' ? Number(right) : right) as number | string;
  switch (operator) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    default:
      return false;
  }
}

/** SQL LIKE: `like`/`ilike` wrap the value in %...%, the `=` variants take it as the pattern. */
function likeMatches(operator: 'like' | 'ilike' | '=like' | '=ilike', text: string, value: unknown): boolean {
  if (value === false || value === null || value === undefined) return false;
  const pattern = operator === 'like' || operator === 'ilike' ? `%${String(value)}%` : String(value);
  const source = pattern
    .split('')
    .map((char) => (char === '%' ? '.*' : char === '_' ? '.' : char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, operator.includes('ilike') ? 'is' : 's').test(text);
}

function toList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}
