/**
 * Odoo's `read_group(domain, fields, groupby, offset, limit, orderby, lazy)`: field specs like
 * `amount_total:sum` or `total:sum(amount_total)`, date granularities, the lazy
 * `<field>_count` + `__context` shape, and `__domain` for each group.
 */
import { valueError } from './odoo-faults';
import { OdooAggregator, OdooFieldDef, OdooFloat, isFloat, isNumeric } from './odoo-model-schema';
import { OdooEnv, OdooRecordStore } from './odoo-record-store';

export interface ReadGroupOptions {
  offset?: number;
  limit?: number | false | null;
  orderby?: string | false | null;
  lazy?: boolean;
}

type Granularity = 'day' | 'week' | 'month' | 'quarter' | 'year';
const GRANULARITIES: readonly Granularity[] = ['day', 'week', 'month', 'quarter', 'year'];
const AGGREGATORS: readonly OdooAggregator[] = ['sum', 'avg', 'min', 'max', 'count', 'count_distinct', 'bool_and', 'bool_or', 'array_agg'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface GroupBySpec {
  spec: string;
  field: string;
  definition: OdooFieldDef;
  granularity?: Granularity;
}

interface AggregateSpec {
  alias: string;
  field: string;
  definition: OdooFieldDef;
  aggregator: OdooAggregator;
}

type GroupKey = string | number | boolean;

export function readGroup(
  store: OdooRecordStore,
  env: OdooEnv,
  model: string,
  domain: unknown,
  fields: unknown,
  groupby: unknown,
  options: ReadGroupOptions,
): Record<string, unknown>[] {
  const groupbyList = (typeof groupby === 'string' ? [groupby] : Array.isArray(groupby) ? groupby : []) as string[];
  const lazy = options.lazy !== false;
  const allGroupBys = groupbyList.map((spec) => parseGroupBy(store, model, spec));
  const groupBys = lazy ? allGroupBys.slice(0, 1) : allGroupBys;
  const aggregates = parseAggregates(store, model, fields, groupBys);
  const ids = store.filter(env, model, domain);
  const baseDomain = Array.isArray(domain) ? domain : [];

  const groups = new Map<string, { keys: GroupKey[]; ids: number[] }>();
  for (const id of ids) {
    const keys = groupBys.map((groupBy) => groupKey(store, model, id, groupBy));
    const hash = JSON.stringify(keys);
    const group = groups.get(hash) ?? { keys, ids: [] };
    group.ids.push(id);
    groups.set(hash, group);
  }
  if (!groupBys.length && !groups.size) groups.set('[]', { keys: [], ids: [] });

  const countKey = lazy && groupBys.length ? `${groupBys[0].field}_count` : '__count';
  const rows = [...groups.values()].map(({ keys, ids: groupIds }) => {
    const row: Record<string, unknown> = {};
    const groupDomain: unknown[] = [];
    const ranges: Record<string, unknown> = {};
    groupBys.forEach((groupBy, index) => {
      const key = keys[index];
      row[groupBy.spec] = displayKey(store, groupBy, key);
      if (groupBy.granularity && typeof key === 'string') {
        const [from, to] = bucketRange(key, groupBy.granularity, groupBy.definition.type === 'datetime');
        groupDomain.push('&', [groupBy.field, '>=', from], [groupBy.field, '<', to]);
        ranges[groupBy.spec] = { from, to };
      } else {
        groupDomain.push([groupBy.field, '=', key]);
      }
    });
    row[countKey] = groupIds.length;
    for (const aggregate of aggregates) row[aggregate.alias] = aggregateValue(store, model, groupIds, aggregate);
    row['__domain'] = [...groupDomain, ...baseDomain];
    if (Object.keys(ranges).length) row['__range'] = ranges;
    if (lazy && allGroupBys.length > 1) row['__context'] = { group_by: groupbyList.slice(1) };
    return { row, keys };
  });

  const sorted = sortGroups(store, rows, groupBys, aggregates, countKey, options.orderby || null);
  const offset = options.offset || 0;
  const page = options.limit ? sorted.slice(offset, offset + options.limit) : sorted.slice(offset);
  return page.map(({ row }) => row);
}

function parseGroupBy(store: OdooRecordStore, model: string, spec: unknown): GroupBySpec {
  if (typeof spec !== 'string') throw valueError(`Invalid groupby ${JSON.stringify(spec)}`);
  const [field, granularityText] = spec.split(':');
  const definition = store.field(model, field);
  if (!definition) throw valueError(`Invalid field '${field}' on model '${model}'`);
  const isDate = definition.type === 'date' || definition.type === 'datetime';
  if (granularityText && (!isDate || !GRANULARITIES.includes(granularityText as Granularity))) {
    throw valueError(`Invalid groupby ${spec}: granularity '${granularityText}' is not supported here`);
  }
  if (definition.type === 'one2many') throw valueError(`Field ${model}.${field} is not groupable`);
  const granularity = isDate ? ((granularityText as Granularity) ?? 'month') : undefined;
  return { spec: granularityText || !isDate ? spec : `${field}:month`, field, definition, granularity };
}

/** Field specs: "field", "field:agg" or "alias:agg(field)"; numeric fields default to sum. */
function parseAggregates(store: OdooRecordStore, model: string, fields: unknown, groupBys: readonly GroupBySpec[]): AggregateSpec[] {
  const specs = Array.isArray(fields) ? (fields as unknown[]) : [];
  const result: AggregateSpec[] = [];
  for (const spec of specs) {
    if (typeof spec !== 'string') throw valueError(`Invalid field specification ${JSON.stringify(spec)}`);
    if (spec === '__count') continue;
    const match = /^(\w+)(?::(\w+)(?:\((\w+)\))?)?$/.exec(spec);
    if (!match) throw valueError(`Invalid field specification '${spec}'`);
    const [, alias, aggregatorText, sourceField] = match;
    const field = sourceField ?? alias;
    const definition = store.field(model, field);
    if (!definition) throw valueError(`Invalid field '${field}' on model '${model}'`);
    if (groupBys.some((groupBy) => groupBy.field === field) && !aggregatorText) continue;
    if (aggregatorText && !AGGREGATORS.includes(aggregatorText as OdooAggregator)) {
      throw valueError(`Invalid aggregation function '${aggregatorText}'`);
    }
    const aggregator = (aggregatorText as OdooAggregator | undefined) ?? definition.aggregator ?? (isNumeric(definition) && field !== 'id' ? 'sum' : undefined);
    if (!aggregator) continue;
    result.push({ alias, field, definition, aggregator });
  }
  return result;
}

function groupKey(store: OdooRecordStore, model: string, id: number, groupBy: GroupBySpec): GroupKey {
  const raw = store.value(model, id, groupBy.field);
  if (groupBy.granularity) return typeof raw === 'string' && raw ? bucketStart(raw, groupBy.granularity) : false;
  if (groupBy.definition.type === 'many2many') return Array.isArray(raw) && raw.length ? JSON.stringify(raw) : false;
  if (groupBy.definition.type === 'boolean') return raw === true;
  return raw === null || raw === undefined || raw === '' ? false : (raw as GroupKey);
}

function displayKey(store: OdooRecordStore, groupBy: GroupBySpec, key: GroupKey): unknown {
  if (key === false) return false;
  if (groupBy.granularity) return bucketLabel(key as string, groupBy.granularity);
  if (groupBy.definition.type === 'many2one') return [key, store.displayName(groupBy.definition.relation as string, key as number)];
  return key;
}

function aggregateValue(store: OdooRecordStore, model: string, ids: readonly number[], aggregate: AggregateSpec): unknown {
  const values = ids.map((id) => store.value(model, id, aggregate.field)).filter((value) => value !== false && value !== null && value !== undefined);
  const numbers = values.filter((value): value is number => typeof value === 'number');
  const asFieldType = (value: number) => (isFloat(aggregate.definition) ? new OdooFloat(value) : value);
  switch (aggregate.aggregator) {
    case 'sum':
      return asFieldType(numbers.reduce((total, value) => total + value, 0));
    case 'avg':
      return numbers.length ? new OdooFloat(numbers.reduce((total, value) => total + value, 0) / numbers.length) : false;
    case 'min':
    case 'max': {
      if (!values.length) return false;
      const sorted = [...values].sort((a, b) => (a! < b! ? -1 : a! > b! ? 1 : 0));
      const value = aggregate.aggregator === 'min' ? sorted[0] : sorted[sorted.length - 1];
      return typeof value === 'number' ? asFieldType(value) : value;
    }
    case 'count':
      return values.length;
    case 'count_distinct':
      return new Set(values.map((value) => JSON.stringify(value))).size;
    case 'bool_and':
      return ids.every((id) => store.value(model, id, aggregate.field) === true);
    case 'bool_or':
      return ids.some((id) => store.value(model, id, aggregate.field) === true);
    case 'array_agg':
      return values;
  }
}

function sortGroups(
  store: OdooRecordStore,
  rows: Array<{ row: Record<string, unknown>; keys: GroupKey[] }>,
  groupBys: readonly GroupBySpec[],
  aggregates: readonly AggregateSpec[],
  countKey: string,
  orderby: string | null,
): Array<{ row: Record<string, unknown>; keys: GroupKey[] }> {
  const terms = orderby
    ? orderby.split(',').map((part) => {
        const [name, direction] = part.trim().split(/\s+/);
        return { name, descending: direction?.toLowerCase() === 'desc' };
      })
    : groupBys.map((groupBy) => ({ name: groupBy.field, descending: false }));
  const sortValue = (entry: { row: Record<string, unknown>; keys: GroupKey[] }, name: string): unknown => {
    const index = groupBys.findIndex((groupBy) => groupBy.field === name || groupBy.spec === name);
    if (index >= 0) {
      const key = entry.keys[index];
      const groupBy = groupBys[index];
      if (key === false) return null;
      return groupBy.definition.type === 'many2one' ? store.displayName(groupBy.definition.relation as string, key as number).toLowerCase() : key;
    }
    if (name === '__count' || name === countKey) return entry.row[countKey];
    const aggregate = aggregates.find((candidate) => candidate.alias === name || candidate.field === name);
    if (!aggregate) throw valueError(`Invalid "orderby" specified (${orderby}): ${name} is neither a groupby nor an aggregate`);
    const value = entry.row[aggregate.alias];
    return value instanceof OdooFloat ? value.value : value;
  };
  return [...rows].sort((a, b) => {
    for (const { name, descending } of terms) {
      const left = sortValue(a, name) as number | string | null;
      const right = sortValue(b, name) as number | string | null;
      if (left === right) continue;
      if (left === null) return descending ? -1 : 1;
      if (right === null) return descending ? 1 : -1;
      return (left < right ? -1 : 1) * (descending ? -1 : 1);
    }
    return 0;
  });
}

function bucketStart(value: string, granularity: Granularity): string {
  const date = new Date(`${value.slice(0, 10)}T00:00:00Z`);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  switch (granularity) {
    case 'day':
      return value.slice(0, 10);
    case 'week': {
      const monday = new Date(date);
      monday.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
      return monday.toISOString().slice(0, 10);
    }
    case 'month':
      return `${year}-${String(month + 1).padStart(2, '0')}-01`;
    case 'quarter':
      return `${year}-${String(month - (month % 3) + 1).padStart(2, '0')}-01`;
    case 'year':
      return `${year}-01-01`;
  }
}

function bucketRange(start: string, granularity: Granularity, isDatetime: boolean): [string, string] {
  const end = new Date(`${start}T00:00:00Z`);
  if (granularity === 'day') end.setUTCDate(end.getUTCDate() + 1);
  if (granularity === 'week') end.setUTCDate(end.getUTCDate() + 7);
  if (granularity === 'month') end.setUTCMonth(end.getUTCMonth() + 1);
  if (granularity === 'quarter') end.setUTCMonth(end.getUTCMonth() + 3);
  if (granularity === 'year') end.setUTCFullYear(end.getUTCFullYear() + 1);
  const to = end.toISOString().slice(0, 10);
  return isDatetime ? [`${start} 00:00:00`, `${to} 00:00:00`] : [start, to];
}

/** Labels as Odoo formats them with babel: "January 2024", "Q1 2024", "W3 2024", "15 Jan 2024". */
function bucketLabel(start: string, granularity: Granularity): string {
  const date = new Date(`${start}T00:00:00Z`);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  switch (granularity) {
    case 'day':
      return `${String(date.getUTCDate()).padStart(2, '0')} ${MONTHS[month].slice(0, 3)} ${year}`;
    case 'week':
      return `W${isoWeek(date)} ${year}`;
    case 'month':
      return `${MONTHS[month]} ${year}`;
    case 'quarter':
      return `Q${Math.floor(month / 3) + 1} ${year}`;
    case 'year':
      return String(year);
  }
}

function isoWeek(date: Date): number {
  const thursday = new Date(date);
  thursday.setUTCDate(date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7));
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  return 1 + Math.round(((thursday.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7);
}
