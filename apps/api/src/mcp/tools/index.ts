import { aggregateRecords, countRecords, getFields, getRecord, listModels, searchRecords } from './read-tools';
import { ToolDefinition } from './tool-definition';
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
