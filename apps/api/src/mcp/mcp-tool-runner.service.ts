import { Injectable, Logger } from '@nestjs/common';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AuditService } from '../audit/audit.service';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { authorize } from '../authorization/authorize';
import { CallAccess } from './call-access';
import { McpCaller } from './mcp-caller';
import { toolTarget } from './mcp-tool-sets';
import { McpRateLimiter } from './mcp-rate-limiter';
import { OdooGatewayService } from './odoo-gateway.service';
import { ToolFailure } from './tool-failure';
import { ToolDefinition } from './tools/tool-definition';

export interface CallMeta {
  requestId: string | null;
  mcpSessionId: string | null;
}

/** Runs one tool call: authorize() (role, scopes, the credential's narrowing, the floor, team policy), the rate limit, the tool, then one audit record, whatever happened. */
@Injectable()
export class McpToolRunner {
  private readonly logger = new Logger('McpToolRunner');

  constructor(
    private readonly gateway: OdooGatewayService,
    private readonly rateLimiter: McpRateLimiter,
    private readonly audit: AuditService,
    private readonly workspaces: WorkspacesService,
  ) {}

  async run(tool: ToolDefinition, args: Record<string, unknown>, caller: McpCaller, meta: CallMeta): Promise<CallToolResult> {
    const started = performance.now();
    let result: Record<string, unknown> | null = null;
    let failure: ToolFailure | null = null;
    try {
      const policy = await this.gateway.policyFor(caller.team.id);
      const subject = { credential: caller.credential, role: caller.role };
      const decision = authorize(subject, tool.permission, {
        team: caller.team,
        policy,
        tool: toolTarget(tool),
        model: typeof args.model === 'string' ? args.model : undefined,
        method: typeof args.method === 'string' ? args.method : undefined,
      });
      if (decision.outcome === 'deny') throw new ToolFailure(decision.code, decision.message);
      if (decision.outcome === 'approval') throw new ToolFailure('APPROVAL_REQUIRED', decision.message);
      await this.rateLimiter.consume(caller.credential.id, policy.policy.rateLimits, tool.effect !== 'read');
      result = await tool.run({ caller, gateway: this.gateway, access: new CallAccess(subject, policy), workspaces: this.workspaces }, args as never);
    } catch (error) {
      failure = OdooGatewayService.toFailure(error);
      if (failure.code === 'INTERNAL') this.logger.error(`${tool.name} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      if (failure.code === 'ODOO_SERVER_ERROR' && typeof args.model === 'string') this.gateway.forgetFields(caller, args.model);
    }
    return this.finish(tool.name, args, caller, meta, started, result, failure);
  }

  /** The decision point's refusal of a tool for this caller, whatever the arguments (audited like every call), or null. */
  async refusal(tool: ToolDefinition, args: Record<string, unknown>, caller: McpCaller, meta: CallMeta): Promise<CallToolResult | null> {
    const policy = await this.gateway.policyFor(caller.team.id);
    const decision = authorize({ credential: caller.credential, role: caller.role }, tool.permission, { team: caller.team, policy, tool: toolTarget(tool) });
    return decision.outcome === 'deny' ? this.refuse(tool.name, args, caller, meta, decision.code, decision.message) : null;
  }

  /** A call refused before any tool ran (unknown tool, invalid arguments): answered and audited the same way. */
  refuse(
    toolName: string,
    args: Record<string, unknown>,
    caller: McpCaller,
    meta: CallMeta,
    code: string,
    message: string,
    status: 'error' | 'timeout' = 'error',
    started = performance.now(),
  ): CallToolResult {
    return this.finish(toolName, args, caller, meta, started, null, new ToolFailure(code, message, status));
  }

  private finish(
    toolName: string,
    args: Record<string, unknown>,
    caller: McpCaller,
    meta: CallMeta,
    started: number,
    result: Record<string, unknown> | null,
    failure: ToolFailure | null,
  ): CallToolResult {
    this.audit.record({
      teamId: caller.team.id,
      time: new Date(),
      tool: toolName.slice(0, 100),
      model: typeof args.model === 'string' ? args.model.slice(0, 100) : null,
      status: failure ? failure.status : 'success',
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      user: caller.user,
      credential: caller.credential,
      mcpSessionId: meta.mcpSessionId,
      requestId: meta.requestId,
      params: args,
      result,
      error: failure ? { code: failure.code, message: failure.message } : null,
    });
    if (failure) {
      return {
        isError: true,
        content: [{ type: 'text', text: `${failure.code}: ${failure.message}` }],
        structuredContent: { error: { code: failure.code, message: failure.message } },
      };
    }
    return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result! };
  }
}
