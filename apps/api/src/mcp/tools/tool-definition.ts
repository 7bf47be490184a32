import { Effect, Permission } from '@gantry/contracts';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ApprovalsService } from '../../approvals/approvals.service';
import { McpCaller } from '../mcp-caller';
import { WorkspacesService } from '../../workspaces/workspaces.service';
import { OdooGatewayService } from '../odoo-gateway.service';
import { CallAccess } from '../call-access';

export interface ToolContext {
  caller: McpCaller;
  gateway: OdooGatewayService;
  /** What the decision point lets this call see: the team policy's field rules and which models are visible. */
  access: CallAccess;
  /** Absent where the workspaces module is not loaded. */
  workspaces?: WorkspacesService;
  /** For get_approval: the caller's own held calls. */
  approvals?: Pick<ApprovalsService, 'checkAsRequester'>;
}

/**
 * A tool declares what it does as data: the permission it needs (permissions.ts) and its effect.
 * The tool runner asks authorize() before run(); the team's read-only mode refuses every Odoo tool
 * whose effect is not `read`, so a new write tool cannot slip past it.
 */
export interface ToolDefinition<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  permission: Permission;
  effect: Effect;
  annotations: ToolAnnotations;
  input: Shape;
  run(context: ToolContext, args: z.infer<z.ZodObject<Shape>>): Promise<Record<string, unknown>>;
}

export function defineTool<Shape extends z.ZodRawShape>(definition: ToolDefinition<Shape>): ToolDefinition<Shape> {
  return definition;
}

export const modelArg = z
  .string()
  .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/, 'an Odoo model name such as res.partner')
  .describe('Technical Odoo model name, e.g. "res.partner", "sale.order", "account.move". Use list_models to discover them.');

export const domainArg = z
  .array(z.union([z.enum(['&', '|', '!']), z.tuple([z.string(), z.string(), z.unknown()]), z.boolean()]))
  .max(100)
  .default([])
  .describe(
    'Odoo domain in Polish notation: a list of [field, operator, value] conditions, implicitly AND-ed; prefix "|" for OR, "!" for NOT. ' +
      'Operators: = != < > <= >= in "not in" like ilike =like =ilike child_of. Dotted paths follow many2one fields. ' +
      'Example: [["is_company", "=", true], "|", ["country_id.code", "=", "BE"], ["country_id.code", "=", "FR"]].',
  );

export const fieldsArg = z
  .array(z.string().regex(/^(\*|[a-z0-9_]+)$/))
  .max(200)
  .optional()
  .describe('Fields to return. Omit for a useful default set (name and main fields, at most 15); ["*"] for every readable field.');

export const recordId = z.number().int().positive().describe('The record id');
export const valuesArg = z
  .record(z.string().regex(/^[a-z0-9_]+$/), z.unknown())
  .describe('Field values, e.g. {"name": "Acme", "email": "info@acme.test"}. many2one fields take an id; x2many fields take Odoo commands.');
