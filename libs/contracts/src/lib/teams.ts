import { z } from 'zod';
import { emailSchema, newPasswordSchema, personNameSchema, teamNameSchema, teamSlugSchema } from './common';
import { mcpPolicySchema } from './mcp-policy';
import { ASSIGNABLE_ROLES, ROLES } from './roles';

export const teamSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  createdAt: z.string(),
  role: z.enum(ROLES).describe("the caller's role in this team"),
  settings: z.object({ auditRetentionDays: z.number().int(), mcpPolicy: mcpPolicySchema }),
});
export type Team = z.infer<typeof teamSchema>;

export const createTeamRequestSchema = z.strictObject({
  name: teamNameSchema,
  slug: teamSlugSchema.optional(),
});
export type CreateTeamRequest = z.infer<typeof createTeamRequestSchema>;

export const AUDIT_RETENTION_DAYS_DEFAULT = 90;

export const updateTeamRequestSchema = z.strictObject({
  name: teamNameSchema.optional(),
  slug: teamSlugSchema.optional(),
  settings: z
    .strictObject({
      auditRetentionDays: z.number().int().min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days').optional(),
      mcpPolicy: mcpPolicySchema.optional(),
    })
    .optional(),
});
export type UpdateTeamRequest = z.infer<typeof updateTeamRequestSchema>;

export const memberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  joinedAt: z.string(),
});
export type Member = z.infer<typeof memberSchema>;

export const changeRoleRequestSchema = z.strictObject({ role: z.enum(ASSIGNABLE_ROLES) });
export type ChangeRoleRequest = z.infer<typeof changeRoleRequestSchema>;

export const transferOwnershipRequestSchema = z.strictObject({ userId: z.string().min(1) });
export type TransferOwnershipRequest = z.infer<typeof transferOwnershipRequestSchema>;

export const createInvitationRequestSchema = z.strictObject({
  email: emailSchema,
  role: z.enum(ASSIGNABLE_ROLES).default('member'),
});
export type CreateInvitationRequest = z.input<typeof createInvitationRequestSchema>;

export const invitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(ASSIGNABLE_ROLES),
  invitedBy: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type Invitation = z.infer<typeof invitationSchema>;

/** Answered once, at creation: no mail is sent yet, so the inviter passes the link on. */
export const createdInvitationSchema = invitationSchema.extend({
  acceptUrl: z.string(),
});
export type CreatedInvitation = z.infer<typeof createdInvitationSchema>;

/** Says nothing about whether an account with the email exists: anyone holding a link may read it. */
export const invitationPreviewSchema = z.object({
  team: z.object({ name: z.string(), slug: z.string() }),
  email: z.string(),
  role: z.enum(ASSIGNABLE_ROLES),
  expiresAt: z.string(),
});
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>;

/**
 * Creates a new account, joins and signs in. Someone who already has an account signs in first
 * (the throttled sign-in) and joins with POST /api/invitations/:token/join; this never checks
 * an existing account's password.
 */
export const acceptInvitationRequestSchema = z.strictObject({
  token: z.string().min(20).max(200),
  name: personNameSchema.optional(),
  password: newPasswordSchema,
});
export type AcceptInvitationRequest = z.infer<typeof acceptInvitationRequestSchema>;
