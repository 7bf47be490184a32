'use client';

import type { Workspace } from '@gantry/contracts';
import { createColumnHelper } from '@tanstack/react-table';
import { ExternalLink, Play, RotateCw, Square, Trash2 } from 'lucide-react';
import Link from 'next/link';
import { useMemo } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { actionsColumn, DataTable, useDataTable, type DataTableFeatures } from '@/components/data-table';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/toast';
import { formatDate } from '@/lib/format';
import { WorkspaceStatusBadge } from './workspace-parts';
import { inWords, useDeleteWorkspace, useWorkspacePower, workspaceErrorMessage, type PowerAction } from './workspaces-api';

const column = createColumnHelper<DataTableFeatures, Workspace>();

/** The repository's path is what tells two workspaces apart; the host is mostly the same. */
function repoLabel(repoUrl: string): string {
  try {
    const url = new URL(repoUrl);
    return `${url.host}${url.pathname.replace(/\.git$/, '')}`;
  } catch {
    return repoUrl;
  }
}

export function WorkspaceSource({ workspace }: { workspace: Pick<Workspace, 'repoUrl' | 'branch'> }) {
  if (!workspace.repoUrl) return <span className="text-muted-foreground">No repository</span>;
  return (
    <span className="grid">
      <span className="font-mono text-xs">{workspace.branch ?? 'default branch'}</span>
      <span className="max-w-64 truncate text-xs text-muted-foreground" title={workspace.repoUrl}>
        {repoLabel(workspace.repoUrl)}
      </span>
    </span>
  );
}

export function WorkspaceLink({ url }: { url: string | null }) {
  if (!url) return <span className="text-muted-foreground">—</span>;
  return (
    <a
      href={url}
      target="_blank"
      rel="noreferrer"
      className="inline-flex items-center gap-1 rounded-sm font-mono text-xs underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
    >
      {url}
      <ExternalLink aria-hidden className="size-3" />
      <span className="sr-only">(opens in a new tab)</span>
    </a>
  );
}

const cellClassName = 'whitespace-nowrap';

function columns(teamId: string) {
  return column.columns([
    column.accessor('name', {
      header: 'Name',
      sortFn: 'text',
      cell: (info) => (
        <Link
          href={`/teams/${teamId}/workspaces/${encodeURIComponent(info.getValue())}`}
          className="rounded-sm font-medium underline-offset-4 outline-none hover:underline focus-visible:ring-[3px] focus-visible:ring-ring/50"
        >
          {info.getValue()}
        </Link>
      ),
      meta: { cellClassName },
    }),
    column.accessor('status', { header: 'Status', sortFn: 'text', cell: (info) => <WorkspaceStatusBadge status={info.getValue()} />, meta: { cellClassName } }),
    column.display({ id: 'source', header: 'Branch / repository', cell: ({ row }) => <WorkspaceSource workspace={row.original} />, meta: { cellClassName } }),
    column.display({ id: 'url', header: 'URL', cell: ({ row }) => <WorkspaceLink url={row.original.url} />, meta: { cellClassName } }),
    column.display({
      id: 'template',
      header: 'Template',
      cell: ({ row }) =>
        row.original.template ? <span className="font-mono text-xs">{row.original.template}</span> : <span className="text-muted-foreground">Fresh</span>,
      meta: { cellClassName },
    }),
    column.accessor('createdAt', {
      header: 'Created',
      sortFn: 'basic',
      cell: (info) => <span className="text-muted-foreground">{formatDate(info.getValue())}</span>,
      meta: { cellClassName },
    }),
    actionsColumn<Workspace>((workspace) => <WorkspaceActions teamId={teamId} workspace={workspace} />),
  ]);
}

export function WorkspacesTable({ teamId, teamName, workspaces }: { teamId: string; teamName: string; workspaces: Workspace[] }) {
  const tableColumns = useMemo(() => columns(teamId), [teamId]);
  const table = useDataTable({
    columns: tableColumns,
    data: workspaces,
    getRowId: (workspace) => workspace.id,
    // Oldest first, as the API lists them.
    initialState: { sorting: [{ id: 'createdAt', desc: false }] },
  });
  return <DataTable table={table} aria-label={`Workspaces of ${teamName}`} />;
}

const POWER_LABELS: Record<PowerAction, { label: string; pending: string; done: string }> = {
  start: { label: 'Start', pending: 'Starting…', done: 'started' },
  stop: { label: 'Stop', pending: 'Stopping…', done: 'stopped' },
  restart: { label: 'Restart', pending: 'Restarting…', done: 'restarted' },
};

/** Start, stop, restart and delete: every member may (workspaces.use); each shows when it applies. */
export function WorkspaceActions({ teamId, workspace, onDeleted }: { teamId: string; workspace: Workspace; onDeleted?: () => void }) {
  const power = useWorkspacePower(teamId);
  const remove = useDeleteWorkspace(teamId);
  const running = workspace.status === 'running';
  const actions: PowerAction[] = running ? ['stop', 'restart'] : workspace.status === 'stopped' || workspace.status === 'error' ? ['start'] : [];
  const busy = power.isPending || remove.isPending;
  const icons = { start: Play, stop: Square, restart: RotateCw };

  return (
    <div className="flex justify-end gap-1">
      {actions.map((action) => {
        const Icon = icons[action];
        const pending = power.isPending && power.variables?.action === action;
        return (
          <Button
            key={action}
            variant="outline"
            size="sm"
            disabled={busy}
            aria-label={`${POWER_LABELS[action].label} ${workspace.name}`}
            onClick={() =>
              power.mutate(
                { name: workspace.name, action },
                {
                  onSuccess: () => toast(`Workspace “${workspace.name}” ${POWER_LABELS[action].done}`),
                  onError: (error) => toast(`Could not ${action} “${workspace.name}”`, { description: workspaceErrorMessage(error), variant: 'destructive' }),
                },
              )
            }
          >
            <Icon aria-hidden />
            {pending ? POWER_LABELS[action].pending : POWER_LABELS[action].label}
          </Button>
        );
      })}
      <ConfirmDialog
        trigger={
          <Button variant="ghost" size="icon-sm" disabled={busy} aria-label={`Delete ${workspace.name}`} title={`Delete ${workspace.name}`}>
            <Trash2 aria-hidden />
          </Button>
        }
        title={`Delete workspace “${workspace.name}”?`}
        description="Its container, database, filestore and sources are removed. Templates saved from it are kept. This cannot be undone."
        confirmLabel="Delete workspace"
        pendingLabel="Deleting…"
        onConfirm={async () => {
          await remove.mutateAsync(workspace.name).catch((error: unknown) => {
            throw inWords(error);
          });
          toast(`Workspace “${workspace.name}” deleted`);
          onDeleted?.();
        }}
      />
    </div>
  );
}
