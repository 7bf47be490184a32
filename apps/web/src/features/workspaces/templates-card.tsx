'use client';

import { workspaceNameSchema, type WorkspaceTemplate } from '@gantry/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { LayoutTemplate, Pencil, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { EmptyState } from '@/components/empty-state';
import { Field } from '@/components/forms/field';
import { FormError } from '@/components/forms/form-error';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Spinner } from '@/components/ui/spinner';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { toast } from '@/components/ui/toast';
import type { CurrentTeam } from '@/features/teams/teams-api';
import { applyApiError } from '@/lib/form-errors';
import { formatDate } from '@/lib/format';
import { WorkspacesUnavailable } from './workspace-parts';
import { inWords, isWorkspacesUnavailable, useDeleteTemplate, useRenameTemplate, useWorkspaceTemplates, workspaceErrorMessage } from './workspaces-api';

/** The contract's rule, phrased as a predicate so the field can say "Name must be …". */
export const nameFieldSchema = z.string().refine((value) => workspaceNameSchema.safeParse(value).success, {
  message: 'must be 1-30 lower-case letters, digits and single hyphens, starting with a letter',
});

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
          isWorkspacesUnavailable(templates.error) ? (
            <WorkspacesUnavailable error={templates.error} />
          ) : (
            <FormError message={workspaceErrorMessage(templates.error)} />
          )
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
                {manage && (
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                )}
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
                        <span className="text-muted-foreground">—</span>
                      ) : (
                        template.modules.map((module) => (
                          <Badge key={module} variant="outline" className="font-mono">
                            {module}
                          </Badge>
                        ))
                      )}
                    </div>
                  </TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">{formatBytes(template.filestoreBytes)}</TableCell>
                  <TableCell className="whitespace-nowrap text-muted-foreground">{formatDate(template.createdAt)}</TableCell>
                  {manage && (
                    <TableCell className="w-0 text-right">
                      <div className="flex justify-end gap-1">
                        <RenameTemplateDialog teamId={team.id} template={template} />
                        <DeleteTemplateButton teamId={team.id} template={template} />
                      </div>
                    </TableCell>
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

const renameSchema = z.object({ name: nameFieldSchema });

function RenameTemplateDialog({ teamId, template }: { teamId: string; template: WorkspaceTemplate }) {
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState('');
  const rename = useRenameTemplate(teamId);
  const form = useForm({ resolver: zodResolver(renameSchema), defaultValues: { name: template.name } });
  const { errors } = form.formState;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setFormError('');
          form.reset({ name: template.name });
        }
      }}
    >
      <DialogTrigger asChild>
        <Button variant="ghost" size="icon-sm" aria-label={`Rename template ${template.name}`} title={`Rename template ${template.name}`}>
          <Pencil aria-hidden />
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Rename template “{template.name}”</DialogTitle>
          <DialogDescription>Workspaces already created from it are not affected.</DialogDescription>
        </DialogHeader>
        <form
          noValidate
          className="grid gap-5"
          onSubmit={form.handleSubmit(({ name }) => {
            setFormError('');
            rename.mutate(
              { name: template.name, newName: name },
              {
                onSuccess: (renamed) => {
                  toast(`Template renamed to “${renamed.name}”`);
                  setOpen(false);
                },
                onError: (error) => {
                  const message = applyApiError(error, form.setError, ['name']);
                  setFormError(message && workspaceErrorMessage(error));
                },
              },
            );
          })}
        >
          <FormError message={formError} />
          <Field label="New name" error={errors.name?.message}>
            {(control) => <Input {...control} autoComplete="off" autoFocus {...form.register('name')} />}
          </Field>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button type="submit" disabled={rename.isPending}>
              {rename.isPending ? 'Renaming…' : 'Rename'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
