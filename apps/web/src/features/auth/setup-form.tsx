'use client';

import { setupRequestSchema } from '@gantry/contracts';
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
import { completeSetup } from './auth-api';

const emptyToUndefined = (value: string) => (value === '' ? undefined : value);

export function SetupForm() {
  const router = useRouter();
  const [formError, setFormError] = useState('');
  const form = useForm({
    resolver: zodResolver(setupRequestSchema),
    defaultValues: { name: '', email: '', password: '', teamName: '', teamSlug: undefined },
  });
  const { errors } = form.formState;
  const mutation = useMutation({
    mutationFn: completeSetup,
    onSuccess: (session) => {
      const team = session.memberships[0]?.team;
      router.replace(team ? `/teams/${team.id}/members` : '/');
    },
    onError: (error) => setFormError(applyApiError(error, form.setError, ['name', 'email', 'password', 'teamName', 'teamSlug'])),
  });

  return (
    <form
      noValidate
      className="grid gap-4"
      onSubmit={form.handleSubmit((values) => {
        setFormError('');
        mutation.mutate(values);
      })}
    >
      <FormError message={formError} />
      <Field label="Your name" error={errors.name?.message}>
        {(control) => <Input {...control} autoComplete="name" autoFocus {...form.register('name')} />}
      </Field>
      <Field label="Email" error={errors.email?.message}>
        {(control) => <Input {...control} type="email" autoComplete="username" {...form.register('email')} />}
      </Field>
      <Field label="Password" error={errors.password?.message} hint="At least 10 characters.">
        {(control) => <Input {...control} type="password" autoComplete="new-password" {...form.register('password')} />}
      </Field>
      <Field label="Team name" error={errors.teamName?.message}>
        {(control) => <Input {...control} autoComplete="organization" {...form.register('teamName')} />}
      </Field>
      <Field label="Team slug" error={errors.teamSlug?.message} hint="Optional. Lowercase letters, digits and dashes; derived from the name when empty.">
        {(control) => <Input {...control} {...form.register('teamSlug', { setValueAs: emptyToUndefined })} />}
      </Field>
      <Button type="submit" disabled={mutation.isPending || mutation.isSuccess}>
        {mutation.isPending ? 'Creating…' : 'Create owner and team'}
      </Button>
    </form>
  );
}
