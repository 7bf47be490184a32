import { OdooRecord, OdooSpecification } from '@gantry/odoo';
import { z } from 'zod';
import { ToolFailure } from '../tool-failure';
import { boundRecords, resolveFields } from './result-shaping';
import { defineTool, domainArg, fieldsArg, modelArg, recordId, ToolContext } from './tool-definition';

async function prepare(context: ToolContext, model: string, domain: unknown[], requested: string[] | undefined) {
  const policy = context.access.policy;
  policy.assertDomain(model, domain);
  policy.assertFields(
    model,
    (requested ?? []).filter((name) => name !== '*'),
  );
  const fields = await context.gateway.fieldsOf(context.caller, model);
  const unknown = (requested ?? []).filter((name) => name !== '*' && !(name in fields));
  if (unknown.length) throw new ToolFailure('UNKNOWN_FIELD', `${model} has no field(s) ${unknown.join(', ')}; use get_fields to see its fields.`);
  return { policy, fields, chosen: resolveFields(model, requested, fields, policy), ...(await context.gateway.clientFor(context.caller)) };
}

export const searchRecords = defineTool({
  name: 'search_records',
  title: 'Search records',
  description:
    'Find records of an Odoo model matching a domain. Returns the page of records, the total number of matches and whether more exist. ' +
    'Page with limit/offset; sort with order such as "date_order desc, id desc".',
  permission: 'odoo.records.query',
  effect: 'read',
  annotations: { readOnlyHint: true, openWorldHint: true },
  input: {
    model: modelArg,
    domain: domainArg,
    fields: fieldsArg,
    limit: z.number().int().min(1).max(100).default(10).describe('Records per page (1–100, default 10)'),
    offset: z.number().int().min(0).default(0).describe('Records to skip, for paging'),
    order: z
      .string()
      .regex(/^[a-z0-9_]+( (asc|desc))?(, ?[a-z0-9_]+( (asc|desc))?)*$/i)
      .optional()
      .describe('Sort, e.g. "name asc" or "create_date desc, id desc"'),
  },
  async run(context, args) {
    const { policy, fields, chosen, client, majorVersion } = await prepare(context, args.model, args.domain, args.fields);
    let records: OdooRecord[];
    let total: number;
    if ((await majorVersion()) >= 17) {
      // One round trip: web_search_read returns the page and the total together.
      const specification: OdooSpecification = Object.fromEntries(
        chosen.map((name) => [name, fields[name]?.type === 'many2one' ? { fields: { display_name: {} } } : {}]),
      );
      const page = await client.webSearchRead(args.model, args.domain as never, specification, { limit: args.limit, offset: args.offset, order: args.order });
      records = page.records;
      total = page.length;
    } else {
      [records, total] = await Promise.all([
        client.searchRead(args.model, args.domain as never, { fields: chosen, limit: args.limit, offset: args.offset, order: args.order }),
        client.searchCount(args.model, args.domain as never),
      ]);
    }
    const bounded = boundRecords(records.map((record) => policy.scrub(args.model, record)));
    const returned = bounded.records.length;
    const hasMore = args.offset + returned < total;
    return {
      model: args.model,
      records: bounded.records,
      total,
      offset: args.offset,
      has_more: hasMore,
      ...(hasMore ? { next_offset: args.offset + returned } : {}),
      ...(bounded.truncatedBytes
        ? { truncated: true, note: `Only ${returned} records fit in one answer; ask for fewer fields or page with next_offset.` }
        : {}),
    };
  },
});

export const getRecord = defineTool({
  name: 'get_record',
  title: 'Get one record',
  description: 'Read one record of an Odoo model by id.',
  permission: 'odoo.records.read',
  effect: 'read',
  annotations: { readOnlyHint: true, openWorldHint: true },
  input: { model: modelArg, id: recordId, fields: fieldsArg },
  async run(context, args) {
    const { policy, chosen, client } = await prepare(context, args.model, [], args.fields);
    const [record] = await client.read(args.model, [args.id], chosen);
    if (!record) throw new ToolFailure('ODOO_MISSING_RECORD', `${args.model} ${args.id} does not exist (or was deleted).`);
    return { model: args.model, record: policy.scrub(args.model, record) };
  },
});

