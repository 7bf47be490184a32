import { Role, Scope } from '@gantry/contracts';
import { Credential } from '../auth/actor';

/** Who is calling /mcp: the Actor a Passport strategy resolved, with the team its credential is bound to. */
export interface McpCaller {
  user: { id: string; name: string | null; email: string | null };
  team: { id: string; slug: string };
  /** The user's role in the team, as of this request. */
  role: Role;
  scopes: readonly Scope[];
  credential: Credential;
  /** Set on /mcp/workspaces/<id>: the one workspace this caller may work in. */
  workspace?: { id: string; name: string };
}
