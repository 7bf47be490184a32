import { z } from 'zod';

/**
 * Workspace, template and git-credential names become parts of container, network, volume and
 * database names: lower-case letters, digits and single hyphens, starting with a letter. No `_`,
 * so the `-` → `_` mapping into PostgreSQL names is one-to-one.
 */
export const workspaceNameSchema = z
  .string()
  .regex(/^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,29}$/, 'use 1-30 lower-case letters, digits and single hyphens, starting with a letter');

/** A git branch name as git check-ref-format accepts it, minus anything a shell or option parser could read. */
export const gitBranchSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)[A-Za-z0-9._/-]+(?<![./])$/, 'not a valid branch name')
  .refine((value) => !value.endsWith('.lock'), 'not a valid branch name');

/** An https URL of a git repository, without credentials (those are stored apart, see git credentials). */
export const gitRepoUrlSchema = z
  .string()
  .max(500)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password && !url.search && !url.hash && url.pathname.length > 1;
    } catch {
      return false;
    }
  }, 'use an http(s) repository URL without credentials, query or fragment (store credentials as a git credential)');

export const odooModuleNameSchema = z.string().regex(/^[a-z0-9_]{1,64}$/, 'an Odoo module name (lower-case letters, digits, underscores)');
export const odooModuleListSchema = z.array(odooModuleNameSchema).min(1).max(50);

/** An image reference: [registry[:port]/]path[:tag][@digest]. */
export const imageRefSchema = z
  .string()
  .max(255)
  .regex(
    /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]{1,5})?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/,
    'not a valid image reference',
  );

export const WORKSPACE_ENV_RESERVED = ['HOST', 'PORT', 'USER', 'PASSWORD', 'PGPASSWORD', 'PATH'] as const;
export const workspaceEnvSchema = z
  .record(z.string().regex(/^[A-Z_][A-Z0-9_]{0,63}$/, 'environment names are upper-case letters, digits and underscores'), z.string().max(4096))
  .refine((env) => Object.keys(env).length <= 50, 'at most 50 environment variables')
  .refine(
    (env) => !Object.keys(env).some((key) => (WORKSPACE_ENV_RESERVED as readonly string[]).includes(key)),
    `${WORKSPACE_ENV_RESERVED.join(', ')} are set by Gantry`,
  );

export const workspaceCreateSchema = z
  .object({
    name: workspaceNameSchema,
    repoUrl: gitRepoUrlSchema.optional(),
    branch: gitBranchSchema.optional(),
    gitCredentialId: z
      .string()
      .regex(/^[a-f0-9]{24}$/)
      .optional(),
    image: imageRefSchema.optional(),
    template: workspaceNameSchema.optional(),
    env: workspaceEnvSchema.optional(),
    modules: odooModuleListSchema.optional(),
  })
  .strict()
  .refine((input) => input.repoUrl || (!input.branch && !input.gitCredentialId), { message: 'branch and gitCredentialId need a repoUrl', path: ['repoUrl'] });
export type WorkspaceCreateInput = z.infer<typeof workspaceCreateSchema>;

export const WORKSPACE_STATUSES = ['creating', 'running', 'stopped', 'error', 'missing'] as const;
export type WorkspaceStatus = (typeof WORKSPACE_STATUSES)[number];

export const workspaceSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(WORKSPACE_STATUSES),
  url: z.string().nullable(),
  containerName: z.string(),
  image: z.string(),
  repoUrl: z.string().nullable(),
  branch: z.string().nullable(),
  commit: z.string().nullable(),
  template: z.string().nullable(),
  database: z.string(),
  port: z.number().nullable(),
  envKeys: z.array(z.string()),
  mcpTokenSet: z.boolean(),
  createdAt: z.string(),
  lastActivityAt: z.string(),
});
export type Workspace = z.infer<typeof workspaceSchema>;

/** A container carrying Gantry's labels for this team that no record claims: listed, never deleted. */
export const workspaceOrphanSchema = z.object({
  containerName: z.string(),
  workspace: z.string().nullable(),
  state: z.string(),
  createdAt: z.string().nullable(),
});
export const workspaceListSchema = z.object({ workspaces: z.array(workspaceSchema), orphans: z.array(workspaceOrphanSchema) });
export type WorkspaceList = z.infer<typeof workspaceListSchema>;

/** `POST …/workspaces?wait=<seconds>`: answer 202 with the workspace still "creating" if it takes longer. */
export const workspaceCreateQuerySchema = z.object({
  wait: z.coerce.number().int().min(0).max(600).optional().describe('Seconds to wait for the workspace to run; without it the request waits until it does'),
});
export type WorkspaceCreateQuery = z.infer<typeof workspaceCreateQuerySchema>;

