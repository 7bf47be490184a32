import { Injectable, Logger } from '@nestjs/common';
import { APPROVAL_PENDING_CODE, GET_APPROVAL_TOOL, HeldCallResult } from '@gantry/contracts';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ApprovalsService } from '../approvals/approvals.service';
import { ApprovalOutcome, ApprovedCall } from '../approvals/approved-call';
import { AuditService } from '../audit/audit.service';
import { WorkspacesService } from '../workspaces/workspaces.service';
import { authorize } from '../authorization/authorize';
import { CallAccess } from './call-access';
import { McpCaller } from './mcp-caller';
import { TOOLS_BY_NAME, toolTarget } from './mcp-tool-sets';
import { McpRateLimiter } from './mcp-rate-limiter';
import { OdooGatewayService } from './odoo-gateway.service';
import { ToolFailure } from './tool-failure';
import { ToolDefinition } from './tools/tool-definition';

export interface CallMeta {
  requestId: string | null;
  mcpSessionId: string | null;
}

/** Whom the audit record names: the caller, or for an approved call whose credential no longer works, the requester as recorded. */
type AuditedCaller = Pick<McpCaller, 'user' | 'credential'> & { team: { id: string } };

type Finished = { result: Record<string, unknown>; held?: boolean } | { failure: ToolFailure };

/**
 * Runs one tool call: authorize() (role, scopes, the credential's narrowing, the floor, team policy),
 * the rate limit, then the tool — or, when the team's policy holds the call for approval, a pending
 * approval instead — and one audit record, whatever happened. Approved calls run here too.
 */
@Injectable()
export class McpToolRunner {
  private readonly logger = new Logger('McpToolRunner');

  constructor(
    private readonly gateway: OdooGatewayService,
    private readonly rateLimiter: McpRateLimiter,
    private readonly audit: AuditService,
    private readonly workspaces: WorkspacesService,
    private readonly approvals: ApprovalsService,
  ) {
    approvals.useExecutor({ run: (call) => this.runApproved(call) });
  }

  async run(tool: ToolDefinition, args: Record<string, unknown>, caller: McpCaller, meta: CallMeta): Promise<CallToolResult> {
    const started = performance.now();
    const finished = await this.execute(tool, args, caller, meta, null);
    return this.finish(tool.name, args, caller, meta, started, finished, null);
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
    return this.finish(toolName, args, caller, meta, started, { failure: new ToolFailure(code, message, status) }, null);
  }

  /**
   * An approved call, once: every check again with the requester's current role and credential
   * (authorize() skips only the approval step this approval answers), the rate limit, the tool, and
   * an audit record that names the approval. A requester whose credential no longer works runs nothing.
   */
  private async runApproved(call: ApprovedCall): Promise<ApprovalOutcome> {
    const started = performance.now();
    const tool = TOOLS_BY_NAME.get(call.tool);
    let finished: Finished;
    let audited: AuditedCaller;
    if ('refused' in call.requester) {
      audited = call.requester.asRecorded;
      finished = { failure: new ToolFailure('APPROVAL_REQUESTER_INVALID', `Approved, but not run: ${call.requester.refused}. Nothing was done.`) };
    } else if (!tool) {
      audited = call.requester.caller;
      finished = { failure: new ToolFailure('UNKNOWN_TOOL', `There is no tool named ${call.tool} any more; nothing was done.`) };
    } else {
      audited = call.requester.caller;
      // Validated when held; checked again in case the tool's arguments changed since (an upgrade in between).
      const parsed = z.object(tool.input).strict().safeParse(call.arguments);
      finished = parsed.success
        ? await this.execute(tool, parsed.data as Record<string, unknown>, call.requester.caller, call.meta, call.approvalId)
        : { failure: new ToolFailure('INVALID_ARGUMENTS', `The held arguments are no longer valid for ${tool.name}; nothing was done.`) };
    }
    const answer = this.finish(call.tool, call.arguments, audited, call.meta, started, finished, call.approvalId);
    const structured = answer.structuredContent as Record<string, unknown>;
    return answer.isError ? { error: structured.error as { code: string; message: string } } : { result: structured };
  }

