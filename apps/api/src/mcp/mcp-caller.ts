import { Scope } from '@gantry/contracts';
import type { WorkspaceCaller } from '../workspaces/workspaces.service';

/** Who is calling /mcp, resolved from the bearer credential before any tool runs. */
export interface McpCaller {
  user: { id: string; name: string | null; email: string | null };
  team: { id: string; slug: string };
  scopes: readonly Scope[];
  credential: { type: 'api_key' | 'oauth' | 'workspace_token'; id: string; label: string | null };
  /** Set on /mcp/workspaces/<id>: the one workspace this caller may work in. */
  workspace?: { id: string; name: string };
}

/** The same caller as the workspaces service sees one (team, user, credential). */
export function toWorkspaceCaller(caller: McpCaller): WorkspaceCaller {
  return {
    teamId: caller.team.id,
    teamSlug: caller.team.slug,
    user: { id: caller.user.id, name: caller.user.name, email: caller.user.email },
    credential: { type: caller.credential.type, id: caller.credential.id },
  };
}
