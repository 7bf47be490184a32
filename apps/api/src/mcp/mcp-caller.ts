import { Scope } from '@gantry/contracts';

/** Who is calling /mcp, resolved from the bearer credential before any tool runs. */
export interface McpCaller {
  user: { id: string; name: string | null; email: string | null };
  team: { id: string };
  scopes: readonly Scope[];
  credential: { type: 'api_key' | 'oauth'; id: string; label: string | null };
}
