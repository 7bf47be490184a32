import { z } from 'zod';
import { credentialNarrowingSchema, SCOPES } from './api-keys';
import { emailSchema, personNameSchema, teamNameSchema, teamSlugSchema } from './common';
import { APPROVAL_MODES, DESTRUCTIVE_CONFIRMATION, mcpPolicySchema, odooModelNameSchema } from './mcp-policy';
import { odooConnectionInputSchema } from './odoo-connections';
import { createOAuthClientRequestSchema } from './oauth';
import { ASSIGNABLE_ROLES } from './roles';

/**
 * gantry.toml, the configuration-as-code file (docs/config-as-code.md). This schema describes the
 * file as written (snake_case TOML keys), so a validation issue's path is a path in the file and
 * can be reported with its line. Secrets are never literals: each is the name of an environment
 * variable (`*_env`), read when the file is applied.
 */
export const CONFIG_FILE_VERSION = 1;

export const envReferenceSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be the name of an environment variable, e.g. ACME_ODOO_SECRET');

/** Keys a secret would be written under; the file takes `<key>_env` instead, and says so when it meets one. */
export const CONFIG_SECRET_LITERAL_KEYS = ['password', 'secret', 'key', 'token', 'client_secret'] as const;

export const configUserSchema = z.strictObject({
  email: emailSchema,
  name: personNameSchema,
  /** The password the account is created with; an existing account's password is never reset from the file. */
  password_env: envReferenceSchema,
});

export const configMemberSchema = z.strictObject({
  email: emailSchema,
  role: z.enum(ASSIGNABLE_ROLES),
});

/** The MCP policy (mcp-policy.ts) in file form; keys left out keep the stored value (or the default with --prune). */
export const configPolicySchema = z.strictObject({
  read_only: z.boolean().optional(),
  allowed_models: mcpPolicySchema.shape.allowedModels.unwrap().optional(),
  denied_models: mcpPolicySchema.shape.deniedModels.unwrap().optional(),
  denied_fields: mcpPolicySchema.shape.deniedFields.unwrap().optional(),
  destructive_confirmation: z.enum(DESTRUCTIVE_CONFIRMATION).optional(),
  approvals: z.enum(APPROVAL_MODES).optional(),
});

export const configRateLimitsSchema = z.strictObject({
  calls_per_minute: z.number().int().min(1).max(100_000).optional(),
  writes_per_minute: z.number().int().min(1).max(100_000).optional(),
});

export const configOdooConnectionSchema = z.strictObject({
  name: odooConnectionInputSchema.shape.name,
  url: odooConnectionInputSchema.shape.url,
  database: odooConnectionInputSchema.shape.database,
  login: odooConnectionInputSchema.shape.login,
  secret_env: envReferenceSchema,
});

/** A static API key: the key itself comes from the environment and only its SHA-256 is stored. */
export const configApiKeySchema = z.strictObject({
  owner: emailSchema,
  scopes: z
    .array(z.enum(SCOPES))
    .min(1, 'choose at least one scope')
    .refine((scopes) => new Set(scopes).size === scopes.length, 'must not repeat a scope'),
  key_env: envReferenceSchema,
  tools: credentialNarrowingSchema.shape.tools.unwrap().unwrap().optional(),
  models: z.array(odooModelNameSchema).max(200).optional(),
});

export const configOAuthClientSchema = z.strictObject({
  client_id: z.string().regex(/^[A-Za-z0-9._-]{8,100}$/, 'use 8-100 letters, digits, dots, dashes or underscores (e.g. gnt_client_acme_reports)'),
  name: createOAuthClientRequestSchema.shape.name,
  redirect_uris: createOAuthClientRequestSchema.shape.redirectUris,
  client_secret_env: envReferenceSchema,
});

export const configGitCredentialSchema = z.strictObject({
  host: z
    .string()
    .regex(/^[a-z0-9.-]+(:\d{1,5})?$/i, 'must be a git host name, e.g. github.com')
    .transform((host) => host.toLowerCase()),
  username: z.string().min(1).max(200),
  token_env: envReferenceSchema,
});

const nameKey = z.string().trim().min(1, 'is required').max(80);

export const configTeamSchema = z.strictObject({
  name: teamNameSchema,
  owner: emailSchema,
  audit_retention_days: z.number().int().min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days').optional(),
  /** Members besides the owner. Left out: the team's members are not managed by the file. */
  members: z.array(configMemberSchema).max(1000).optional(),
  policy: configPolicySchema.optional(),
  rate_limits: configRateLimitsSchema.optional(),
  odoo: configOdooConnectionSchema.optional(),
  api_keys: z.record(nameKey, configApiKeySchema).optional(),
  oauth_clients: z.record(nameKey, configOAuthClientSchema).optional(),
  workspaces: z.strictObject({ git_credentials: z.record(nameKey, configGitCredentialSchema).optional() }).optional(),
});