export const workspaceLogsQuerySchema = z.object({
  tail: z.coerce.number().int().min(1).max(5000).default(200),
  grep: z.string().max(200).optional(),
});
export type WorkspaceLogsQuery = z.infer<typeof workspaceLogsQuerySchema>;
export const workspaceLogsSchema = z.object({ lines: z.array(z.string()), truncated: z.boolean() });
export type WorkspaceLogs = z.infer<typeof workspaceLogsSchema>;

export const workspaceExecSchema = z.object({
  command: z.array(z.string().max(4096)).min(1).max(64),
  timeoutSeconds: z.number().int().min(1).max(600).default(60),
});
export type WorkspaceExecInput = z.infer<typeof workspaceExecSchema>;
export const workspaceShellSchema = z.object({
  code: z
    .string()
    .min(1)
    .max(64 * 1024),
  timeoutSeconds: z.number().int().min(1).max(600).default(60),
});
export type WorkspaceShellInput = z.infer<typeof workspaceShellSchema>;
export const workspaceExecResultSchema = z.object({ exitCode: z.number(), output: z.string(), truncated: z.boolean(), durationMs: z.number() });
export type WorkspaceExecResult = z.infer<typeof workspaceExecResultSchema>;

export const workspaceModulesSchema = z.object({ modules: odooModuleListSchema });
export type WorkspaceModulesInput = z.infer<typeof workspaceModulesSchema>;

export const PULL_ACTIONS = ['install', 'upgrade', 'restart', 'nothing'] as const;
export const workspacePullResultSchema = z.object({
  from: z.string().nullable(),
  to: z.string(),
  changedFiles: z.array(z.string()),
  installed: z.array(z.string()),
  upgraded: z.array(z.string()),
  action: z.enum(PULL_ACTIONS),
  result: workspaceExecResultSchema.nullable(),
});
export type WorkspacePullResult = z.infer<typeof workspacePullResultSchema>;

export const workspaceTemplateCreateSchema = z.object({ name: workspaceNameSchema, fromWorkspace: workspaceNameSchema }).strict();
export type WorkspaceTemplateCreateInput = z.infer<typeof workspaceTemplateCreateSchema>;
export const workspaceTemplateRenameSchema = z.object({ name: workspaceNameSchema }).strict();
export const workspaceTemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  sourceWorkspace: z.string(),
  image: z.string(),
  modules: z.array(z.string()),
  filestoreBytes: z.number(),
  createdAt: z.string(),
});
export type WorkspaceTemplate = z.infer<typeof workspaceTemplateSchema>;

export const workspaceMcpTokenSchema = z.object({ token: z.string(), path: z.string(), createdAt: z.string() });
export type WorkspaceMcpToken = z.infer<typeof workspaceMcpTokenSchema>;

/** Git credentials: one `https://user:token@host/owner/repo` URL, or the fields. */
export const gitCredentialInputSchema = z
  .object({
    url: z.string().max(1000).optional(),
    host: z
      .string()
      .min(1)
      .max(253)
      .regex(/^[a-z0-9.-]+(?::[0-9]{1,5})?$/i, 'a host name, optionally with :port')
      .optional(),
    username: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^\s:@/]+$/, 'no spaces, colons, slashes or @')
      .optional(),
    token: z.string().min(1).max(1000).regex(/^\S+$/, 'no whitespace').optional(),
    label: z.string().max(100).optional(),
  })
  .strict()
  .refine((input) => (input.url ? !input.host && !input.username && !input.token : Boolean(input.host && input.username && input.token)), {
    message: 'give either url (https://user:token@host/owner/repo) or host, username and token',
    path: ['url'],
  });
export type GitCredentialInput = z.infer<typeof gitCredentialInputSchema>;

export const GIT_CREDENTIAL_STATUSES = ['untested', 'valid', 'invalid'] as const;
export const gitCredentialSchema = z.object({
  id: z.string(),
  host: z.string(),
  username: z.string(),
  tokenMasked: z.string(),
  label: z.string().nullable(),
  status: z.enum(GIT_CREDENTIAL_STATUSES),
  lastValidatedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type GitCredential = z.infer<typeof gitCredentialSchema>;
export const gitCredentialValidationSchema = z.object({ ok: z.boolean(), method: z.string(), message: z.string() });
export type GitCredentialValidation = z.infer<typeof gitCredentialValidationSchema>;
export const gitCredentialValidateInputSchema = z.object({ repoUrl: gitRepoUrlSchema.optional() }).strict();
