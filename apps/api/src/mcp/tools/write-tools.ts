import { z } from 'zod';
import { ToolContext, defineTool, modelArg, recordId, valuesArg } from './tool-definition';

/** The model and the tool were authorized before run(); the values must not name a field the team policy hides. */
async function guardWrite(context: ToolContext, model: string, values: Array<Record<string, unknown>>) {
  for (const entry of values) context.access.policy.assertFields(model, Object.keys(entry));
  return (await context.gateway.clientFor(context.caller)).client;
}

export const createRecord = defineTool({
  name: 'create_record',
  title: 'Create a record',
  description: 'Create one record of an Odoo model. Returns its id. Odoo validates required fields and constraints.',
  permission: 'odoo.records.create',
  effect: 'create',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  input: { model: modelArg, values: valuesArg },
  async run(context, args) {
    const client = await guardWrite(context, args.model, [args.values]);
    return { model: args.model, id: await client.create(args.model, args.values) };
  },
});

export const createRecords = defineTool({
  name: 'create_records',
  title: 'Create several records',
  description: 'Create up to 100 records of one Odoo model in one call. Returns their ids in order.',
  permission: 'odoo.records.create',
  effect: 'create',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  input: { model: modelArg, values_list: z.array(valuesArg).min(1).max(100).describe('One values object per record to create') },
  async run(context, args) {
    const client = await guardWrite(context, args.model, args.values_list);
    return { model: args.model, ids: await client.create(args.model, args.values_list) };
  },
});

export const updateRecord = defineTool({
  name: 'update_record',
  title: 'Update a record',
  description: 'Change field values of one record.',
  permission: 'odoo.records.write',
  effect: 'write',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  input: { model: modelArg, id: recordId, values: valuesArg },
  async run(context, args) {
    const client = await guardWrite(context, args.model, [args.values]);
    return { model: args.model, id: args.id, updated: await client.write(args.model, [args.id], args.values) };
  },
});

export const updateRecords = defineTool({
  name: 'update_records',
  title: 'Update several records',
  description: 'Set the same field values on up to 100 records of one model.',
  permission: 'odoo.records.write',
  effect: 'write',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  input: { model: modelArg, ids: z.array(recordId).min(1).max(100), values: valuesArg },
  async run(context, args) {
    const client = await guardWrite(context, args.model, [args.values]);
    return { model: args.model, ids: args.ids, updated: await client.write(args.model, args.ids, args.values) };
  },
});

export const deleteRecord = defineTool({
  name: 'delete_record',
  title: 'Delete a record',
  description: 'Delete one record permanently. Prefer archiving (update active=false) when the model supports it.',
  permission: 'odoo.records.delete',
  effect: 'delete',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  input: { model: modelArg, id: recordId },
  async run(context, args) {
    const client = await guardWrite(context, args.model, []);
    return { model: args.model, id: args.id, deleted: await client.unlink(args.model, [args.id]) };
  },
});

export const callMethod = defineTool({
  name: 'call_method',
  title: 'Call a model method',
  description:
    'Call a public business method of an Odoo model, e.g. sale.order action_confirm on [ids]. Private methods (starting with "_") and ' +
    'generic CRUD methods are refused: use the dedicated tools for reading and writing.',
  permission: 'odoo.methods.execute',
  effect: 'execute',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  input: {
    model: modelArg,
    method: z
      .string()
      .regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/)
      .max(100)
      .describe('Method name, e.g. "action_confirm"'),
    args: z.array(z.unknown()).max(20).default([]).describe('Positional arguments; record methods take the list of ids first, e.g. [[42]]'),
    kwargs: z.record(z.string(), z.unknown()).default({}).describe('Keyword arguments'),
  },
  async run(context, args) {
    const { client } = await context.gateway.clientFor(context.caller);
    const outcome = await client.executeKw(args.model, args.method, args.args, args.kwargs);
    return { model: args.model, method: args.method, result: outcome.noneReturned ? null : outcome.value };
  },
});