export const countRecords = defineTool({
  name: 'count_records',
  title: 'Count records',
  description: 'Count the records of an Odoo model matching a domain.',
  permission: 'odoo.records.query',
  effect: 'read',
  annotations: { readOnlyHint: true, openWorldHint: true },
  input: { model: modelArg, domain: domainArg },
  async run(context, args) {
    const policy = context.access.policy;
    policy.assertDomain(args.model, args.domain);
    const { client } = await context.gateway.clientFor(context.caller);
    return { model: args.model, count: await client.searchCount(args.model, args.domain as never) };
  },
});

export const aggregateRecords = defineTool({
  name: 'aggregate_records',
  title: 'Aggregate records',
  description:
    'Group records and compute aggregates, like a pivot table. groupby: fields, dates may take a granularity ("date_order:month"). ' +
    'aggregates: "field:function" with sum, avg, min, max, count, count_distinct; each group also has __count.',
  permission: 'odoo.records.read',
  effect: 'read',
  annotations: { readOnlyHint: true, openWorldHint: true },
  input: {
    model: modelArg,
    domain: domainArg,
    groupby: z
      .array(z.string().regex(/^[a-z0-9_]+(:(day|week|month|quarter|year))?$/))
      .min(1)
      .max(3)
      .describe('e.g. ["partner_id"] or ["date_order:month", "state"]'),
    aggregates: z
      .array(z.string().regex(/^[a-z0-9_]+:(sum|avg|min|max|count|count_distinct)$/))
      .max(10)
      .default([])
      .describe('e.g. ["amount_total:sum"]'),
    limit: z.number().int().min(1).max(100).default(50),
    offset: z.number().int().min(0).default(0),
  },
  async run(context, args) {
    const policy = context.access.policy;
    policy.assertDomain(args.model, args.domain);
    policy.assertFields(
      args.model,
      [...args.groupby, ...args.aggregates].map((spec) => spec.split(':')[0]!),
    );
    const { client } = await context.gateway.clientFor(context.caller);
    const rows = await client.readGroup(args.model, args.domain as never, args.aggregates, args.groupby, {
      limit: args.limit,
      offset: args.offset,
      lazy: false,
    });
    const groups = rows.map(({ __domain: _domain, ...row }) => row);
    const bounded = boundRecords(groups);
    return { model: args.model, groups: bounded.records, ...(bounded.truncatedBytes ? { truncated: true } : {}) };
  },
});

export const listModels = defineTool({
  name: 'list_models',
  title: 'List models',
  description: 'List the Odoo models available through Gantry (technical name and label), optionally filtered by a search text.',
  permission: 'odoo.schema.read',
  effect: 'read',
  annotations: { readOnlyHint: true, openWorldHint: true },
  input: {
    query: z.string().max(100).optional().describe('Text to match in the technical name or the label, e.g. "invoice"'),
    limit: z.number().int().min(1).max(200).default(50),
  },
  async run(context, args) {
    const { client } = await context.gateway.clientFor(context.caller);
    const domain = args.query ? ['|', ['model', 'ilike', args.query], ['name', 'ilike', args.query]] : [];
    const models = await client.searchRead<{ id: number; model: string; name: string }>('ir.model', domain as never, {
      fields: ['model', 'name'],
      limit: 500,
      order: 'model asc',
    });
    const visible = models.filter((entry) => context.access.modelVisible(entry.model)).slice(0, args.limit);
    return { models: visible.map((entry) => ({ model: entry.model, name: entry.name })), count: visible.length };
  },
});

export const getFields = defineTool({
  name: 'get_fields',
  title: 'Describe fields',
  description: 'Describe the fields of an Odoo model: type, label, whether required or read-only, the related model of relational fields, selection values.',
  permission: 'odoo.schema.read',
  effect: 'read',
  annotations: { readOnlyHint: true, openWorldHint: true },
  input: {
    model: modelArg,
    query: z.string().max(100).optional().describe('Text to match in the field name or label'),
    limit: z.number().int().min(1).max(500).default(100),
  },
  async run(context, args) {
    const policy = context.access.policy;
    const fields = await context.gateway.fieldsOf(context.caller, args.model);
    const needle = args.query?.toLowerCase();
    const visible = Object.entries(fields)
      .filter(
        ([name, field]) => policy.fieldAllowed(args.model, name) && (!needle || name.includes(needle) || String(field.string).toLowerCase().includes(needle)),
      )
      .slice(0, args.limit)
      .map(([name, field]) => ({ name, ...field }));
    return { model: args.model, fields: visible, count: visible.length, total: Object.keys(fields).length };
  },
});
