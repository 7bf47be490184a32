'use client';

import { workspaceNameSchema } from '@gantry/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import type { ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Field } from '@/components/forms/field';
import { FormDialogFooter } from '@/components/forms/form-dialog-footer';
import { FormError } from '@/components/forms/form-error';
import { useFormDialog } from '@/components/forms/use-form-dialog';
import { useFormError } from '@/components/forms/use-form-error';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { workspaceErrorMessage } from './workspaces-api';

/** The contract's rule, phrased as a predicate so the field can say "Name must be …". */
export const nameFieldSchema = z.string().refine((value) => workspaceNameSchema.safeParse(value).success, {
  message: 'must be 1-30 lower-case letters, digits and single hyphens, starting with a letter',
});

const nameSchema = z.object({ name: nameFieldSchema });

type WorkspaceNameDialogProps = {
  trigger: ReactNode;
  title: string;
  description: string;
  label: string;
  defaultName: string;
  submitLabel: string;
  pendingLabel: string;
  pending: boolean;
  /** The dialog cannot be closed while the request runs. */
  lockWhilePending?: boolean;
  /** Closing puts the default name back; without it, what was typed is still there on the next opening. */
  resetOnClose?: boolean;
  /** Resolves once done, and the dialog closes; a rejection is shown in the form. */
  onSubmit: (name: string) => Promise<unknown>;
};

/** A dialog asking for one workspace-style name: renaming a template, saving a workspace as one. */
export function WorkspaceNameDialog({
  trigger,
  title,
  description,
  label,
  defaultName,
  submitLabel,
  pendingLabel,
  pending,
  lockWhilePending = false,
  resetOnClose = true,
  onSubmit,
}: WorkspaceNameDialogProps) {
  const form = useForm({ resolver: zodResolver(nameSchema), defaultValues: { name: defaultName } });
  const formError = useFormError(form.setError, ['name'], workspaceErrorMessage);
  const dialog = useFormDialog({
    locked: lockWhilePending && pending,
    onClose: () => {
      formError.clear();
      if (resetOnClose) form.reset({ name: defaultName });
    },
  });
  return (
    <Dialog {...dialog.props}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <form
          noValidate
          className="grid gap-5"
          onSubmit={form.handleSubmit(async ({ name }) => {
            formError.clear();
            try {
              await onSubmit(name);
              dialog.close();
            } catch (error) {
              formError.onError(error);
            }
          })}
        >
          <FormError message={formError.message} />
          <Field label={label} error={form.formState.errors.name?.message}>
            {(control) => <Input {...control} autoComplete="off" autoFocus {...form.register('name')} />}
          </Field>
          <FormDialogFooter pending={pending} submitLabel={submitLabel} pendingLabel={pendingLabel} lockWhilePending={lockWhilePending} />
        </form>
      </DialogContent>
    </Dialog>
  );
}
