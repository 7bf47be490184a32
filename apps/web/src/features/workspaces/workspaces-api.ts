'use client';

import {
  gitCredentialSchema,
  gitCredentialValidationSchema,
  workspaceExecResultSchema,
  workspaceListSchema,
  workspaceLogsSchema,
  workspaceMcpTokenSchema,
  workspacePullResultSchema,
  workspaceSchema,
  workspaceTemplateSchema,
  type GitCredentialInput,
  type Workspace,
  type WorkspaceCreateInput,
  type WorkspaceList,
} from '@gantry/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ApiError, request } from '@/lib/api-client';
import { rateLimitMessage } from '@/lib/form-errors';
import { queryKeys } from '@/lib/query-keys';

const teamPath = (teamId: string) => `/api/teams/${encodeURIComponent(teamId)}`;
const workspacesPath = (teamId: string) => `${teamPath(teamId)}/workspaces`;
const workspacePath = (teamId: string, name: string) => `${workspacesPath(teamId)}/${encodeURIComponent(name)}`;
const templatesPath = (teamId: string) => `${teamPath(teamId)}/workspace-templates`;
const credentialsPath = (teamId: string) => `${teamPath(teamId)}/git-credentials`;

/** 503 WORKSPACES_UNAVAILABLE: no engine behind this Gantry; the page says so instead of failing. */
export function isWorkspacesUnavailable(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === 'WORKSPACES_UNAVAILABLE';
}

/** No engine will not appear within a retry's backoff; other 5xx and network blips might pass. */
const retry = (failureCount: number, error: unknown) =>
  failureCount < 2 && !isWorkspacesUnavailable(error) && !(error instanceof ApiError && error.status >= 400 && error.status < 500);

/**
 * The workspace errors said in words: the API's own sentence, with what to do about it for the
 * codes a person runs into (busy, quota, not running).
 */
export function workspaceErrorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.';
  switch (error.code) {
    case 'RATE_LIMITED':
      return rateLimitMessage(error);
    case 'WORKSPACE_BUSY':
      return `Busy: ${error.message}`;
    case 'WORKSPACE_QUOTA_EXCEEDED':
      return `Quota reached: ${error.message}`;
    case 'WORKSPACE_NOT_RUNNING':
      return `Not running: ${error.message}. Start the workspace first.`;
    case 'WORKSPACES_UNAVAILABLE':
      return `Workspaces are unavailable: ${error.message}`;
    default:
      return error.message;
  }
}

/** The same error with its message in words, for places that show `error.message` (ConfirmDialog). */
export function inWords(error: unknown): unknown {
  return error instanceof ApiError ? new ApiError(error.status, error.code, workspaceErrorMessage(error), error.fields, error.retryAfterSeconds) : error;
}

export function useWorkspaces(teamId: string) {
  return useQuery({
    queryKey: queryKeys.workspaceList(teamId),
    queryFn: ({ signal }) => request(workspacesPath(teamId), { schema: workspaceListSchema, signal }),
    retry,
    // A workspace being created elsewhere (another tab, an MCP client) shows up without a reload.
    // Faster while a workspace is being created, so it shows as running soon after it is.
    refetchInterval: (query) => {
      if (query.state.status === 'error') return false;
      return query.state.data?.workspaces.some((workspace) => workspace.status === 'creating') ? 3_000 : 15_000;
    },
  });
}

export function useWorkspace(teamId: string, name: string) {
  return useQuery({
    queryKey: queryKeys.workspace(teamId, name),
    queryFn: ({ signal }) => request(workspacePath(teamId, name), { schema: workspaceSchema, signal }),
    retry,
  });
}

export function useWorkspaceLogs(teamId: string, name: string, query: { tail: number; grep: string }, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.workspaceLogs(teamId, name, query),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams({ tail: String(query.tail) });
      if (query.grep) params.set('grep', query.grep);
      return request(`${workspacePath(teamId, name)}/logs?${params}`, { schema: workspaceLogsSchema, signal });
    },
    enabled,
    retry,
    staleTime: 0,
  });
}

/** Puts the answer of an operation that returns the workspace into the caches that show it. */
function useStoreWorkspace(teamId: string) {
  const queryClient = useQueryClient();
  return (workspace: Workspace) => {
    queryClient.setQueryData(queryKeys.workspace(teamId, workspace.name), workspace);
    queryClient.setQueryData<WorkspaceList>(
      queryKeys.workspaceList(teamId),
      (list) => list && { ...list, workspaces: list.workspaces.map((one) => (one.id === workspace.id ? workspace : one)) },
    );
  };
}

export function useCreateWorkspace(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // Answered within 20 s (under the 30 s a proxy in front may allow): a workspace still being
    // created comes back "creating" and the list follows it.
    mutationFn: (body: WorkspaceCreateInput) => request(`${workspacesPath(teamId)}?wait=20`, { method: 'POST', body, schema: workspaceSchema }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.workspaceList(teamId) }),
  });
}

