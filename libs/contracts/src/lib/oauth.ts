import { z } from 'zod';
import { DEFAULT_API_KEY_SCOPES, MCP_SCOPES, McpScope, Scope, SCOPES } from './api-keys';
import { Role, ROLES } from './roles';

/**
 * The scopes a role may put on a credential, whether a key at creation, an OAuth client at consent,
 * or used later: a credential's effective scopes are its granted scopes intersected with this, for
 * the role the user has now, so a demotion narrows keys and tokens already issued.
 */
export const ROLE_SCOPES: Readonly<Record<Role, readonly Scope[]>> = {
  owner: SCOPES,
  admin: SCOPES,
  member: ['query', 'read', 'create', 'write', 'schema', 'workspaces', 'audit'],
  auditor: ['audit'],
};

export function scopesAllowedFor(role: Role, scopes: readonly string[]): Scope[] {
  return ROLE_SCOPES[role].filter((scope) => scopes.includes(scope));
}

/** What a new API key gets when its creator names no scopes: the default ones the role allows, else all the role's. */
export function defaultApiKeyScopes(role: Role): Scope[] {
  const defaults = scopesAllowedFor(role, DEFAULT_API_KEY_SCOPES);
  return defaults.length > 0 ? defaults : [...ROLE_SCOPES[role]];
}

/** The MCP scopes of `scopes` that `role` may hold (what an OAuth token carries). */
export function mcpScopesAllowedFor(role: Role, scopes: readonly string[]): McpScope[] {
  return scopesAllowedFor(role, scopes).filter((scope): scope is McpScope => (MCP_SCOPES as readonly string[]).includes(scope));
}

/** How the authorization server knows a client. */
export const OAUTH_CLIENT_KINDS = ['dynamic', 'team', 'metadata_document'] as const;
export type OAuthClientKind = (typeof OAUTH_CLIENT_KINDS)[number];

/** What the consent page shows: who asks, where the answer goes, and what the signed-in user may grant. */
export const oauthInteractionSchema = z.object({
  uid: z.string(),
  client: z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(OAUTH_CLIENT_KINDS),
    /** Host of the redirect URI the answer goes to (e.g. claude.ai, 127.0.0.1:33418, cursor://anysphere.cursor-mcp). */
    redirectHost: z.string(),
    /** A pre-registered client belongs to one team and can only be granted access to it. */
    teamId: z.string().nullable(),
  }),
  resource: z.string(),
  requestedScopes: z.array(z.enum(MCP_SCOPES)),
  user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  teams: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.enum(ROLES),
      allowedScopes: z.array(z.enum(MCP_SCOPES)),
    }),
  ),
});
export type OAuthInteraction = z.infer<typeof oauthInteractionSchema>;

export const oauthConsentRequestSchema = z.strictObject({
  teamId: z.string().min(1, 'choose a team'),
  scopes: z
    .array(z.enum(MCP_SCOPES))
    .min(1, 'choose at least one scope')
    .refine((scopes) => new Set(scopes).size === scopes.length, 'must not repeat a scope'),
});
export type OAuthConsentRequest = z.infer<typeof oauthConsentRequestSchema>;

/** Where the browser goes next (back into the authorization server, which redirects to the client). */
export const oauthRedirectSchema = z.object({ redirectTo: z.string() });
export type OAuthRedirect = z.infer<typeof oauthRedirectSchema>;

const redirectUri = z.string().trim().min(1).max(2000);

export const createOAuthClientRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(80),
  redirectUris: z.array(redirectUri).min(1, 'add at least one redirect URI').max(10),
});
export type CreateOAuthClientRequest = z.infer<typeof createOAuthClientRequestSchema>;

export const oauthClientSchema = z.object({
  clientId: z.string(),
  name: z.string(),
  redirectUris: z.array(z.string()),
  applicationType: z.enum(['web', 'native']),
  createdAt: z.string().nullable(),
});
export type OAuthClient = z.infer<typeof oauthClientSchema>;

/** Answered once, at creation; the secret is stored encrypted and never shown again. */
export const createdOAuthClientSchema = oauthClientSchema.extend({ clientSecret: z.string() });
export type CreatedOAuthClient = z.infer<typeof createdOAuthClientSchema>;

/** One user's consent for one client in one team; revoking it ends every token issued under it. */
export const oauthGrantSchema = z.object({
  id: z.string(),
  client: z.object({ id: z.string(), name: z.string() }),
  user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  scopes: z.array(z.enum(MCP_SCOPES)),
  /** Tools and models an admin narrowed the grant to; null: not narrowed. */
  tools: z.array(z.string()).nullable(),
  models: z.array(z.string()).nullable(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
});
export type OAuthGrant = z.infer<typeof oauthGrantSchema>;