  /** `approvalId`: this is the run of that approved call (never held again). */
  private async execute(tool: ToolDefinition, args: Record<string, unknown>, caller: McpCaller, meta: CallMeta, approvalId: string | null): Promise<Finished> {
    try {
      const policy = await this.gateway.policyFor(caller.team.id);
      const subject = { credential: caller.credential, role: caller.role };
      const decision = authorize(subject, tool.permission, {
        team: caller.team,
        policy,
        tool: toolTarget(tool),
        model: typeof args.model === 'string' ? args.model : undefined,
        method: typeof args.method === 'string' ? args.method : undefined,
        ...(approvalId ? { approvedAs: { approvalId } } : {}),
      });
      if (decision.outcome === 'deny') throw new ToolFailure(decision.code, decision.message);
      // Held calls count too: an assistant cannot flood the approvers faster than it could call.
      await this.rateLimiter.consume(caller.credential.id, policy.policy.rateLimits, tool.effect !== 'read');
      if (decision.outcome === 'approval') return { result: heldAnswer(await this.approvals.hold(caller, tool.name, args, meta)), held: true };
      const context = { caller, gateway: this.gateway, access: new CallAccess(subject, policy), workspaces: this.workspaces, approvals: this.approvals };
      return { result: await tool.run(context, args as never) };
    } catch (error) {
      const failure = OdooGatewayService.toFailure(error);
      if (failure.code === 'INTERNAL') this.logger.error(`${tool.name} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      if (failure.code === 'ODOO_SERVER_ERROR' && typeof args.model === 'string') this.gateway.forgetFields(caller, args.model);
      return { failure };
    }
  }

  private finish(
    toolName: string,
    args: Record<string, unknown>,
    caller: AuditedCaller,
    meta: CallMeta,
    started: number,
    finished: Finished,
    approvalId: string | null,
  ): CallToolResult {
    const failure = 'failure' in finished ? finished.failure : null;
    const result = 'result' in finished ? finished.result : null;
    const held = 'held' in finished && finished.held === true;
    this.audit.record({
      teamId: caller.team.id,
      time: new Date(),
      tool: toolName.slice(0, 100),
      model: typeof args.model === 'string' ? args.model.slice(0, 100) : null,
      status: failure ? failure.status : held ? 'held' : 'success',
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      user: caller.user,
      credential: caller.credential,
      mcpSessionId: meta.mcpSessionId,
      requestId: meta.requestId,
      params: args,
      result,
      error: failure ? { code: failure.code, message: failure.message } : null,
      approvalId: approvalId ?? (held ? (result as HeldCallResult).approval.id : null),
    });
    if (failure) {
      return {
        isError: true,
        content: [{ type: 'text', text: `${failure.code}: ${failure.message}` }],
        structuredContent: { error: { code: failure.code, message: failure.message } },
      };
    }
    // A held call is not an error: nothing failed. Its text says plainly that nothing ran and what to do next.
    const text = held ? (result as HeldCallResult).next : JSON.stringify(result);
    return { content: [{ type: 'text', text }], structuredContent: result! };
  }
}

/** The answer to a held call: the approval id, when it expires, that nothing ran, and to check back instead of retrying. */
function heldAnswer(approval: HeldCallResult['approval']): HeldCallResult {
  const next =
    `${APPROVAL_PENDING_CODE}: ${approval.tool} has NOT run. This team's policy holds it until an owner or admin approves it ` +
    `(approval ${approval.id}, expires ${approval.expiresAt}). Tell the user it awaits approval. Do not call ${approval.tool} again for this: ` +
    `once approved it runs exactly once by itself. Later, call ${GET_APPROVAL_TOOL} with {"id": "${approval.id}"} to learn whether it ran and its result.`;
  return { code: APPROVAL_PENDING_CODE, executed: false, approval, next };
}
