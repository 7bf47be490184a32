'use client';

import { acceptInvitationRequestSchema, type InvitationPreview } from '@gantry/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Field } from '@/components/forms/field';
import { FormError } from '@/components/forms/form-error';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { applyApiError } from '@/lib/form-errors';
import { acceptInvitation } from './auth-api';

// The token comes from the URL, not the form; a new account must also give its name.
const existingAccountSchema = acceptInvitationRequestSchema.omit({ token: true });
const newAccountSchema = existingAccountSchema.required({ name: true });

export function AcceptInvitationForm({ token, preview }: { token: string; preview: InvitationPreview }) {
  const router = useRouter();
  const [formError, setFormError] = useState('');
  const form = useForm({
    resolver: zodResolver(preview.accountExists ? existingAccountSchema : newAccountSchema),
    defaultValues: { name: '', password: '' },
  });
  const { errors } = form.formState;
  const mutation = useMutation({
    mutationFn: acceptInvitation,
    onSuccess: (session) => {
      const membership = session.memberships.find((m) => m.team.slug === preview.team.slug);
      router.replace(membership ? `/teams/${membership.team.id}/members` : '/');
    },
    onError: (error) => setFormError(applyApiError(error, form.setError, ['name', 'password'])),
  });

  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={form.handleSubmit((values) => {
        setFormError('');
        mutation.mutate({ token, password: values.password, name: preview.accountExists ? undefined : values.name });
      })}
    >
      <FormError message={formError} />
      <Field label="Email">{(control) => <Input {...control} type="email" value={preview.email} readOnly />}</Field>
      {!preview.accountExists && (
        <Field label="Your name" error={errors.name?.message}>
          {(control) => <Input {...control} autoComplete="name" autoFocus {...form.register('name')} />}
        </Field>
      )}
      <Field
        label="Password"
        error={errors.password?.message}
        hint={preview.accountExists ? 'The password of your existing Gantry account.' : 'At least 10 characters.'}
      >
        {(control) => (
          <Input
            {...control}
            type="password"
            autoComplete={preview.accountExists ? 'current-password' : 'new-password'}
            autoFocus={preview.accountExists}
            {...form.register('password')}
          />
        )}
      </Field>
      <Button type="submit" disabled={mutation.isPending || mutation.isSuccess}>
        {mutation.isPending ? 'Joining…' : preview.accountExists ? 'Sign in and join' : 'Create account and join'}
      </Button>
    </form>
  );
}
