import { z } from 'zod';
import { SCOPES } from './api-keys';
import { ROLES } from './roles';

/**
 * "What can this do?": for a member, an API key or a connected app, every REST permission and
 * every MCP tool of the team with the decision Gantry's one decision point (authorize) takes for
 * it now, and which Odoo models it reaches. Computed, never stored.
 */
export const EFFECTIVE_OUTCOMES = ['allow', 'approval', 'deny'] as const;

const decisionSchema = z.object({
  outcome: z.enum(EFFECTIVE_OUTCOMES),
  /** Why not (or why held for approval), as the refusal would say it. */
  reason: z.string().nullable(),
});

export const effectivePermissionsSchema = z.object({
  subject: z.object({
    kind: z.enum(['member', 'api_key', 'oauth_grant']),
    id: z.string(),
    label: z.string(),
    role: z.enum(ROLES),
    /** null for a member: a dashboard session carries every permission the role holds. */
    scopes: z.array(z.enum(SCOPES)).nullable(),
    tools: z.array(z.string()).nullable(),
    models: z.array(z.string()).nullable(),
  }),
  rest: z.array(decisionSchema.extend({ permission: z.string(), description: z.string() })),
  tools: z.array(decisionSchema.extend({ name: z.string(), permission: z.string() })),
  models: z.object({
    /** The team's read-only switch: no tool that changes Odoo data runs. */
    readOnly: z.boolean(),
    /** null: every model not denied; else only these. */
    allowed: z.array(z.string()).nullable(),
    /** Never reachable: the floor Gantry enforces for every team, and the team's own deny-list. */
    denied: z.array(z.string()),
    /** Readable but never changed: the floor's write-protected models. */
    readOnlyModels: z.array(z.string()),
  }),
});
export type EffectivePermissions = z.infer<typeof effectivePermissionsSchema>;
