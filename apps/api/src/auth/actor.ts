import { Role, TeamSummary, User } from '@gantry/contracts';
import type { Request } from 'express';

export type Credential = { type: 'session'; id: string };

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
