import { Role, Scope, TeamSummary, User } from '@gantry/contracts';
import type { Request } from 'express';

export type CredentialType = 'session' | 'api_key' | 'oauth' | 'workspace_token';

/**
 * How the caller proved who they are. Every Passport strategy (one per kind) yields this same
 * shape; authorize() reads it. A key or token is bound to one team and narrowed by its scopes
 * (and, if an admin set them, by a tool and model list); a dashboard session is neither.
 */
export interface Credential {
  type: CredentialType;
  /** Session id, API key id, OAuth grant id, or workspace id. */
  id: string;
  /** Key name, OAuth client id or workspace name, for logs and the audit trail. */
  label: string | null;
  /** null for a dashboard session: it carries every permission its user's role holds. */
  scopes: readonly Scope[] | null;
  /** The one team a key or token works in; null for a session. */
  teamId: string | null;
  /** Tool names this credential is narrowed to by an admin; null: every tool its scopes allow. */
  tools: readonly string[] | null;
  /** Odoo models this credential is narrowed to by an admin; null: every model the team policy allows. */
  models: readonly string[] | null;
  /** A workspace token's workspace: the only one it reaches. */
  workspace?: { id: string; name: string };
}

/** Who is calling, resolved before any handler runs. `team`/`role` are set on team-scoped routes. */
export interface Actor {
  user: User;
  credential: Credential;
  team?: TeamSummary;
  role?: Role;
}

export interface TeamActor extends Actor {
  team: TeamSummary;
  role: Role;
}

export type ActorRequest = Request & { actor?: Actor };

export function sessionCredential(sessionId: string): Credential {
  return { type: 'session', id: sessionId, label: null, scopes: null, teamId: null, tools: null, models: null };
}
