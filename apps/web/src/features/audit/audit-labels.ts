import type { AuditCredentialType, AuditStatus } from '@gantry/contracts';
import { MCP_TOOL_NAMES } from '@gantry/contracts';

export const AUDIT_STATUS_LABELS: Record<AuditStatus, string> = { success: 'Success', error: 'Error', timeout: 'Timeout', held: 'Held for approval' };

export const CREDENTIAL_TYPE_LABELS: Record<AuditCredentialType, string> = {
  api_key: 'API key',
  oauth: 'OAuth',
  session: 'Dashboard session',
  workspace_token: 'Workspace token',
};

/** Suggestions for the tool filter (it also takes any other name): the gateway's tools, from the shared contract. */
export const KNOWN_MCP_TOOLS = MCP_TOOL_NAMES;
