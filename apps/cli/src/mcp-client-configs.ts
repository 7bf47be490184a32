import { API_KEY_ID_LENGTH, API_KEY_PREFIX } from '@gantry/contracts';

export const MCP_CLIENTS = ['cursor', 'vscode', 'claude-code', 'claude-desktop'] as const;
export type McpClientName = (typeof MCP_CLIENTS)[number];

/** How one client is told about this server: the formats of README's "Connecting MCP clients" tables. */
export type ClientSetup =
  /** A JSON file the client reads: `serversKey` holds one entry per server. */
  | { kind: 'file'; defaultPath: string; serversKey: 'mcpServers' | 'servers'; entry: Record<string, unknown> }
  /** A command to run. */
  | { kind: 'command'; command: string; then: string | null }
  /** Steps in the client's settings (it takes no file for remote servers). */
  | { kind: 'steps'; steps: string };

/**
 * `authorization` is the header value for an API key ("Bearer gnt_live_…"), or null for OAuth,
 * where the client registers itself and the person signs in on Gantry.
 */
export function clientSetup(client: McpClientName, mcpUrl: string, authorization: string | null): ClientSetup {
  const headers = authorization ? { headers: { Authorization: authorization } } : {};
  switch (client) {
    case 'cursor':
      return { kind: 'file', defaultPath: '~/.cursor/mcp.json', serversKey: 'mcpServers', entry: { url: mcpUrl, ...headers } };
    case 'vscode':
      return { kind: 'file', defaultPath: '.vscode/mcp.json', serversKey: 'servers', entry: { type: 'http', url: mcpUrl, ...headers } };
    case 'claude-code':
      return {
        kind: 'command',
        command: `claude mcp add --transport http gantry ${mcpUrl}${authorization ? ` --header "Authorization: ${authorization}"` : ''}`,
        then: authorization ? null : 'then /mcp › Authenticate',
      };
    case 'claude-desktop':
      return {
        kind: 'steps',
        steps: `Settings › Connectors › Add custom connector › URL ${mcpUrl} › Connect (sign in on Gantry, pick the team and scopes, Allow)`,
      };
  }
}

/** What the key looks like when printed: its visible prefix only, the rest never leaves this process. */
export function maskKey(key: string): string {
  return `${key.slice(0, API_KEY_PREFIX.length + API_KEY_ID_LENGTH)}…`;
}
