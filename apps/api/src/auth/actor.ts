import { Role, Scope, TeamSummary, User } from '@gantry/contracts';
import type { Request } from 'express';

/** How the caller proved who they are: a dashboard session, or an API key bound to one team. */
export type Credential = { type: 'session'; id: string } | { type: 'api_key'; id: string; scopes: Scope[]; teamId: string };

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