export const configFileSchema = z
  .strictObject({
    version: z.literal(CONFIG_FILE_VERSION, { error: `must be ${CONFIG_FILE_VERSION}` }),
    users: z.array(configUserSchema).max(10_000).optional(),
    teams: z.record(teamSlugSchema, configTeamSchema).optional(),
  })
  .superRefine((file, context) => {
    const seen = new Map<string, number>();
    file.users?.forEach((user, index) => {
      if (seen.has(user.email))
        context.addIssue({ code: 'custom', path: ['users', index, 'email'], message: `repeats the user of users[${seen.get(user.email)}]` });
      else seen.set(user.email, index);
    });
    const clientIds = new Map<string, string>();
    for (const [slug, team] of Object.entries(file.teams ?? {})) {
      const memberEmails = new Set<string>();
      team.members?.forEach((member, index) => {
        if (member.email === team.owner)
          context.addIssue({ code: 'custom', path: ['teams', slug, 'members', index, 'email'], message: 'is the owner; list members besides the owner' });
        if (memberEmails.has(member.email)) context.addIssue({ code: 'custom', path: ['teams', slug, 'members', index, 'email'], message: 'is listed twice' });
        memberEmails.add(member.email);
      });
      for (const [name, client] of Object.entries(team.oauth_clients ?? {})) {
        const other = clientIds.get(client.client_id);
        if (other)
          context.addIssue({ code: 'custom', path: ['teams', slug, 'oauth_clients', name, 'client_id'], message: `is also the client_id of ${other}` });
        clientIds.set(client.client_id, `teams.${slug}.oauth_clients.${name}`);
      }
    }
  });
export type ConfigFile = z.infer<typeof configFileSchema>;
export type ConfigTeam = z.infer<typeof configTeamSchema>;

/** Stable codes of what can go wrong applying a file, for scripts reading `--json` output. */
export const CONFIG_ERROR_CODES = [
  'CONFIG_FILE_UNREADABLE',
  'CONFIG_PARSE_FAILED',
  'CONFIG_INVALID',
  'CONFIG_ENV_MISSING',
  'CONFIG_REFERENCE_UNKNOWN',
  'CONFIG_CONFLICT',
] as const;
export type ConfigErrorCode = (typeof CONFIG_ERROR_CODES)[number];

/** One problem in the file: where it is (line, dotted key) and what is wrong. */
export const configProblemSchema = z.object({
  line: z.number().int().nullable(),
  key: z.string(),
  message: z.string(),
});
export type ConfigProblem = z.infer<typeof configProblemSchema>;

export const CONFIG_CHANGE_ACTIONS = ['create', 'update', 'unchanged', 'delete'] as const;
export type ConfigChangeAction = (typeof CONFIG_CHANGE_ACTIONS)[number];

export const CONFIG_OBJECT_KINDS = ['user', 'team', 'member', 'team_settings', 'odoo_connection', 'api_key', 'oauth_client', 'git_credential'] as const;
export type ConfigObjectKind = (typeof CONFIG_OBJECT_KINDS)[number];

/** A changed field; a secret shows only that it changed, never a value. */
export const configFieldChangeSchema = z.union([
  z.object({ key: z.string(), secret: z.literal(true) }),
  z.object({ key: z.string(), secret: z.literal(false), from: z.unknown(), to: z.unknown() }),
]);
export type ConfigFieldChange = z.infer<typeof configFieldChangeSchema>;

export const configChangeSchema = z.object({
  kind: z.enum(CONFIG_OBJECT_KINDS),
  /** Stable name of the object in the file, e.g. `teams.acme.api_keys.ci-bot`. */
  name: z.string(),
  /** The team the object belongs to (slug), null for users. */
  team: z.string().nullable(),
  action: z.enum(CONFIG_CHANGE_ACTIONS),
  fields: z.array(configFieldChangeSchema),
});
export type ConfigChange = z.infer<typeof configChangeSchema>;

export const configApplyReportSchema = z.object({
  dryRun: z.boolean(),
  prune: z.boolean(),
  changes: z.array(configChangeSchema),
  summary: z.object({ created: z.number(), updated: z.number(), deleted: z.number(), unchanged: z.number(), changed: z.number() }),
});
export type ConfigApplyReport = z.infer<typeof configApplyReportSchema>;
