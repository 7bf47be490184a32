import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

/**
 * The SDK's documented stateless pattern builds a new McpServer (and registers every tool) per
 * request, which costs most of the gateway's budget. Servers are instead kept per scope set and
 * reused: each request takes an idle one, connects a fresh transport, and gives it back after.
 */
export class McpServerPool {
  private readonly idle = new Map<string, McpServer[]>();

  constructor(
    private readonly build: (scopes: readonly string[]) => McpServer,
    private readonly maxIdlePerKey = 64,
  ) {}

  acquire(scopes: readonly string[]): { server: McpServer; release: () => void } {
    const key = [...scopes].sort().join(' ');
    const server = this.idle.get(key)?.pop() ?? this.build(scopes);
    return {
      server,
      release: () => {
        const list = this.idle.get(key) ?? [];
        if (list.length < this.maxIdlePerKey) {
          list.push(server);
          this.idle.set(key, list);
        }
      },
    };
  }
}
