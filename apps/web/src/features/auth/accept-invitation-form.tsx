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

// The token comes from the URL, not the form. This form only creates new accounts: someone who
// already has one signs in and joins (the API answers INVITATION_SIGN_IN_REQUIRED otherwise).
const newAccountSchema = acceptInvitationRequestSchema.omit({ token: true }).required({ name: true });

export function AcceptInvitationForm({ token, preview }: { token: string; preview: InvitationPreview }) {
  const router = useRouter();
  const [formError, setFormError] = useState('');
  const form = useForm({ resolver: zodResolver(newAccountSchema), defaultValues: { name: '', password: '' } });
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
        mutation.mutate({ token, password: values.password, name: values.name });
      })}
    >
      <FormError message={formError} />
      <Field label="Email">{(control) => <Input {...control} type="email" value={preview.email} readOnly />}</Field>
      <Field label="Your name" error={errors.name?.message}>
        {(control) => <Input {...control} autoComplete="name" autoFocus {...form.register('name')} />}
      </Field>
      <Field label="Password" error={errors.password?.message} hint="At least 10 characters.">
        {(control) => <Input {...control} type="password" autoComplete="new-password" {...form.register('password')} />}
      </Field>
      <Button type="submit" disabled={mutation.isPending || mutation.isSuccess}>
        {mutation.isPending ? 'Joining…' : 'Create account and join'}
      </Button>
    </form>
  );
}
