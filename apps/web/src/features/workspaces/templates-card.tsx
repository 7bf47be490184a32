'use client';

import type { WorkspaceTemplate } from '@gantry/contracts';
import { createColumnHelper } from '@tanstack/react-table';
import { LayoutTemplate, Pencil, Trash2 } from 'lucide-react';
import { useMemo } from 'react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { actionsColumn, DataTable, useDataTable, type DataTableFeatures } from '@/components/data-table';
import { EmptyState } from '@/components/empty-state';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { toast } from '@/components/ui/toast';
import type { CurrentTeam } from '@/features/teams/teams-api';
import { formatDate } from '@/lib/format';
import { ActionButtons, NoValue, WorkspacesLoadError } from './workspace-parts';
import { WorkspaceNameDialog } from './workspace-name-dialog';
import { inWords, useDeleteTemplate, useRenameTemplate, useWorkspaceTemplates } from './workspaces-api';

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function TemplatesCard({ current }: { current: CurrentTeam }) {
  const { team, can } = current;
  const manage = can('workspaces.manage');
  const templates = useWorkspaceTemplates(team.id);
  return (
    <Card>
      <CardHeader>
        <div>
          <CardTitle>Templates</CardTitle>
          <CardDescription>
            A template is a saved copy of a workspace’s database and filestore; new workspaces start from it in seconds.{' '}
            {manage ? 'Save one from a workspace’s page.' : 'Owners and admins save, rename and delete templates.'}
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent>
        {templates.isPending ? (
          <Spinner label="Loading templates" />
        ) : templates.isError ? (
          <WorkspacesLoadError error={templates.error} />
        ) : templates.data.length === 0 ? (
          <EmptyState
            icon={LayoutTemplate}
            title="No templates yet"
            description="Save a workspace as a template from its page to reuse its database and filestore."
          />
        ) : (
          <TemplatesTable teamId={team.id} teamName={team.name} manage={manage} templates={templates.data} />
        )}
      </CardContent>
    </Card>
  );
}

const column = createColumnHelper<DataTableFeatures, WorkspaceTemplate>();
const muted = 'whitespace-nowrap text-muted-foreground';

function columns(teamId: string, manage: boolean) {
  return column.columns([
    column.accessor('name', { header: 'Name', sortFn: 'text', meta: { cellClassName: 'font-medium' } }),
    column.accessor('sourceWorkspace', { header: 'From workspace', sortFn: 'text', meta: { cellClassName: 'font-mono text-xs' } }),
    column.accessor('image', { header: 'Image', sortFn: 'text', meta: { cellClassName: 'font-mono text-xs' } }),
    column.display({
      id: 'modules',
      header: 'Modules',
      cell: ({ row }) => (
        <div className="flex max-w-64 flex-wrap gap-1">
          {row.original.modules.length === 0 ? (
            <NoValue />
          ) : (
            row.original.modules.map((module) => (
              <Badge key={module} variant="outline" className="font-mono">
                {module}
              </Badge>
            ))
          )}
        </div>
      ),
    }),
    column.accessor('filestoreBytes', { header: 'Filestore', sortFn: 'basic', cell: (info) => formatBytes(info.getValue()), meta: { cellClassName: muted } }),
    column.accessor('createdAt', { header: 'Created', sortFn: 'basic', cell: (info) => formatDate(info.getValue()), meta: { cellClassName: muted } }),
    ...(manage
      ? [
          actionsColumn<WorkspaceTemplate>((template) => (
            <ActionButtons>
              <RenameTemplateDialog teamId={teamId} template={template} />
              <DeleteTemplateButton teamId={teamId} template={template} />
            </ActionButtons>
          )),
        ]
      : []),
  ]);
}

function TemplatesTable({ teamId, teamName, manage, templates }: { teamId: string; teamName: string; manage: boolean; templates: WorkspaceTemplate[] }) {
  const tableColumns = useMemo(() => columns(teamId, manage), [teamId, manage]);
  const table = useDataTable({ columns: tableColumns, data: templates, getRowId: (template) => template.id });
  return <DataTable table={table} aria-label={`Workspace templates of ${teamName}`} />;
}

function DeleteTemplateButton({ teamId, template }: { teamId: string; template: WorkspaceTemplate }) {
  const remove = useDeleteTemplate(teamId);
  return (
    <ConfirmDialog
      trigger={
        <Button variant="ghost" size="icon-sm" aria-label={`Delete template ${template.name}`} title={`Delete template ${template.name}`}>
          <Trash2 aria-hidden />
        </Button>
      }
      title={`Delete template “${template.name}”?`}
      description="Its database copy and filestore are removed. Workspaces created from it keep their own data."
      confirmLabel="Delete template"
      pendingLabel="Deleting…"
      onConfirm={async () => {
        await remove.mutateAsync(template.name).catch((error: unknown) => {
          throw inWords(error);
        });
        toast(`Template “${template.name}” deleted`);
      }}
    />
  );
}

function RenameTemplateDialog({ teamId, template }: { teamId: string; template: WorkspaceTemplate }) {
  const rename = useRenameTemplate(teamId);
  return (
    <WorkspaceNameDialog
      trigger={
        <Button variant="ghost" size="icon-sm" aria-label={`Rename template ${template.name}`} title={`Rename template ${template.name}`}>
          <Pencil aria-hidden />
        </Button>
      }
      title={`Rename template “${template.name}”`}
      description="Workspaces already created from it are not affected."
      label="New name"
      defaultName={template.name}
      submitLabel="Rename"
      pendingLabel="Renaming…"
      pending={rename.isPending}
      onSubmit={async (name) => {
        const renamed = await rename.mutateAsync({ name: template.name, newName: name });
        toast(`Template renamed to “${renamed.name}”`);
      }}
    />
  );
}
