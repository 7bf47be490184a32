import { z } from 'zod';
import { emailSchema, personNameSchema } from './common';
import { configProblemSchema } from './config-as-code';

/** Exit codes of the `gantry` command line, documented in README (Command line). */
export const CLI_EXIT_CODES = {
  /** Done; for `config apply --dry-run`, also when there are changes to make. */
  ok: 0,
  /** The command ran and failed: invalid file, refused by the API, unreachable server, a failed rotation. */
  failure: 1,
  /** The command line itself is wrong: unknown command or option, a missing argument or setting. */
  usage: 2,
} as const;
export type CliExitCode = (typeof CLI_EXIT_CODES)[keyof typeof CLI_EXIT_CODES];

/**
 * What the API's admin process (commands that work on the database: config apply, users create,
 * vault rotate, audit purge) tells the CLI on its standard output, one JSON object per line:
 * progress while it works, then one result or one error.
 */
export const adminMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), done: z.number(), total: z.number(), label: z.string() }),
  z.object({ type: z.literal('result'), command: z.string(), data: z.unknown() }),
  z.object({
    type: z.literal('error'),
    code: z.string(),
    message: z.string(),
    problems: z.array(configProblemSchema).optional(),
    usage: z.boolean().optional(),
  }),
]);
export type AdminMessage = z.infer<typeof adminMessageSchema>;

/** What the CLI asks the admin process to do (one JSON argument; secrets travel in the environment, never here). */
export const adminRequestSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('config-apply'), file: z.string().min(1), dryRun: z.boolean(), prune: z.boolean() }),
  z.object({
    command: z.literal('users-create'),
    email: emailSchema,
    name: personNameSchema,
    /** The environment variable holding the password. */
    passwordEnv: z.string().min(1),
  }),
  z.object({ command: z.literal('vault-rotate') }),
  z.object({
    command: z.literal('audit-purge'),
    /** `expired`: past each team's retention; `before`: older than a date. */
    mode: z.enum(['expired', 'before']),
    before: z.iso.datetime({ offset: true }).optional(),
    /** A team's slug; all teams when left out. */
    team: z.string().optional(),
    /** Count only (what the confirmation question shows). */
    dryRun: z.boolean(),
  }),
]);
export type AdminRequest = z.infer<typeof adminRequestSchema>;

export const adminUserCreatedSchema = z.object({ id: z.string(), email: z.string(), name: z.string(), created: z.boolean() });
export type AdminUserCreated = z.infer<typeof adminUserCreatedSchema>;

export const adminRotationReportSchema = z.object({
  scanned: z.number(),
  rotated: z.number(),
  alreadyCurrent: z.number(),
  conflicts: z.number(),
  failed: z.array(z.object({ collection: z.string(), id: z.string(), reason: z.string() })),
});
export type AdminRotationReport = z.infer<typeof adminRotationReportSchema>;

/** `audit purge`: how many records matched, and how many were deleted (0 on a dry run). */
export const adminAuditPurgeReportSchema = z.object({
  mode: z.enum(['expired', 'before']),
  before: z.string().nullable(),
  team: z.string().nullable(),
  matched: z.number(),
  deleted: z.number(),
  dryRun: z.boolean(),
});
export type AdminAuditPurgeReport = z.infer<typeof adminAuditPurgeReportSchema>;
