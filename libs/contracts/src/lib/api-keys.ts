import { z } from 'zod';
import { odooModelNameSchema } from './mcp-policy';
import { MCP_TOOL_NAMES } from './mcp-tools';

/** What an MCP credential may do: the tools a client sees follow its scopes. OAuth tokens carry only these. */
export const MCP_SCOPES = ['query', 'read', 'create', 'write', 'delete', 'execute', 'schema', 'workspaces'] as const;
/**
 * Every scope a credential may carry: the MCP scopes, and two for the REST API that only API keys
 * take: `audit` (read the audit log and admin trail) and `admin` (team administration; only an
 * owner or admin can put it on a key). permissions.ts says which permissions each scope grants.
 */
export const SCOPES = [...MCP_SCOPES, 'audit', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];
export type McpScope = (typeof MCP_SCOPES)[number];
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
  audit: 'read the audit log and admin trail over the REST API',
  admin: 'administer the team over the REST API (members, keys, the Odoo connection, settings); owners and admins only',
};

export const API_KEY_PREFIX = 'gnt_live_';
/** Characters after the prefix that identify a key in lists (not secret). */
export const API_KEY_ID_LENGTH = 8;

/**
 * An admin's narrowing of a credential (API key or OAuth grant) to chosen tools and models, e.g. a
 * reporting bot that sees only search_records and aggregate_records on sales models. null: no
 * narrowing (every tool the scopes allow, every model the team policy allows). Narrowing never widens.
 */
export const credentialNarrowingSchema = z.strictObject({
  tools: z
    .array(z.enum(MCP_TOOL_NAMES))
    .max(MCP_TOOL_NAMES.length)
    .refine((tools) => new Set(tools).size === tools.length, 'must not repeat a tool')
    .nullable()
    .optional(),
  models: z
    .array(odooModelNameSchema)
    .max(200)
    .refine((models) => new Set(models).size === models.length, 'must not repeat a model')
    .nullable()
    .optional(),
});
export type CredentialNarrowing = z.infer<typeof credentialNarrowingSchema>;

export const createApiKeyRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(80),
  scopes: z
    .array(z.enum(SCOPES))
    .min(1, 'choose at least one scope')
    .max(SCOPES.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, 'must not repeat a scope')
    .optional()
    .describe('Omitted: query, read and schema, as far as the creator’s role allows them (an auditor’s key gets audit)'),
  expiresAt: z.iso
    .datetime({ offset: true })
    .refine((value) => new Date(value).getTime() > Date.now(), 'must be in the future')
    .nullable()
    .optional(),
  tools: credentialNarrowingSchema.shape.tools,
  models: credentialNarrowingSchema.shape.models,
});
export type CreateApiKeyRequest = z.input<typeof createApiKeyRequestSchema>;

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** `gnt_live_` + the first 8 characters: enough to recognise a key, useless to use it. */
  prefix: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  /** Tools and models an admin narrowed the key to; null: not narrowed. */
  tools: z.array(z.string()).nullable(),
  models: z.array(z.string()).nullable(),
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
