import { getApproval } from './approval-tools';
import { aggregateRecords, countRecords, getFields, getRecord, listModels, searchRecords } from './read-tools';
import { ToolDefinition } from './tool-definition';
import { BOUND_WORKSPACE_TOOLS, WORKSPACE_TOOLS } from './workspace-tools';
import { callMethod, createRecord, createRecords, deleteRecord, updateRecord, updateRecords } from './write-tools';

/** Every Odoo tool of the gateway; a client sees those its scopes allow. */
export const ODOO_TOOLS: readonly ToolDefinition[] = [
  searchRecords,
  getRecord,
  countRecords,
  aggregateRecords,
  createRecord,
  createRecords,
  updateRecord,
  updateRecords,
  deleteRecord,
  callMethod,
  listModels,
  getFields,
] as unknown as ToolDefinition[];

/** Every tool of the gateway: Odoo's, the workspaces', then checking on a call held for approval. */
export const ALL_TOOLS: readonly ToolDefinition[] = [...ODOO_TOOLS, ...WORKSPACE_TOOLS, getApproval as unknown as ToolDefinition];
export { BOUND_WORKSPACE_TOOLS, WORKSPACE_TOOLS };
