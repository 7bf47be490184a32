import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

/**
 * The SDK's documented stateless pattern builds a new McpServer (and registers every tool) per
 * request, which costs most of the gateway's budget. Servers are instead kept per scope set and
 * reused: each request takes an idle one, connects a fresh transport, and gives it back after.
 */
/** One key per tool set: the sorted scopes, and whether the caller is bound to one workspace. */
export function toolSetKey(scopes: readonly string[], bound: boolean): string {
  return `${bound ? 'bound:' : ''}${[...scopes].sort().join(' ')}`;
}

export class McpServerPool {
  private readonly idle = new Map<string, McpServer[]>();

  constructor(
    private readonly build: (scopes: readonly string[], bound: boolean) => McpServer,
    private readonly maxIdlePerKey = 64,
  ) {}

  /** `bound`: a caller tied to one workspace, whose server offers fewer tools. */
  acquire(scopes: readonly string[], bound = false): { server: McpServer; release: () => void } {
    const key = toolSetKey(scopes, bound);
    const server = this.idle.get(key)?.pop() ?? this.build(scopes, bound);
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
