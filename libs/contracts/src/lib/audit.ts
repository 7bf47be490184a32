import { z } from 'zod';

/** `held`: a destructive call the team's policy held for approval; it did not run (its run, once approved, is another record). */
export const AUDIT_STATUSES = ['success', 'error', 'timeout', 'held'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

export const AUDIT_CREDENTIAL_TYPES = ['api_key', 'oauth', 'session', 'workspace_token'] as const;
export type AuditCredentialType = (typeof AUDIT_CREDENTIAL_TYPES)[number];

export const auditRecordSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  time: z.string(),
  tool: z.string(),
  /** The Odoo model the call was about, when it had one (for filtering). */
  model: z.string().nullable(),
  status: z.enum(AUDIT_STATUSES),
  durationMs: z.number(),
  user: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  credential: z.object({ type: z.enum(AUDIT_CREDENTIAL_TYPES), id: z.string(), label: z.string().nullable() }),
  mcpSessionId: z.string().nullable(),
  requestId: z.string().nullable(),
  /** Parameters with secret-looking values replaced by "[redacted]". */
  params: z.unknown(),
  /** The result, truncated to a bound; `resultTruncated` says when it was cut. */
  result: z.unknown().nullable(),
  resultTruncated: z.boolean(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** The approval a held call created, or that an approved call ran under. */
  approvalId: z.string().nullable(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

export const auditQuerySchema = z.strictObject({
  tool: z.string().max(100).optional(),
  status: z.enum(AUDIT_STATUSES).optional(),
  userId: z
    .string()
    .regex(/^[a-f0-9]{24}$/, 'must be a user id')
    .optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Free text matched against the model name. */
  q: z.string().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.input<typeof auditQuerySchema>;

export const auditPageSchema = z.object({
  items: z.array(auditRecordSchema),
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: z.string().nullable(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

/** What stands in for a value the audit log must not keep (secret-looking keys, tokens in text). */
export const AUDIT_REDACTED = '[redacted]';

export const AUDIT_EXPORT_FORMATS = ['csv', 'json'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];
/** An export carries at most this many records, newest first; narrow `from`/`to` to reach older ones. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;
/** CSV columns of an export, in order. */
export const AUDIT_EXPORT_CSV_COLUMNS = [
  'time',
  'tool',
  'model',
  'status',
  'durationMs',
  'userEmail',
  'credentialType',
  'credentialId',
  'errorCode',
  'errorMessage',
] as const;

/** The list filters (`from`/`to` inclusive) without paging, plus the file format. */
export const auditExportQuerySchema = auditQuerySchema.omit({ cursor: true, limit: true }).extend({
  format: z.enum(AUDIT_EXPORT_FORMATS).default('csv'),
});
export type AuditExportQuery = z.input<typeof auditExportQuerySchema>;

export const analyticsQuerySchema = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional().describe('default: 30 days ago'),
  to: z.iso.datetime({ offset: true }).optional().describe('default: now'),
});
export type AnalyticsQuery = z.input<typeof analyticsQuerySchema>;

const latencySchema = z.object({ p50: z.number().nullable(), p95: z.number().nullable() });

/** Usage of a team's MCP gateway over a range, aggregated by the API. Members see their own calls. */
export const usageAnalyticsSchema = z.object({
  from: z.string(),
  to: z.string(),
  totals: z.object({ calls: z.number(), errors: z.number(), timeouts: z.number(), errorRate: z.number() }).extend(latencySchema.shape),
  /** One row per UTC day and tool. */
  daily: z.array(z.object({ day: z.string(), tool: z.string(), calls: z.number(), errors: z.number() })),
  tools: z.array(z.object({ tool: z.string(), calls: z.number(), errors: z.number(), errorRate: z.number() }).extend(latencySchema.shape)),
  topModels: z.array(z.object({ model: z.string(), calls: z.number() })),
  topUsers: z.array(z.object({ userId: z.string(), name: z.string().nullable(), email: z.string().nullable(), calls: z.number() })),
});
export type UsageAnalytics = z.infer<typeof usageAnalyticsSchema>;

export const teamOverviewSchema = z.object({
  connection: z.object({ status: z.string(), host: z.string(), lastCheckedAt: z.string().nullable() }).nullable(),
  today: z.object({ calls: z.number(), errorRate: z.number(), p95: z.number().nullable() }),
  activeApiKeys: z.number(),
  recentErrors: z.array(z.object({ id: z.string(), time: z.string(), tool: z.string(), model: z.string().nullable(), code: z.string(), message: z.string() })),
});
export type TeamOverview = z.infer<typeof teamOverviewSchema>;
