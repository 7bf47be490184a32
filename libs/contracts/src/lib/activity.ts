import { z } from 'zod';
import { AUDIT_CREDENTIAL_TYPES, AUDIT_EXPORT_FORMATS, auditQuerySchema } from './audit';
import { objectIdSchema } from './common';
import { PERMISSION_NAMES } from './permissions';

/**
 * The admin trail: every change made through the REST API (and so the dashboard), every refused
 * authorization, and the sign-in flows. The MCP audit log (audit.ts) records tool calls; this
 * records who administered what.
 */

/** success: it was done; denied: the caller was not allowed (refused authorization, 401/403, rate limit); error: it failed otherwise. */
export const ACTIVITY_OUTCOMES = ['success', 'denied', 'error'] as const;
export type ActivityOutcome = (typeof ACTIVITY_OUTCOMES)[number];

/** What the public sign-in routes record; every other record's action is the permission its route declares. */
export const ACCOUNT_ACTIVITY_ACTIONS = ['auth.signIn', 'auth.signOut', 'auth.refresh', 'auth.setup', 'invitations.accept'] as const;
export type AccountActivityAction = (typeof ACCOUNT_ACTIVITY_ACTIONS)[number];

export const ACTIVITY_ACTIONS = [...PERMISSION_NAMES, ...ACCOUNT_ACTIVITY_ACTIONS] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

/** How long account events (no team: sign-ins, sign-outs, refusals outside a team) are kept, unless ACCOUNT_ACTIVITY_RETENTION_DAYS says otherwise. */
export const ACCOUNT_ACTIVITY_RETENTION_DAYS_DEFAULT = 90;

/**
 * One field a change touched. A secret (an Odoo password, a key) is `masked`: the record says that it
 * changed, and `old`/`new` are null — its value is never stored.
 */
export const activityChangeSchema = z.object({
  field: z.string(),
  old: z.unknown(),
  new: z.unknown(),
  masked: z.boolean(),
});
export type ActivityChange = z.infer<typeof activityChangeSchema>;

export const activityRecordSchema = z.object({
  id: z.string(),
  /** null for account events: sign-ins, sign-outs, sessions, refusals outside any team of the caller. */
  teamId: z.string().nullable(),
  time: z.string(),
  /** The permission the route declares (or that was refused), or one of ACCOUNT_ACTIVITY_ACTIONS. */
  action: z.string(),
  /** Method and route pattern, e.g. `PATCH /api/teams/:teamId/members/:userId`. */
  route: z.string().nullable(),
  /** What was acted on: the kind (`members`, `api-keys`, `odoo-connection`…), its id and a readable label. */
  target: z.object({ resource: z.string(), id: z.string().nullable(), label: z.string().nullable() }).nullable(),
  /** Who: for a failed sign-in, the account the email names (if any), and the email tried. */
  actor: z.object({ id: z.string().nullable(), name: z.string().nullable(), email: z.string().nullable() }),
  credential: z.object({ type: z.enum(AUDIT_CREDENTIAL_TYPES), id: z.string(), label: z.string().nullable() }).nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  outcome: z.enum(ACTIVITY_OUTCOMES),
  /** The HTTP status answered. */
  status: z.number().int().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Settings and policy: each field changed, old → new. */
  changes: z.array(activityChangeSchema),
  /** What else the action was about (a key's name and scopes, an invitation's role…), secrets redacted. */
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type ActivityRecord = z.infer<typeof activityRecordSchema>;

const trailFilters = {
  action: z.enum(ACTIVITY_ACTIONS).optional(),
  outcome: z.enum(ACTIVITY_OUTCOMES).optional(),
};

/** A team's trail; `actor` is a user id. Members see only their own actions whatever they ask for. */
export const activityQuerySchema = auditQuerySchema.pick({ from: true, to: true, cursor: true, limit: true }).extend({
  actor: objectIdSchema.optional(),
  ...trailFilters,
});
export type ActivityQuery = z.input<typeof activityQuerySchema>;

/** One's own account events (GET /api/auth/activity). */
export const accountActivityQuerySchema = activityQuerySchema.omit({ actor: true });
export type AccountActivityQuery = z.input<typeof accountActivityQuerySchema>;

export const activityPageSchema = z.object({
  items: z.array(activityRecordSchema),
  /** Pass back as `cursor` for the next (older) page; null at the end. */
  nextCursor: z.string().nullable(),
});
export type ActivityPage = z.infer<typeof activityPageSchema>;

/** The list filters without paging, plus the file format; at most AUDIT_EXPORT_MAX_ROWS records, as for the audit log. */
export const activityExportQuerySchema = activityQuerySchema.omit({ cursor: true, limit: true }).extend({
  format: z.enum(AUDIT_EXPORT_FORMATS).default('csv'),
});
export type ActivityExportQuery = z.input<typeof activityExportQuerySchema>;

/** CSV columns of an export, in order; changes and details are JSON in their cells. */
export const ACTIVITY_EXPORT_CSV_COLUMNS = [
  'time',
  'action',
  'outcome',
  'status',
  'actorId',
  'actorEmail',
  'credentialType',
  'credentialId',
  'targetResource',
  'targetId',
  'targetLabel',
  'ip',
  'userAgent',
  'errorCode',
  'errorMessage',
  'changes',
  'details',
] as const;
