import { Scope } from '@gantry/contracts';

/** Who is calling /mcp, resolved from the bearer credential before any tool runs. */
export interface McpCaller {
  user: { id: string; name: string | null; email: string | null };
  team: { id: string; slug: string };
  scopes: readonly Scope[];
  credential: { type: 'api_key' | 'oauth' | 'workspace_token'; id: string; label: string | null };
  /** Set on /mcp/workspaces/<id>: the one workspace this caller may work in. */
  workspace?: { id: string; name: string };
}