export type PowerAction = 'start' | 'stop' | 'restart';

export function useWorkspacePower(teamId: string) {
  const queryClient = useQueryClient();
  const store = useStoreWorkspace(teamId);
  return useMutation({
    mutationFn: ({ name, action }: { name: string; action: PowerAction }) =>
      request(`${workspacePath(teamId, name)}/${action}`, { method: 'POST', schema: workspaceSchema }),
    onSuccess: store,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.workspaces(teamId) }),
  });
}

export function useRecreateWorkspace(teamId: string, name: string) {
  const queryClient = useQueryClient();
  const store = useStoreWorkspace(teamId);
  return useMutation({
    mutationFn: (image: string | undefined) =>
      request(`${workspacePath(teamId, name)}/recreate`, { method: 'POST', body: image ? { image } : {}, schema: workspaceSchema }),
    onSuccess: store,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.workspaces(teamId) }),
  });
}

export function useDeleteWorkspace(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => request(workspacePath(teamId, name), { method: 'DELETE' }),
    onSuccess: (_, name) => queryClient.removeQueries({ queryKey: queryKeys.workspace(teamId, name) }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.workspaceList(teamId) }),
  });
}

export type WorkspaceCommand =
  { kind: 'exec'; command: string[] } | { kind: 'shell'; code: string } | { kind: 'install' | 'upgrade' | 'test'; modules: string[] };

/** Commands, snippets and module runs: each answers with the exit code and the output. */
export function useWorkspaceCommand(teamId: string, name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (command: WorkspaceCommand) => {
      const body = command.kind === 'exec' ? { command: command.command } : command.kind === 'shell' ? { code: command.code } : { modules: command.modules };
      return request(`${workspacePath(teamId, name)}/${command.kind}`, { method: 'POST', body, schema: workspaceExecResultSchema });
    },
    // Install and upgrade restart the server; the status and activity time change.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.workspace(teamId, name) }),
  });
}

export function usePullWorkspace(teamId: string, name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => request(`${workspacePath(teamId, name)}/pull`, { method: 'POST', schema: workspacePullResultSchema }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.workspaces(teamId) }),
  });
}

export function useIssueMcpToken(teamId: string, name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => request(`${workspacePath(teamId, name)}/mcp-token`, { method: 'POST', schema: workspaceMcpTokenSchema }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.workspaces(teamId) }),
  });
}

export function useRevokeMcpToken(teamId: string, name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => request(`${workspacePath(teamId, name)}/mcp-token`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.workspaces(teamId) }),
  });
}

const templateListSchema = z.array(workspaceTemplateSchema);

export function useWorkspaceTemplates(teamId: string) {
  return useQuery({
    queryKey: queryKeys.workspaceTemplates(teamId),
    queryFn: ({ signal }) => request(templatesPath(teamId), { schema: templateListSchema, signal }),
    retry,
  });
}

export function useSaveTemplate(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; fromWorkspace: string }) => request(templatesPath(teamId), { method: 'POST', body, schema: workspaceTemplateSchema }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.workspaceTemplates(teamId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.workspaces(teamId) });
    },
  });
}

export function useRenameTemplate(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, newName }: { name: string; newName: string }) =>
      request(`${templatesPath(teamId)}/${encodeURIComponent(name)}`, { method: 'PATCH', body: { name: newName }, schema: workspaceTemplateSchema }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.workspaceTemplates(teamId) }),
  });
}

export function useDeleteTemplate(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => request(`${templatesPath(teamId)}/${encodeURIComponent(name)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.workspaceTemplates(teamId) }),
  });
}

const credentialListSchema = z.array(gitCredentialSchema);

export function useGitCredentials(teamId: string) {
  return useQuery({
    queryKey: queryKeys.gitCredentials(teamId),
    queryFn: ({ signal }) => request(credentialsPath(teamId), { schema: credentialListSchema, signal }),
    retry,
  });
}

export function useCreateGitCredential(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: GitCredentialInput) => request(credentialsPath(teamId), { method: 'POST', body, schema: gitCredentialSchema }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.gitCredentials(teamId) }),
  });
}

export function useValidateGitCredential(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, repoUrl }: { id: string; repoUrl?: string }) =>
      request(`${credentialsPath(teamId)}/${encodeURIComponent(id)}/validate`, {
        method: 'POST',
        body: repoUrl ? { repoUrl } : {},
        schema: gitCredentialValidationSchema,
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.gitCredentials(teamId) }),
  });
}

export function useDeleteGitCredential(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => request(`${credentialsPath(teamId)}/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.gitCredentials(teamId) }),
  });
}
