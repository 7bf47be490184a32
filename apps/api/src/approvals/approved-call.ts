import type { McpCaller } from '../mcp/mcp-caller';

/** The answer an approved call ends with: the tool's result, or its error (a call that never ran has one too). */
export type ApprovalOutcome = { result: Record<string, unknown> } | { error: { code: string; message: string } };

/** An approved call, claimed by this process and about to run once. */
export interface ApprovedCall {
  approvalId: string;
  tool: string;
  arguments: Record<string, unknown>;
  /** The request that was held, so the audit record of the run points back at it. */
  meta: { mcpSessionId: string | null; requestId: string | null };
  /**
   * The requester as they are now (current role, credential scopes and narrowing), or, when their
   * credential no longer works, why — with who they were when they asked, for the audit record.
   */
  requester: { caller: McpCaller } | { refused: string; asRecorded: Pick<McpCaller, 'user' | 'credential'> & { team: { id: string } } };
}

/**
 * Runs approved calls. The MCP module provides it (McpToolRunner: authorize(), rate limits, the tool,
 * the audit record) and registers it with ApprovalsService, which cannot import the MCP module:
 * that module imports this one to hold calls.
 */
export interface ApprovedCallExecutor {
  run(call: ApprovedCall): Promise<ApprovalOutcome>;
}
