'use client';

import { ASSIGNABLE_ROLES, createInvitationRequestSchema, type CreatedInvitation } from '@gantry/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { UserPlus } from 'lucide-react';
import { Controller, useForm } from 'react-hook-form';
import { CopyField } from '@/components/copy';
import { Field } from '@/components/forms/field';
import { DoneDialogFooter, FormDialogFooter } from '@/components/forms/form-dialog-footer';
import { FormError } from '@/components/forms/form-error';
import { useFormDialog } from '@/components/forms/use-form-dialog';
import { useFormError } from '@/components/forms/use-form-error';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { formatDate } from '@/lib/format';
import { useCreateInvitation } from './members-api';
import { ROLE_LABELS } from './role-labels';

export function InviteMemberDialog({ teamId, teamName }: { teamId: string; teamName: string }) {
  const dialog = useFormDialog<CreatedInvitation>();
  const created = dialog.result;
  return (
    <Dialog {...dialog.props}>
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden />
          Invite member
        </Button>
      </DialogTrigger>
      <DialogContent>
        {created ? (
          <InvitationCreated invitation={created} onInviteAnother={() => dialog.setResult(null)} />
        ) : (
          <InviteForm teamId={teamId} teamName={teamName} onCreated={dialog.setResult} />
        )}
      </DialogContent>
    </Dialog>
  );
}

function InviteForm({ teamId, teamName, onCreated }: { teamId: string; teamName: string; onCreated: (invitation: CreatedInvitation) => void }) {
  const form = useForm({
    resolver: zodResolver(createInvitationRequestSchema),
    defaultValues: { email: '', role: 'member' },
  });
  const formError = useFormError(form.setError, ['email', 'role']);
  const { errors } = form.formState;
  const createInvitation = useCreateInvitation(teamId);

  return (
    <>
      <DialogHeader>
        <DialogTitle>Invite a member</DialogTitle>
        <DialogDescription>Gantry does not send email yet: you get a link to pass on to the person joining {teamName}.</DialogDescription>
      </DialogHeader>
      <form
        noValidate
        className="grid gap-4"
        onSubmit={form.handleSubmit((values) => {
          formError.clear();
          createInvitation.mutate(values, { onSuccess: onCreated, onError: formError.onError });
        })}
      >
        <FormError message={formError.message} />
        <Field label="Email" error={errors.email?.message}>
          {(control) => <Input {...control} type="email" autoComplete="off" autoFocus {...form.register('email')} />}
        </Field>
        <Field label="Role" error={errors.role?.message} hint="Admins can invite and manage members; members cannot.">
          {(control) => (
            <Controller
              control={form.control}
              name="role"
              render={({ field }) => (
                <Select value={field.value} onValueChange={field.onChange}>
                  <SelectTrigger {...control} className="w-full" onBlur={field.onBlur}>
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {ASSIGNABLE_ROLES.map((role) => (
                      <SelectItem key={role} value={role}>
                        {ROLE_LABELS[role]}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              )}
            />
          )}
        </Field>
        <FormDialogFooter pending={createInvitation.isPending} submitLabel="Create invitation" pendingLabel="Creating…" />
      </form>
    </>
  );
}

function InvitationCreated({ invitation, onInviteAnother }: { invitation: CreatedInvitation; onInviteAnother: () => void }) {
  return (
    <>
      <DialogHeader>
        <DialogTitle>Invitation created</DialogTitle>
        <DialogDescription>
          Send this link to {invitation.email}. It makes them {ROLE_LABELS[invitation.role].toLowerCase()} and works until {formatDate(invitation.expiresAt)}.
          It is shown only now.
        </DialogDescription>
      </DialogHeader>
      <CopyField label="Invitation link" value={invitation.acceptUrl} copyLabel="Copy link" what="link" />
      <DoneDialogFooter>
        <Button variant="outline" onClick={onInviteAnother}>
          Invite another
        </Button>
      </DoneDialogFooter>
    </>
  );
}
