/**
 * One MCP tool call as the gateway reports it to the audit sink. Plain data: the sink redacts and
 * bounds `params`/`result` itself, so callers pass what they have.
 */
export interface AuditEvent {
  teamId: string;
  time: Date;
  tool: string;
  model: string | null;
  status: 'success' | 'error' | 'timeout' | 'held';
  durationMs: number;
  user: { id: string; name?: string | null; email?: string | null };
  credential: { type: 'api_key' | 'oauth' | 'session' | 'workspace_token'; id: string; label?: string | null };
  mcpSessionId: string | null;
  requestId: string | null;
  params: unknown;
  result: unknown;
  error: { code: string; message: string } | null;
  /** The approval a held call created, or that an approved call runs under. */
  approvalId?: string | null;
}
