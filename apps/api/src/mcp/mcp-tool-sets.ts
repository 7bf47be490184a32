import { GET_APPROVAL_TOOL } from '@gantry/contracts';
import { authorize } from '../authorization/authorize';
import { McpCaller } from './mcp-caller';
import { OdooPolicy } from './odoo-policy';
import { ALL_TOOLS, BOUND_WORKSPACE_TOOLS } from './tools';
import { ToolDefinition } from './tools/tool-definition';

/** The tools one caller sees; `key` names the set (pooled MCP servers are kept per set). */
export interface ToolSet {
  key: string;
  tools: readonly ToolDefinition[];
  byName: ReadonlyMap<string, ToolDefinition>;
}

export const TOOLS_BY_NAME: ReadonlyMap<string, ToolDefinition> = new Map(ALL_TOOLS.map((tool) => [tool.name, tool]));

/** A tool as the decision point sees it before any argument is known. */
export const toolTarget = (tool: ToolDefinition) => ({ name: tool.name, effect: tool.effect, destructive: tool.annotations.destructiveHint === true });

/**
 * tools/list shows exactly what authorize() would allow this caller (role, scopes, the credential's
 * tool list, the team's read-only switch and approvals mode): a tool it would refuse is not offered.
 * A caller bound to one workspace sees the Odoo tools (its Odoo), the workspace tools that act on
 * that workspace, and get_approval.
 * Computed once per kind of caller and team policy version, since it sits on the hot path.
 */
export class McpToolSets {
  private readonly cache = new WeakMap<OdooPolicy, Map<string, ToolSet>>();

  forCaller(caller: McpCaller, policy: OdooPolicy): ToolSet {
    const bound = Boolean(caller.workspace);
    const subjectKey = `${caller.role}|${caller.scopes.join(' ')}|${caller.credential.tools?.join(' ') ?? '*'}|${bound}`;
    let perPolicy = this.cache.get(policy);
    if (!perPolicy) this.cache.set(policy, (perPolicy = new Map()));
    let set = perPolicy.get(subjectKey);
    if (!set) {
      const subject = { credential: caller.credential, role: caller.role };
      const tools = ALL_TOOLS.filter(
        (tool) =>
          (!bound || tool.permission.startsWith('odoo.') || BOUND_WORKSPACE_TOOLS.has(tool.name) || tool.name === GET_APPROVAL_TOOL) &&
          authorize(subject, tool.permission, { team: caller.team, policy, tool: toolTarget(tool) }).outcome !== 'deny',
      );
      set = { key: `${bound ? 'bound:' : ''}${tools.map((tool) => tool.name).join(' ')}`, tools, byName: new Map(tools.map((tool) => [tool.name, tool])) };
      perPolicy.set(subjectKey, set);
    }
    return set;
  }
}
