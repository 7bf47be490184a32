import { z } from 'zod';
import { emailSchema, newPasswordSchema, personNameSchema, teamNameSchema, teamSlugSchema } from './common';
import { ROLES } from './roles';

export const loginRequestSchema = z.strictObject({
  email: emailSchema,
  password: z.string().min(1, 'is required').max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const teamSummarySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
});
export type TeamSummary = z.infer<typeof teamSummarySchema>;

export const membershipSummarySchema = z.object({
  team: teamSummarySchema,
  role: z.enum(ROLES),
});
export type MembershipSummary = z.infer<typeof membershipSummarySchema>;

export const meResponseSchema = z.object({
  user: userSchema,
  memberships: z.array(membershipSummarySchema),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

/** Login and refresh both answer with a fresh access token; the refresh token travels only as an httpOnly cookie. */
export const sessionTokenResponseSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('seconds until the access token expires'),
  user: userSchema,
  memberships: z.array(membershipSummarySchema),
});
export type SessionTokenResponse = z.infer<typeof sessionTokenResponseSchema>;

export const sessionSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  expiresAt: z.string(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;

export const setupStatusSchema = z.object({ needsSetup: z.boolean() });
export type SetupStatus = z.infer<typeof setupStatusSchema>;

export const setupRequestSchema = z.strictObject({
  email: emailSchema,
  password: newPasswordSchema,
  name: personNameSchema,
  teamName: teamNameSchema,
  teamSlug: teamSlugSchema.optional(),
});
export type SetupRequest = z.infer<typeof setupRequestSchema>;

export const REFRESH_COOKIE_NAME = 'gantry_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';
