import { z } from 'zod';
import { AUDIT_CREDENTIAL_TYPES } from './audit';

/**
 * A destructive tool call the team's policy (`approvals: 'destructive'`) held instead of running:
 * pending → approved → executed | failed, or pending → denied | expired. An approved call runs at
 * most once, as the member who asked, with the role and credential they have at that moment.
 */
export const APPROVAL_STATUSES = ['pending', 'approved', 'executed', 'failed', 'denied', 'expired'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/** Statuses after which nothing more happens to an approval. */
export const FINAL_APPROVAL_STATUSES: readonly ApprovalStatus[] = ['executed', 'failed', 'denied', 'expired'];

/**
 * `structuredContent.code` of the tool answer to a held call. Not an error: nothing failed and
 * nothing ran yet; the assistant should check back with get_approval instead of retrying.
 */
export const APPROVAL_PENDING_CODE = 'APPROVAL_PENDING';

/** The MCP tool an assistant calls to learn what became of a held call. */
export const GET_APPROVAL_TOOL = 'get_approval';

const person = z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() });
const failure = z.object({ code: z.string(), message: z.string() });

export const approvalRequesterSchema = z.object({
  user: person,
  credential: z.object({ type: z.enum(AUDIT_CREDENTIAL_TYPES), id: z.string(), label: z.string().nullable() }),
  /** Set when the call came through a workspace's own MCP endpoint (it then acts on that workspace's Odoo). */
  workspace: z.object({ id: z.string(), name: z.string() }).nullable(),
  mcpSessionId: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type ApprovalRequester = z.infer<typeof approvalRequesterSchema>;

/** An approval as lists show it: who asked for what and what became of it, without the arguments. */
export const approvalSummarySchema = z.object({
  id: z.string(),
  teamId: z.string(),
  tool: z.string(),
  /** The Odoo model the call names, when it names one. */
  model: z.string().nullable(),
  status: z.enum(APPROVAL_STATUSES),
  requestedBy: approvalRequesterSchema,
  createdAt: z.string(),
  expiresAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: person.nullable(),
  /** The approver's optional reason, shown to the assistant too. */
  reason: z.string().nullable(),
  /** When the approved call finished running (executed or failed). */
  finishedAt: z.string().nullable(),
  /** Why an approved call failed (its tool error, or APPROVAL_REQUESTER_INVALID when it never ran). */
  error: failure.nullable(),
});
export type ApprovalSummary = z.infer<typeof approvalSummarySchema>;

/** One approval in full, for approvers: the arguments exactly as the assistant sent them, and the result. */
export const approvalSchema = approvalSummarySchema.extend({
  arguments: z.record(z.string(), z.unknown()),
  /** The executed call's result; null before it ran or when it failed. */
  result: z.unknown().nullable(),
  /** The result was larger than Gantry keeps: `result` is then the beginning of its JSON text. */
  resultTruncated: z.boolean(),
});
export type Approval = z.infer<typeof approvalSchema>;

export const approvalListQuerySchema = z.strictObject({
  status: z.enum(APPROVAL_STATUSES).optional(),
  /** Pass back `nextCursor` for the next (older) page. */
  cursor: z
    .string()
    .regex(/^[a-f0-9]{24}$/, 'must be a cursor from a previous page')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ApprovalListQuery = z.input<typeof approvalListQuerySchema>;

export const approvalPageSchema = z.object({
  items: z.array(approvalSummarySchema),
  nextCursor: z.string().nullable(),
});
export type ApprovalPage = z.infer<typeof approvalPageSchema>;

export const approvalDecisionRequestSchema = z.strictObject({
  reason: z.string().trim().max(500).optional(),
});
export type ApprovalDecisionRequest = z.infer<typeof approvalDecisionRequestSchema>;

/** `structuredContent` of the tool answer to a held call. */
export const heldCallResultSchema = z.object({
  code: z.literal(APPROVAL_PENDING_CODE),
  executed: z.literal(false),
  approval: z.object({ id: z.string(), tool: z.string(), status: z.literal('pending'), expiresAt: z.string() }),
  /** What the assistant should do next, in words. */
  next: z.string(),
});
export type HeldCallResult = z.infer<typeof heldCallResultSchema>;

/** `structuredContent` of get_approval: the held call as its own requester may see it. */
export const approvalCheckResultSchema = z.object({
  approval: z.object({
    id: z.string(),
    tool: z.string(),
    arguments: z.record(z.string(), z.unknown()),
    status: z.enum(APPROVAL_STATUSES),
    createdAt: z.string(),
    expiresAt: z.string(),
    decidedAt: z.string().nullable(),
    reason: z.string().nullable(),
    finishedAt: z.string().nullable(),
    result: z.unknown().nullable(),
    resultTruncated: z.boolean(),
    error: failure.nullable(),
  }),
  /** What the status means for the assistant, in words. */
  next: z.string(),
});
export type ApprovalCheckResult = z.infer<typeof approvalCheckResultSchema>;
