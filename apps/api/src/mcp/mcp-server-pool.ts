import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ToolSet } from './mcp-tool-sets';

/**
 * The SDK's documented stateless pattern builds a new McpServer (and registers every tool) per
 * request, which costs most of the gateway's budget. Servers are instead kept per tool set and
 * reused: each request takes an idle one, connects a fresh transport, and gives it back after.
 */
export class McpServerPool {
  private readonly idle = new Map<string, McpServer[]>();

  constructor(
    private readonly build: (toolSet: ToolSet) => McpServer,
    private readonly maxIdlePerKey = 64,
  ) {}

  acquire(toolSet: ToolSet): { server: McpServer; release: () => void } {
    const server = this.idle.get(toolSet.key)?.pop() ?? this.build(toolSet);
    return {
      server,
      release: () => {
        const list = this.idle.get(toolSet.key) ?? [];
        if (list.length < this.maxIdlePerKey) {
          list.push(server);
          this.idle.set(toolSet.key, list);
        }
      },
    };
  }
}
