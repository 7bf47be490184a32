'use client';

import type { WorkspaceExecResult, WorkspaceStatus } from '@gantry/contracts';
import { ServerOff } from 'lucide-react';
import type { ReactNode } from 'react';
import { CodeBlock } from '@/components/copy';
import { EmptyState } from '@/components/empty-state';
import { FormError } from '@/components/forms/form-error';
import { Badge } from '@/components/ui/badge';
import type { ApiError } from '@/lib/api-client';
import { formatDuration } from '@/lib/format';
import { isWorkspacesUnavailable, workspaceErrorMessage } from './workspaces-api';

export const WORKSPACE_STATUS_LABELS: Record<WorkspaceStatus, string> = {
  creating: 'Creating',
  running: 'Running',
  stopped: 'Stopped',
  error: 'Error',
  missing: 'Container missing',
};

export function WorkspaceStatusBadge({ status }: { status: WorkspaceStatus }) {
  const variant = status === 'running' ? 'success' : status === 'error' || status === 'missing' ? 'destructive' : 'secondary';
  return (
    <Badge variant={variant} data-status={status}>
      {WORKSPACE_STATUS_LABELS[status]}
    </Badge>
  );
}

/** What the page shows instead of its content when the server has no container engine. */
export function WorkspacesUnavailable({ error }: { error: ApiError }) {
  return (
    <EmptyState
      icon={ServerOff}
      title="Workspaces are unavailable"
      description={<>{error.message} The rest of Gantry keeps working; this page comes back once the engine answers.</>}
    />
  );
}

/** A list that did not load: the engine is away (the whole section says so), or the error in words. */
export function WorkspacesLoadError({ error }: { error: unknown }) {
  return isWorkspacesUnavailable(error) ? <WorkspacesUnavailable error={error} /> : <FormError message={workspaceErrorMessage(error)} />;
}

/** The row's action buttons, side by side at the right of the actions cell. */
export function ActionButtons({ children }: { children: ReactNode }) {
  return <div className="flex justify-end gap-1">{children}</div>;
}

/** A table cell's "no value". */
export function NoValue() {
  return <span className="text-muted-foreground">—</span>;
}

/** The answer of exec, shell, install, upgrade and tests: exit code, time and output. */
export function ExecResultView({ result, label }: { result: WorkspaceExecResult; label: string }) {
  const ok = result.exitCode === 0;
  return (
    <div className="grid gap-2" role="status" aria-label={`${label} result`}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <Badge variant={ok ? 'success' : 'destructive'}>{ok ? 'Succeeded' : 'Failed'}</Badge>
        <span className="text-muted-foreground">
          Exit code {result.exitCode} · {formatDuration(result.durationMs)}
          {result.truncated && ' · output truncated'}
        </span>
      </div>
      <CodeBlock code={result.output || '(no output)'} label={`${label} output`} />
    </div>
  );
}

/** Module names as typed: separated by commas or spaces. */
export function parseModules(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((module) => module.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * A command line split into argv the way a shell would for the simple cases: spaces separate,
 * single or double quotes keep spaces inside. No expansion (the API runs no shell).
 */
export function splitCommand(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  let started = false;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = null;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      started = true;
    } else if (/\s/.test(char)) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (started) args.push(current);
  return args;
}
