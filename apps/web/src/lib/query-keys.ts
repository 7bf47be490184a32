import type { AuditQuery } from '@gantry/contracts';

export const queryKeys = {
  session: ['session'] as const,
  sessions: ['sessions'] as const,
  teams: ['teams'] as const,
  members: (teamId: string) => ['teams', teamId, 'members'] as const,
  invitations: (teamId: string) => ['teams', teamId, 'invitations'] as const,
  apiKeys: (teamId: string, includeRevoked: boolean) => ['teams', teamId, 'api-keys', { includeRevoked }] as const,
  allApiKeys: (teamId: string) => ['teams', teamId, 'api-keys'] as const,
  odooConnection: (teamId: string) => ['teams', teamId, 'odoo-connection'] as const,
  auditLogs: (teamId: string, filters: AuditQuery) => ['teams', teamId, 'audit-logs', 'list', filters] as const,
  auditRecord: (teamId: string, id: string) => ['teams', teamId, 'audit-logs', 'record', id] as const,
  overview: (teamId: string) => ['teams', teamId, 'overview'] as const,
  usage: (teamId: string, days: number) => ['teams', teamId, 'analytics', 'usage', { days }] as const,
  odooIdentity: (teamId: string) => ['teams', teamId, 'odoo-identity'] as const,
  oauthClients: (teamId: string) => ['teams', teamId, 'oauth', 'clients'] as const,
  oauthGrants: (teamId: string) => ['teams', teamId, 'oauth', 'grants'] as const,
  oauthInteraction: (uid: string) => ['oauth', 'interaction', uid] as const,
  workspaces: (teamId: string) => ['teams', teamId, 'workspaces'] as const,
  workspaceList: (teamId: string) => ['teams', teamId, 'workspaces', 'list'] as const,
  workspace: (teamId: string, name: string) => ['teams', teamId, 'workspaces', 'one', name] as const,
  workspaceLogs: (teamId: string, name: string, query: { tail: number; grep: string }) =>
    ['teams', teamId, 'workspaces', 'one', name, 'logs', query] as const,
  workspaceTemplates: (teamId: string) => ['teams', teamId, 'workspace-templates'] as const,
  gitCredentials: (teamId: string) => ['teams', teamId, 'git-credentials'] as const,
};
