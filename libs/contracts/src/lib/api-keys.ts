import { z } from 'zod';

/** What an MCP credential may do. The tools a client sees follow its scopes. */
export const SCOPES = ['query', 'read', 'create', 'write', 'delete', 'execute', 'schema', 'workspaces'] as const;
export type Scope = (typeof SCOPES)[number];
export const DEFAULT_API_KEY_SCOPES: readonly Scope[] = ['query', 'read', 'schema'];

export const SCOPE_DESCRIPTIONS: Readonly<Record<Scope, string>> = {
  query: 'search and count records',
  read: 'read records and run aggregates',
  create: 'create records',
  write: 'update records',
  delete: 'delete records',
  execute: 'call model methods',
  schema: 'list models and fields',
  workspaces: 'create and run Odoo workspaces (dev environments)',
};

export const API_KEY_PREFIX = 'gnt_live_';
/** Characters after the prefix that identify a key in lists (not secret). */
export const API_KEY_ID_LENGTH = 8;

export const createApiKeyRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(80),
  scopes: z
    .array(z.enum(SCOPES))
    .min(1, 'choose at least one scope')
    .max(SCOPES.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'must not repeat a scope')
    .default([...DEFAULT_API_KEY_SCOPES]),
  expiresAt: z.iso
    .datetime({ offset: true })
    .refine((value) => new Date(value).getTime() > Date.now(), 'must be in the future')
    .nullable()
    .optional(),
});
export type CreateApiKeyRequest = z.input<typeof createApiKeyRequestSchema>;

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** `gnt_live_` + the first 8 characters: enough to recognise a key, useless to use it. */
  prefix: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  owner: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

/** Answered once, at creation; only a SHA-256 hash is stored. */
export const createdApiKeySchema = apiKeySchema.extend({ secret: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

/** `?includeRevoked=true` adds revoked keys to the list (hidden by default). */
export const listApiKeysQuerySchema = z.object({
  includeRevoked: z.enum(['true', 'false']).optional(),
});
export type ListApiKeysQuery = z.infer<typeof listApiKeysQuerySchema>;

/** The MCP gateway's tools (the API test keeps this list and the registered tools identical). */
export const MCP_TOOL_NAMES = [
  'search_records',
  'get_record',
  'count_records',
  'aggregate_records',
  'create_record',
  'create_records',
  'update_record',
  'update_records',
  'delete_record',
  'call_method',
  'list_models',
  'get_fields',
  'list_workspaces',
  'get_workspace',
  'create_workspace',
  'start_workspace',
  'stop_workspace',
  'restart_workspace',
  'delete_workspace',
  'workspace_logs',
  'workspace_exec',
  'workspace_odoo_shell',
  'install_modules',
  'upgrade_modules',
  'run_module_tests',
  'pull_and_apply',
] as const;
export type McpToolName = (typeof MCP_TOOL_NAMES)[number];
