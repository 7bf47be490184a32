'use client';

import type { WorkspaceTemplate } from '@gantry/contracts';
import { LayoutTemplate, Pencil, Trash2 } from 'lucide-react';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { EmptyState } from '@/components/empty-state';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Spinner } from '@/components/ui/spinner';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { toast } from '@/components/ui/toast';
import type { CurrentTeam } from '@/features/teams/teams-api';
import { formatDate } from '@/lib/format';
import { ActionsCell, ActionsHead, MutedCell, NoValue, WorkspacesLoadError } from './workspace-parts';
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
          <EmptyState icon={LayoutTemplate} title="No templates yet" description="Save a workspace as a template from its page to reuse its database and filestore." />
        ) : (
          <Table aria-label={`Workspace templates of ${team.name}`}>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                <TableHead>Name</TableHead>
                <TableHead>From workspace</TableHead>
                <TableHead>Image</TableHead>
                <TableHead>Modules</TableHead>
                <TableHead>Filestore</TableHead>
                <TableHead>Created</TableHead>
                {manage && <ActionsHead />}
              </TableRow>
            </TableHeader>
            <TableBody>
              {templates.data.map((template) => (
                <TableRow key={template.id}>
                  <TableCell className="font-medium">{template.name}</TableCell>
                  <TableCell className="font-mono text-xs">{template.sourceWorkspace}</TableCell>
                  <TableCell className="font-mono text-xs">{template.image}</TableCell>
                  <TableCell>
                    <div className="flex max-w-64 flex-wrap gap-1">
                      {template.modules.length === 0 ? (
                        <NoValue />
                      ) : (
                        template.modules.map((module) => (
                          <Badge key={module} variant="outline" className="font-mono">
                            {module}
                          </Badge>
                        ))
                      )}
                    </div>
                  </TableCell>
                  <MutedCell>{formatBytes(template.filestoreBytes)}</MutedCell>
                  <MutedCell>{formatDate(template.createdAt)}</MutedCell>
                  {manage && (
                    <ActionsCell>
                      <RenameTemplateDialog teamId={team.id} template={template} />
                      <DeleteTemplateButton teamId={team.id} template={template} />
                    </ActionsCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
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
